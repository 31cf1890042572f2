//! fnwire: compiles `"use server"` modules.
//!
//! A server module's exported functions become client stubs (target
//! `client`) or stay and are registered under stable ids (target
//! `server`). Data flows one way, and no module imports one that imports it
//! back (tests/imports.rs): `source` facts and the `prefilter` → `parse` →
//! `analysis` (`directive`, `exports`, `inline`, ids) → `prepare` (names)
//! → emit, either as text ([`transform`]) or as an SWC pass
//! ([`server_functions_pass`]). The steps hand each other the types of
//! `types`; a [`Compiler`] and the graph share prepared modules through
//! `cache`.

mod analysis;
mod cache;
mod compiler;
mod diagnostics;
mod directive;
mod emit;
mod exports;
mod fn_id;
mod function_ref;
mod graph;
mod inline;
mod messages;
mod names;
mod nesting;
mod options;
mod parse;
mod pass;
mod position;
mod prefilter;
mod prepare;
mod source;
mod stack;
mod transform;
mod types;

pub use compiler::Compiler;
pub use diagnostics::{render_all, to_json, Code, Diagnostic, Severity};
pub use fn_id::{build_id, fn_id, module_path};
pub use graph::{
    analyze_graph, diff_manifests, GraphResult, Manifest, ManifestDiff, ManifestFunction, ManifestReadError,
    ServerModuleEntry,
};
pub use options::{
    CompileOptions, Generators, GraphInput, GraphOptions, InlineFunctions, ModuleOptions, OptionsError, RuntimeModules,
    ServerFiles, Target, TransformOptions,
};
pub use parse::{decode_source, syntax_for};
pub use pass::{server_functions_pass, PassOutcome, ServerFunctionsPass};
pub use position::{Frame, LineColumn, Locate, SourceMapLocator};
pub use prefilter::needs_analysis;
pub use source::{is_module_extension, is_server_file_name, Language, MODULE_EXTENSIONS};
pub use transform::{transform, TransformOutput};
pub use types::{Method, ServerFunction};
