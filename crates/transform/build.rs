//! One `#[test]` per folder of `fixtures/` for tests/fixtures.rs, named as
//! the folder (`-` as `_`), so that `cargo test -p fnwire_transform --test
//! fixtures s10_` runs the fixtures of section 10 alone. The library itself
//! reads nothing of this.

use std::path::Path;
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR").ok_or(io::ErrorKind::NotFound)?;
    let fixtures = Path::new(&manifest_dir).join("../../fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    // A copy of the crate without the repository's fixtures has no fixture tests.
    let mut names: Vec<String> = match fs::read_dir(&fixtures) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            // Multi-module apps, run by tests/graph.rs.
            .filter(|name| name != "graph")
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let mut tests = format!("const FIXTURE_NAMES: &[&str] = &{names:?};\n");
    for name in &names {
        let function: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        tests.push_str(&format!("\n#[test]\nfn {function}() {{\n    run_fixture({name:?});\n}}\n"));
    }
    let out_dir = env::var_os("OUT_DIR").ok_or(io::ErrorKind::NotFound)?;
    fs::write(Path::new(&out_dir).join("fixture_tests.rs"), tests)
}
