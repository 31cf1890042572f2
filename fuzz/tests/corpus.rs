//! Replays the kept corpus (seeds and inputs that once failed) through the
//! invariants, with the stable toolchain and without libFuzzer.

use std::fs;
use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};
use fnwire_fuzz::modules::GeneratedModule;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("seed-"))
        .map(|path| (path.display().to_string(), fs::read(&path).unwrap()))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn text_corpus_holds_the_invariants() {
    let inputs = inputs("text");
    assert!(inputs.len() > 40, "the fixture inputs are seeds");
    for (name, data) in inputs {
        let (first, text) = data.split_first().map_or((0, &data[..]), |(first, rest)| (*first, rest));
        let filename = ["src/a.ts", "src/a.tsx", "src/a.js", "src/a.server.ts", "src/a.mjs"][usize::from(first) % 5];
        eprintln!("{name}");
        fnwire_fuzz::check(&String::from_utf8_lossy(text), filename);
    }
}

#[test]
fn modules_corpus_holds_the_invariants() {
    let inputs = inputs("modules");
    assert!(!inputs.is_empty());
    for (name, data) in inputs {
        let module = GeneratedModule::arbitrary_take_rest(Unstructured::new(&data)).unwrap();
        eprintln!("{name}: {module:?}");
        fnwire_fuzz::check(&module.render(), module.filename());
    }
}
