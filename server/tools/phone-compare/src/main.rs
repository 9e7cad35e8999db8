//! The comparison with phonenumber's regex-cache as published on crates.io.

fn main() {
    phone_compare::main("phonenumber with regex-cache 0.2.1 as published");
}
