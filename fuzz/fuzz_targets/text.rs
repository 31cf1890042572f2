//! Any text, as a server module or not, under several file names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, text) = data.split_first().map_or((0, data), |(first, rest)| (*first, rest));
    let filename = ["src/a.ts", "src/a.tsx", "src/a.js", "src/a.server.ts", "src/a.mjs"][usize::from(name) % 5];
    fnwire_fuzz::check(&String::from_utf8_lossy(text), filename);
});
