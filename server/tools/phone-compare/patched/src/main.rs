//! The comparison with tamis's patched regex-cache, the one tamis ships.

fn main() {
    phone_compare::main("phonenumber with tamis's patched regex-cache");
}
