//! Times the parts of the analysis on one sample release (a development aid).
use std::time::Instant;
use tamis_analysis::config::Settings;
use tamis_analysis::{check, email, phone, Context};

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(path).unwrap();
    let s = Settings::default();
    let n: u32 = std::env::args().nth(2).map_or(2000, |a| a.parse().unwrap());
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(email::scan(&text));
    }
    println!("email::scan {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(phone::scan(&text, &s));
    }
    println!("phone::scan {:?}", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(check(
            &text,
            Context {
                settings: &s,
                model: None,
            },
        ));
    }
    println!("check {:?}", t.elapsed() / n);
}
