//! The generated corpus the benchmarks and profiling aids share.

/// A corpus of at least `bytes` bytes: the sample releases, each copy with its digits rotated
/// and a varied sentence, so that the body lines are not all boilerplate.
pub fn generate(bytes: usize) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0usize;
    while total < bytes {
        let seed = &seeds[i % seeds.len()];
        let shift = (i / seeds.len()) as u8;
        let varied: String = seed
            .chars()
            .map(|c| match c {
                '0'..='9' => (b'0' + (c as u8 - b'0' + shift) % 10) as char,
                c => c,
            })
            .collect();
        let doc = format!(
            "{varied}\nRelease {i} of the generated corpus, paragraph {}.\n",
            i * 7919 % 1000
        );
        total += doc.len();
        out.push(doc);
        i += 1;
    }
    out
}

/// The releases of a folder (the reference corpus, `../shared/corpus/iom-fr`, by default)
/// repeated up to at least `bytes` bytes, in name order; `None` when the folder is missing.
#[allow(dead_code)] // Not every benchmark that includes this file uses it.
pub fn repeated(dir: Option<&str>, bytes: usize) -> Option<Vec<String>> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/iom-fr");
    let mut paths: Vec<_> = std::fs::read_dir(dir.unwrap_or(default))
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    paths.sort();
    let files: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if files.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let d = files[out.len() % files.len()].clone();
        total += d.len();
        out.push(d);
    }
    Some(out)
}
