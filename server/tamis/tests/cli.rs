//! The release binary, driven as users' scripts drive it.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::{repo, shared};

fn tamis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tamis runs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        std::fs::copy(&p, &target).unwrap();
        let mut perms = std::fs::metadata(&target).unwrap().permissions();
        perms.set_mode(0o644);
        std::fs::set_permissions(&target, perms).unwrap();
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_json_has_the_documented_shape_and_exit_statuses() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&shared().join("corpus/iom-fr"), &dir.path().join("c"));
    let out = tamis(&["check", "c", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &findings[0];
    for key in [
        "path", "code", "severity", "message", "span", "range", "fix",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(
        first["range"]["start"],
        serde_json::json!({"line": 0, "character": 0})
    );
    let fix = &first["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert!(fix["edits"][0]["span"]["end"].as_u64().unwrap() > 0);
    assert!(fix["edits"][0].get("new_text").is_some());
    // A clean file: exit 0 and an empty array.
    std::fs::write(dir.path().join("clean.txt"), "Titre\nUn texte propre.\n").unwrap();
    let out = tamis(&["check", "clean.txt", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).trim(), "[]");
    // Usage errors: exit 2.
    assert_eq!(tamis(&["check"], dir.path()).status.code(), Some(2));
    assert_eq!(
        tamis(&["check", "--format", "xml", "c"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn utf16_columns_and_bom_in_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "\u{feff}😀 é Tel: +506 2212.5352\n",
    )
    .unwrap();
    let out = tamis(&["check", "a.txt", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = &v[0];
    assert_eq!(f["code"], "phone-malformed");
    // Bytes count the BOM (3) and the emoji (4); characters count UTF-16 units without the BOM.
    assert_eq!(f["span"]["start"], 3 + 4 + 1 + 2 + 1 + 5);
    assert_eq!(f["range"]["start"]["character"], 2 + 1 + 1 + 1 + 5);
}

#[test]
fn fix_rewrites_atomically_keeps_bytes_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/sample-corpus"), &dir.path().join("c"));
    let crlf = dir.path().join("c/es-02-taller-crlf.txt");
    let bom = dir.path().join("c/es-03-informe-bom.txt");
    std::fs::set_permissions(&crlf, std::fs::Permissions::from_mode(0o640)).unwrap();
    let bom_before = std::fs::read(&bom).unwrap();
    let diff = tamis(&["fix", "--diff", "c"], dir.path());
    assert_eq!(diff.status.code(), Some(1));
    assert!(stdout(&diff).contains("+E-mail: mobastien@horizon-migrations.org"));
    assert!(
        std::fs::read_to_string(&crlf)
            .unwrap()
            .contains("Correo:\r\njsalas"),
        "--diff wrote"
    );
    let out = tamis(&["fix", "c"], dir.path());
    assert!(stderr(&out).contains("Fixed"), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(&crlf).unwrap();
    assert!(
        fixed.contains("Correo: jsalas@redandina.org\r\n"),
        "{fixed:?}"
    );
    assert_eq!(fixed.matches('\n').count(), fixed.matches("\r\n").count());
    let mode = std::fs::metadata(&crlf).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        std::fs::read(&bom).unwrap(),
        bom_before,
        "a clean file was touched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("c"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".tamis-")
        })
        .collect();
    assert!(leftovers.is_empty());
    let snapshot: Vec<_> = std::fs::read_dir(dir.path().join("c"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let again = tamis(&["fix", "c"], dir.path());
    assert!(
        stderr(&again).contains("Fixed 0 findings in 0 files"),
        "{}",
        stderr(&again)
    );
    let after: Vec<_> = std::fs::read_dir(dir.path().join("c"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(snapshot, after);
}

#[test]
fn bad_input_is_reported_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    // UTF-8 (the `é`) with broken bytes: no other encoding reads it right.
    std::fs::write(c.join("a-invalid.txt"), b"Titr\xc3\xa9\nabc\xff\xfedef\n").unwrap();
    std::fs::write(c.join("b-binary.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(c.join("c-empty.txt"), b"").unwrap();
    std::fs::write(c.join("d-phone.txt"), "Tel: +506 2212.5352\n").unwrap();
    std::fs::write(c.join("e-unreadable.txt"), "x").unwrap();
    std::fs::set_permissions(
        c.join("e-unreadable.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let out = tamis(&["check", "c", "--format", "json"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a-invalid.txt: invalid UTF-8 at byte offset 10"),
        "{err}"
    );
    assert!(err.contains("b-binary.txt: skipped: binary file"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "the valid file is still checked"
    );
    // Running as root reads anything; otherwise the unreadable file is an error too.
    let _ = err.contains("e-unreadable.txt");
    // fix leaves every bad file as it was.
    let out = tamis(&["fix", "c"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(c.join("a-invalid.txt")).unwrap(),
        b"Titr\xc3\xa9\nabc\xff\xfedef\n"
    );
    assert_eq!(
        std::fs::read_to_string(c.join("d-phone.txt")).unwrap(),
        "Tel: +506 2212 5352\n"
    );
}

#[test]
fn files_in_other_encodings_are_read_reported_and_rewritten_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    let release = "Communiqué de presse\n\nGenève, le 3 mars 2021 — L'agence a mis en œuvre un programme d'été.\nContact : Hélène Dupré, Tél : +506 2212.5352\n";
    // Windows-1252 (œ is 0x9C there), Latin-1 (no œ), UTF-16 with a byte-order mark.
    let cp1252 = encoding_rs::WINDOWS_1252.encode(release).0.into_owned();
    let latin1_text = release.replace('œ', "oe");
    let latin1: Vec<u8> = latin1_text.chars().map(|c| c as u32 as u8).collect();
    let mut utf16 = vec![0xff, 0xfe];
    for u in release.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(c.join("cp1252.txt"), &cp1252).unwrap();
    std::fs::write(c.join("latin1.txt"), &latin1).unwrap();
    std::fs::write(c.join("utf16.txt"), &utf16).unwrap();
    let out = tamis(
        &["check", "c", "--format", "json", "--no-corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("cp1252.txt", &cp1252),
        ("latin1.txt", &latin1),
        ("utf16.txt", &utf16),
    ];
    for (name, bytes) in files {
        let of = |code: &str| {
            v.as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"].as_str().unwrap().ends_with(name) && f["code"] == code)
                .unwrap_or_else(|| panic!("{name}: no {code} in {v}"))
                .clone()
        };
        let enc = of("encoding-not-utf8");
        assert!(
            enc["message"].as_str().unwrap().contains("not UTF-8"),
            "{enc}"
        );
        // The phone finding's span is bytes of the file as it is on disk.
        let phone = of("phone-malformed");
        assert!(phone["encoding"].is_string(), "{phone}");
        let (start, end) = (
            phone["span"]["start"].as_u64().unwrap() as usize,
            phone["span"]["end"].as_u64().unwrap() as usize,
        );
        let written: Vec<u8> = if name == "utf16.txt" {
            "+506 2212.5352"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect()
        } else {
            b"+506 2212.5352".to_vec()
        };
        assert_eq!(&bytes[start..end], written.as_slice(), "{name}");
    }
    // fix rewrites each as UTF-8, with the other fixes applied.
    let out = tamis(&["fix", "c", "--no-corpus", "--unsafe-fixes"], dir.path());
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(c.join("cp1252.txt")).unwrap();
    assert_eq!(fixed, release.replace("+506 2212.5352", "+506 2212 5352"));
    let fixed = std::fs::read_to_string(c.join("utf16.txt")).unwrap();
    assert_eq!(fixed, release.replace("+506 2212.5352", "+506 2212 5352"));
    let fixed = std::fs::read_to_string(c.join("latin1.txt")).unwrap();
    assert!(
        fixed.contains("Genève") && fixed.contains("+506 2212 5352"),
        "{fixed}"
    );
}

#[test]
fn read_only_files_are_reported_and_left_intact() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ro.txt");
    std::fs::write(&f, "Tel: +506 2212.5352\n").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = tamis(&["fix", "ro.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "Tel: +506 2212.5352\n"
    );
}

#[test]
fn a_file_longer_than_the_analysis_reads_is_an_error_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    // 1 GiB of zeros, never written to disk (a sparse file): refused by its length, unread.
    let huge = std::fs::File::create(c.join("a-huge.txt")).unwrap();
    huge.set_len(1 << 30).unwrap();
    drop(huge);
    std::fs::write(c.join("b-phone.txt"), "Tel: +506 2212.5352\n").unwrap();
    for command in [
        &["check", "c", "--format", "json"][..],
        &["fix", "c", "--diff"],
    ] {
        let out = tamis(command, dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{command:?} {err}");
        assert!(
            err.contains("a-huge.txt: too large: its text is 1073741824 bytes; tamis reads texts of at most 1073741823 bytes"),
            "{command:?} {err}"
        );
        assert!(stdout(&out).contains("b-phone.txt"), "{command:?}");
    }
}

#[test]
fn configuration_is_found_upward_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus/sub");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        dir.path().join("tamis.toml"),
        "files = [\"*.release\"]\n[rules]\nphone-malformed = \"error\"\n[phone]\nformat = \"e164\"\n",
    )
    .unwrap();
    std::fs::write(c.join("a.release"), "Tel: +506 2212.5352\n").unwrap();
    std::fs::write(c.join("b.txt"), "Tel: +506 2212.5352\n").unwrap();
    let out = tamis(&["check", "corpus", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert!(v[0]["path"].as_str().unwrap().ends_with("a.release"));
    assert_eq!(v[0]["severity"], "error");
    assert_eq!(v[0]["fix"]["edits"][0]["new_text"], "+50622125352");
    std::fs::write(dir.path().join("tamis.toml"), "[rules]\nnope = \"off\"\n").unwrap();
    let out = tamis(&["check", "corpus"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown rule or family `nope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configuration_is_found_for_a_bare_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tamis.toml"),
        "[rules]\nphone-malformed = \"error\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Tel: +506 2212.5352\n").unwrap();
    for name in ["a.txt", "./a.txt"] {
        let out = tamis(&["check", name, "--format", "json"], dir.path());
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v[0]["severity"], "error", "{name}: {v}");
    }
}

#[test]
fn gitignore_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    std::fs::create_dir(dir.path().join("ignored")).unwrap();
    std::fs::write(dir.path().join("ignored/a.txt"), "Tel: +506 2212.5352\n").unwrap();
    let out = tamis(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn huge_files_and_huge_lines_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let release =
        std::fs::read_to_string(repo().join("tests/sample-corpus/fr-02-haiti-fonds.txt")).unwrap();
    let mut big = String::with_capacity(101 << 20);
    while big.len() < 100 << 20 {
        big.push_str(&release);
    }
    std::fs::write(dir.path().join("big.txt"), &big).unwrap();
    let line: String = "mot ".repeat(10 << 18) + "Tel: +506 2212.5352";
    std::fs::write(dir.path().join("line.txt"), &line).unwrap();
    let out = tamis(
        &[
            "check",
            "big.txt",
            "line.txt",
            "--no-corpus",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let in_line = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "line.txt")
        .count();
    assert_eq!(in_line, 1);
}

/// A dump of made-up French releases of more than `size` bytes, each with the artifacts that
/// the safe fixes mend (a phone number with a space after its `+`, a mail-link remnant, a
/// repeated line, an `&nbsp;`) and a site menu; the lines differ from release to release, as
/// in a real dump.
fn release_dump(size: usize) -> String {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        // xorshift64*
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    let cities = ["Genève", "Québec", "Montréal", "Niamey", "Lomé", "Bogotá"];
    let who = [
        "L'équipe régionale",
        "La déléguée",
        "Le comité d'évaluation",
    ];
    let what = [
        "un programme d'été consacré à la sécurité des déplacés",
        "les résultats d'une enquête auprès des ménages",
        "la réouverture d'un centre d'accueil près de la frontière",
        "une série d'ateliers mis en œuvre avec les agents de l'état civil",
    ];
    let mut dump = String::with_capacity(size + 4096);
    let mut k = 0;
    while dump.len() <= size {
        k += 1;
        dump.push_str("Accueil\nQui sommes-nous\nNos activités\nContact\n");
        dump.push_str(&format!(
            "Communiqué n° {k} - {}, le {} mars {}\n\n",
            cities[next(6)],
            1 + next(28),
            2015 + next(10)
        ));
        for _ in 0..1 + next(4) {
            let families = 20 + next(9000);
            let space = if next(5) == 0 { "&nbsp;" } else { " " };
            dump.push_str(&format!(
                "{} a présenté à {} {} ;{space}{families} familles ont reçu une aide.\n\n",
                who[next(3)],
                cities[next(6)],
                what[next(4)],
            ));
        }
        if next(3) == 0 {
            dump.push_str("Fin du communiqué.\nFin du communiqué.\n\n");
        }
        dump.push_str(&format!(
            "Contact : Hélène Dupré, Tél : + 509 3{:03} {:04}\nE-mail: \"mailto:presse{k}@exemple.org\">presse{k}@exemple.org\n\n",
            next(1000),
            next(10_000)
        ));
    }
    dump
}

/// What `tamis fix --no-corpus` makes of a text, the straightforward way: every rule run on the
/// whole text with `check`, the safe fixes applied, round after round (at most four, as the
/// fixer does): the text fixed, the fixes applied, the findings left.
fn fixed_by_rounds(text: &str) -> (String, usize, usize) {
    let settings = tamis_analysis::config::Settings::default();
    let cx = tamis_analysis::Context {
        settings: &settings,
        model: None,
    };
    let options = tamis_analysis::FixOptions {
        unsafe_fixes: false,
    };
    let (mut text, mut applied) = (text.to_string(), 0);
    let mut findings = tamis_analysis::check(&text, cx);
    for _ in 0..4 {
        let (next, n) = tamis_analysis::apply_fixes(&text, &findings, options);
        if n == 0 {
            break;
        }
        (text, applied) = (next, applied + n);
        findings = tamis_analysis::check(&text, cx);
    }
    (text, applied, findings.len())
}

/// `tamis fix` on files over 8 MiB, which it checks rule by rule (`check_apart`) and whose text
/// as it was it reads again from disk for the diff rather than keeping it (decoding it again
/// for a file in Windows-1252): the diff and the files written are those of the
/// straightforward fixing of the same text ([`fixed_by_rounds`], and `similar`'s diff), with
/// the same counts.
#[test]
fn files_over_eight_mebibytes_are_fixed_as_the_whole_text_by_rounds_of_check() {
    let text = release_dump(9 << 20);
    let (fixed, applied, left) = fixed_by_rounds(&text);
    // Every release has its artifacts fixed: the phone, the mail link and more.
    let releases = text.matches("Communiqué n° ").count();
    assert!(
        applied > 2 * releases,
        "{applied} fixes, {releases} releases"
    );
    assert!(!fixed.contains("mailto:") && !fixed.contains("+ 509"));
    let cp1252 = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    assert!(text.len().min(cp1252.len()) > 8 << 20);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b-cp1252.txt"), &cp1252).unwrap();
    let args = ["a.txt", "b-cp1252.txt", "--no-corpus"];
    let diff = tamis(&[&["fix", "--diff"][..], &args].concat(), dir.path());
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    let unified = |name: &str| {
        similar::TextDiff::from_lines(&text, &fixed)
            .unified_diff()
            .context_radius(2)
            .header(name, name)
            .to_string()
    };
    let want = unified("a.txt")
        + "# b-cp1252.txt: rewritten from windows-1252 to UTF-8\n"
        + &unified("b-cp1252.txt");
    // Compared by line, to show the first that differs rather than megabytes.
    let got = stdout(&diff);
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "line {}", i + 1);
    }
    assert_eq!(got.len(), want.len());
    // Both files' fixes and findings, and the conversion of the second.
    let counts = |verb: &str| {
        format!(
            "{verb} {} findings in 2 files; {} findings left",
            2 * applied + 1,
            2 * left
        )
    };
    assert!(
        stderr(&diff).contains(&counts("Would fix")),
        "{}",
        stderr(&diff)
    );
    let out = tamis(&[&["fix"][..], &args].concat(), dir.path());
    assert!(stderr(&out).contains(&counts("Fixed")), "{}", stderr(&out));
    for name in ["a.txt", "b-cp1252.txt"] {
        let written = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(written == fixed, "{name}: not the text fixed by rounds");
    }
}

/// `tamis check` on files over 8 MiB, which it checks as it writes their findings (the rules of
/// line scope part by part): the findings of the straightforward `check` of the whole text, in
/// its order, and a valid JSON array and summary when such a file has no finding, whatever the
/// files around it.
#[test]
fn files_over_eight_mebibytes_are_checked_as_the_whole_text() {
    let dump = release_dump(9 << 20);
    let words = [
        "programme",
        "région",
        "familles",
        "village",
        "équipe",
        "soutien",
    ];
    let mut clean = String::new();
    let mut k = 0usize;
    while clean.len() <= 9 << 20 {
        let w = |i: u32| words[k / 6usize.pow(i) % 6];
        clean.push_str(&format!(
            "Le {} et le {} ont aidé le {} avec le {} pendant le {} dans le {} du {}.\n",
            w(0),
            w(1),
            w(2),
            w(3),
            w(4),
            w(5),
            w(6)
        ));
        k += 1;
    }
    let small = "Contact : Tél : + 509 3456 7890\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-small.txt"), small).unwrap();
    std::fs::write(dir.path().join("b-clean.txt"), &clean).unwrap();
    std::fs::write(dir.path().join("c-dump.txt"), &dump).unwrap();
    std::fs::write(dir.path().join("d-small.txt"), small).unwrap();
    let settings = tamis_analysis::config::Settings::default();
    let cx = tamis_analysis::Context {
        settings: &settings,
        model: None,
    };
    let want = tamis_analysis::check(&dump, cx);
    assert!(tamis_analysis::check(&clean, cx).is_empty());
    assert!(want.len() > 1000);
    let names = ["a-small.txt", "b-clean.txt", "c-dump.txt", "d-small.txt"];
    let json = ["check", "--no-corpus", "--format", "json"];
    let out = tamis(&[&json[..], &names].concat(), dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let all = v.as_array().unwrap();
    let of = |name: &'static str| all.iter().filter(move |f| f["path"] == name);
    assert_eq!(of("a-small.txt").count(), 1);
    assert_eq!(of("d-small.txt").count(), 1);
    assert_eq!(of("b-clean.txt").count(), 0);
    let got: Vec<(&str, u64, u64)> = of("c-dump.txt")
        .map(|f| {
            let span = &f["span"];
            let (s, e) = (span["start"].as_u64(), span["end"].as_u64());
            (f["code"].as_str().unwrap(), s.unwrap(), e.unwrap())
        })
        .collect();
    let want: Vec<(&str, u64, u64)> = want
        .iter()
        .map(|f| (f.code, f.range.start as u64, f.range.end as u64))
        .collect();
    assert!(got == want, "{} findings, {} wanted", got.len(), want.len());
    // The clean file alone, first or last, and the summary for people.
    let alone = tamis(&[&json[..], &["b-clean.txt"]].concat(), dir.path());
    assert_eq!(stdout(&alone), "[]\n");
    let last = tamis(&[&json[..], &names[..2]].concat(), dir.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&last)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let human = tamis(
        &["check", "--no-corpus", "b-clean.txt", "d-small.txt"],
        dir.path(),
    );
    assert!(
        stdout(&human).contains("Found 1 finding in 1 of 2 files"),
        "{}",
        stdout(&human)
    );
}

/// Runs tamis with `input` on its standard input.
fn run_with_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from a thread: the output pipe must be drained meanwhile.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

#[test]
fn stdin_jsonl_streams_one_result_per_line_in_order() {
    let here = repo();
    let run = |args: &[&str], input: &str| run_with_stdin(args, &here, input.as_bytes());
    let mut input = String::new();
    for i in 0..3000 {
        let text = if i % 2 == 0 {
            "Tel: +506 2212.5352\n"
        } else {
            "Propre."
        };
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let out = run(&["check", "--stdin-jsonl"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3000);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], i);
        assert_eq!(
            l["findings"].as_array().unwrap().len(),
            usize::from(i % 2 == 0)
        );
    }
    let out = run(
        &["fix", "--stdin-jsonl"],
        "{\"id\": \"a\", \"text\": \"Tel: +506 2212.5352\"}\n[1]\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["text"], "Tel: +506 2212 5352");
    assert_eq!(lines[0]["changed"], true);
    assert_eq!(lines[1]["error"], "not a JSON object");
}

#[test]
fn stdin_jsonl_reports_a_line_that_is_not_utf8_and_goes_on() {
    let mut input = b"{\"id\": 1, \"text\": \"caf\xe9\"}\n".to_vec();
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"Tel: +506 2212.5352\"}\r\n");
    let out = run_with_stdin(&["check", "--stdin-jsonl"], &repo(), &input);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"], "input line 1: invalid UTF-8 at byte 22");
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(lines[1]["findings"][0]["code"], "phone-malformed");
}

/// The JSON line of one document of the sample corpus.
fn jsonl(docs: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, text) in docs {
        out.extend(
            serde_json::json!({"id": name, "text": text})
                .to_string()
                .into_bytes(),
        );
        out.push(b'\n');
    }
    out
}

#[test]
fn models_learned_per_shard_and_merged_equal_the_whole_corpus_model() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A corpus of 60 files in three shards (folders).
    let samples = common::corpus(&repo().join("tests/sample-corpus"));
    let mut docs = Vec::new();
    for i in 0..60 {
        let (name, text) = &samples[i % samples.len()];
        let shard = d.join(format!("corpus/shard-{}", i % 3));
        std::fs::create_dir_all(&shard).unwrap();
        let text = text.replacen('\n', &format!(" ({i})\n"), 1);
        std::fs::write(shard.join(format!("{i:02}-{name}")), &text).unwrap();
        docs.push((format!("{i}"), text));
    }
    let learn = |args: &[&str]| {
        let out = tamis(args, d);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    learn(&["learn", "corpus", "-o", "whole.model"]);
    for s in 0..3 {
        learn(&[
            "learn",
            &format!("corpus/shard-{s}"),
            "-o",
            &format!("{s}.model"),
        ]);
    }
    learn(&[
        "learn",
        "--merge",
        "0.model",
        "1.model",
        "2.model",
        "-o",
        "merged.model",
    ]);
    let whole = std::fs::read(d.join("whole.model")).unwrap();
    assert_eq!(whole, std::fs::read(d.join("merged.model")).unwrap());
    assert!(
        whole.len() > 28 + 12 * 50,
        "a model of {} bytes",
        whole.len()
    );

    // The same through standard input, as a distributed job's partitions learn: one JSON line per
    // partition, merged from a file of those lines.
    let mut parts = Vec::new();
    for chunk in docs.chunks(25) {
        let out = run_with_stdin(&["learn", "--stdin-jsonl"], d, &jsonl(chunk));
        assert!(out.status.success(), "{}", stderr(&out));
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(line["documents"], chunk.len());
        parts.extend(out.stdout);
    }
    std::fs::write(d.join("parts.jsonl"), &parts).unwrap();
    learn(&["learn", "--merge", "parts.jsonl", "-o", "from-stdin.model"]);
    assert_eq!(whole, std::fs::read(d.join("from-stdin.model")).unwrap());
    // And with `-o`, a binary model straight away.
    let out = run_with_stdin(
        &["learn", "--stdin-jsonl", "-o", "one.model"],
        d,
        &jsonl(&docs),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(whole, std::fs::read(d.join("one.model")).unwrap());

    // Foreign and corrupt inputs to --merge are refused with the file named.
    std::fs::write(d.join("foreign.model"), b"PK\x03\x04 not a model").unwrap();
    std::fs::write(d.join("bad.jsonl"), b"{\"model\": \"###\"}\n").unwrap();
    for (file, why) in [
        ("foreign.model", "not a tamis model"),
        ("bad.jsonl", "not base64"),
    ] {
        let out = tamis(&["learn", "--merge", file, "-o", "x.model"], d);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains(file) && stderr(&out).contains(why),
            "{}",
            stderr(&out)
        );
    }
    assert!(!d.join("x.model").exists());
}

#[test]
fn rules_lists_the_rules_and_prints_one_rules_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let out = tamis(&["rules"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("rules_list", stdout(&out));

    let out = tamis(&["rules", "phone-malformed"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("rules_phone_malformed", stdout(&out));

    // A family lists its rules, in the list's format.
    let out = tamis(&["rules", "email"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&out);
    let codes: Vec<&str> = list.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "email-html-remnant",
            "email-protected-placeholder",
            "email-anchor-mismatch",
            "email-mailto-prefix",
            "email-obfuscated",
            "email-invalid",
            "email-confusable",
            "email-label-split",
            "email-missing"
        ]
    );

    // An unknown name is a usage error, named.
    for name in ["phone-nope", "wrap"] {
        let out = tamis(&["rules", name], dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(stdout(&out).is_empty());
        assert!(
            stderr(&out).contains(&format!("unknown rule or family `{name}`")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn rules_as_json_describe_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = tamis(&["rules", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = rules.as_array().unwrap();
    let listed = stdout(&tamis(&["rules"], dir.path()));
    let codes: Vec<&str> = listed
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        rules
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect::<Vec<_>>(),
        codes
    );
    for rule in rules {
        let keys: Vec<&str> = rule
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "code",
                "family",
                "severity",
                "other_severity",
                "fix",
                "fix_safety",
                "scope",
                "summary",
                "doc"
            ]
        );
        assert!(rule["doc"]
            .as_str()
            .unwrap()
            .starts_with("## What it does\n"));
    }
    let by_code = |code: &str| {
        let mut rule = rules.iter().find(|r| r["code"] == code).unwrap().clone();
        rule.as_object_mut().unwrap().remove("doc");
        rule
    };
    assert_eq!(
        by_code("phone-malformed"),
        serde_json::json!({
            "code": "phone-malformed",
            "family": "phone",
            "severity": "warning",
            "other_severity": null,
            "fix": "always",
            "fix_safety": "safe",
            "scope": "lines",
            "summary": "a valid phone number written in a broken way",
        })
    );
    let lost = by_code("lost-character");
    assert_eq!(
        (&lost["severity"], &lost["other_severity"]["severity"]),
        (&serde_json::json!("warning"), &serde_json::json!("info"))
    );
    assert_eq!(
        (&lost["fix"], &lost["fix_safety"]),
        (&"sometimes".into(), &"safe".into())
    );
    let mismatch = by_code("email-anchor-mismatch");
    assert_eq!(
        (&mismatch["fix"], &mismatch["fix_safety"]),
        (&"never".into(), &serde_json::Value::Null)
    );
    assert_eq!(by_code("hard-wrap")["family"], "hard");

    // One rule, or one family, as JSON.
    let out = tamis(&["rules", "mojibake", "--format", "json"], dir.path());
    let one: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["code"], "mojibake");
    let out = tamis(&["rules", "phone", "--format", "json"], dir.path());
    let family: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(family.as_array().unwrap().len(), 5);
}

/// The numbers of `tamis fix` reconcile with those of `tamis check`: the findings check reports
/// are those fixed, those that went with deleted text and those without a fix that applies.
#[test]
fn fix_summary_reconciles_with_the_findings_of_check() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/sample-corpus"), &dir.path().join("s"));
    copy_dir(&shared().join("corpus/iom-fr"), &dir.path().join("s/iom"));
    let check = tamis(&["check", "s", "--format", "json"], dir.path());
    let found = serde_json::from_str::<serde_json::Value>(&stdout(&check))
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    for args in [
        &["fix", "--diff", "s"][..],
        &["fix", "--diff", "--unsafe-fixes", "s"],
    ] {
        let err = stderr(&tamis(args, dir.path()));
        let line = err
            .lines()
            .find(|l| l.starts_with("Of the "))
            .unwrap_or_else(|| panic!("no tally in {err}"));
        let numbers: Vec<usize> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        let [total, fixed, removed, unfixed, _later] = numbers[..] else {
            panic!("five numbers expected in {line}");
        };
        assert_eq!(total, found, "{line}");
        assert_eq!(fixed + removed + unfixed, total, "{line}");
        assert!(fixed > 0 && unfixed > 0, "{line}");
    }
}
