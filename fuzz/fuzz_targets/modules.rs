//! Server modules built from export forms (see `fnwire_fuzz::modules`).
#![no_main]

use fnwire_fuzz::modules::GeneratedModule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|module: GeneratedModule| {
    fnwire_fuzz::check(&module.render(), module.filename());
});
