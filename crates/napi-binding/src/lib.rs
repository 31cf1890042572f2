//! The Node binding: converts JavaScript values to `fnwire_transform`'s types
//! and back. No rule lives here. A panic never reaches Node: it becomes an
//! error outcome.
//!
//! Outcomes cross as an array of strings, which the package's JavaScript
//! entry decodes (and turns into a result or a thrown error): building an
//! object property by property through napi cost more than compiling a
//! small module, while V8 parses a JSON string of the same data quickly.
//!
//! - `["ok", code, map ("" for none), serverFunctions as JSON, "server" | "inline", warnings]`:
//!   a server module, or a module with inline server functions
//! - `["unchanged", warnings]`: not a server module; the caller has its code
//!
//! `warnings` is `""` for none, else `[[rendered, …], [diagnostic, …]]` as JSON.
//! - `["options", message]`: an unknown option or a wrong type
//! - `["diagnostics", rendered, diagnostics as JSON]`
//! - `["internal", message]`: a bug in fnwire

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use fnwire_transform::{
    analyze_graph, diff_manifests, render_all, CompileOptions, Diagnostic, GraphInput, GraphOptions, GraphResult,
    ModuleOptions, OptionsError, TransformOptions, TransformOutput, MODULE_EXTENSIONS,
};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("results serialize")
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("[fnwire] internal error (a bug in fnwire, please report it): {reason}")
}

/// Runs `work`, turning a panic into an outcome instead of an abort.
fn guarded(work: impl FnOnce() -> Vec<String>) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| vec!["internal".into(), panic_message(panic)])
}

/// A transform's outcome (see the module's documentation).
fn outcome(result: Result<TransformOutput, Vec<Diagnostic>>) -> Vec<String> {
    match result {
        Ok(output) if !output.is_server_module && output.server_functions.is_empty() => {
            vec!["unchanged".into(), warnings(&output.warnings)]
        }
        Ok(output) => {
            let kind = if output.is_server_module { "server" } else { "inline" };
            let functions = json(&output.server_functions);
            let warnings = warnings(&output.warnings);
            vec!["ok".into(), output.code, output.map.unwrap_or_default(), functions, kind.into(), warnings]
        }
        Err(diagnostics) => vec!["diagnostics".into(), render_all(&diagnostics), json(&diagnostics)],
    }
}

/// A compiled module's warnings (FW008), rendered and as JSON; `""` for none.
fn warnings(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let rendered: Vec<String> = warnings.iter().map(Diagnostic::render).collect();
    json(&(rendered, warnings))
}

fn options_error(error: OptionsError) -> Vec<String> {
    vec!["options".into(), error.to_string()]
}

/// Work for libuv's thread pool, its outcome for the promise.
pub struct TransformTask {
    work: Option<Box<dyn FnOnce() -> Vec<String> + Send>>,
}

impl TransformTask {
    fn new(work: impl FnOnce() -> Vec<String> + Send + 'static) -> AsyncTask<TransformTask> {
        AsyncTask::new(TransformTask { work: Some(Box::new(work)) })
    }
}

impl Task for TransformTask {
    type Output = Vec<String>;
    type JsValue = Vec<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let work = self.work.take().expect("a task runs once");
        Ok(guarded(work))
    }

    fn resolve(&mut self, _env: Env, outcome: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(outcome)
    }
}

/// `["ok"]`, or `["options", message]` when `options` are not transform
/// options: for the JavaScript entry, which checks each distinct set once
/// and hands most modules back without a native call.
#[napi(catch_unwind)]
pub fn check_transform_options(options: serde_json::Value) -> Vec<String> {
    guarded(|| match TransformOptions::from_json(&options) {
        Ok(_) => vec!["ok".into()],
        Err(error) => options_error(error),
    })
}

/// `["ok", { manifest, serverModules, diagnostics } as JSON, each diagnostic
/// rendered (a JSON array of strings)]`, `["options", message]` or
/// `["internal", message]`.
#[napi(catch_unwind)]
pub fn analyze_graph_json(options: serde_json::Value) -> Vec<String> {
    guarded(|| match GraphOptions::from_json(&options) {
        Ok(options) => graph_outcome(&analyze_graph(&options)),
        Err(error) => options_error(error),
    })
}

/// `["ok", diff JSON]`, or `["error", message]` for what is not a manifest.
#[napi(catch_unwind)]
pub fn diff_manifests_json(old: serde_json::Value, new: serde_json::Value) -> Vec<String> {
    guarded(|| match diff_manifests(&old, &new, ["the old manifest", "the new manifest"]) {
        Ok(diff) => vec!["ok".into(), json(&diff)],
        Err(error) => vec!["error".into(), format!("[fnwire] diffManifests(): {}", error.message)],
    })
}

fn graph_outcome(result: &GraphResult) -> Vec<String> {
    let rendered: Vec<String> = result.diagnostics.iter().map(|diagnostic| diagnostic.render()).collect();
    vec!["ok".into(), json(result), json(&rendered)]
}

/// A compiler (`createCompiler`, and the stateless `transform` per set of
/// options): compile options checked once; modules given by file name,
/// target and source map flag, which the JavaScript entry has checked.
#[napi]
pub struct Compiler {
    inner: Arc<fnwire_transform::Compiler>,
}

#[napi]
impl Compiler {
    /// `keep`: keep each module's analysis for the graph analysis and both
    /// targets (an instance of `createCompiler`), or keep nothing (the
    /// stateless API's). Fails with the options error (the JavaScript entry
    /// throws it as a TypeError).
    #[napi(constructor)]
    pub fn new(options: serde_json::Value, keep: bool) -> napi::Result<Self> {
        let compile = CompileOptions::from_json(&options)
            .map_err(|error| napi::Error::new(napi::Status::InvalidArg, error.to_string()))?;
        let inner = if keep {
            fnwire_transform::Compiler::new(compile)
        } else {
            fnwire_transform::Compiler::stateless(compile)
        };
        Ok(Compiler { inner: Arc::new(inner) })
    }

    /// `["ok"]` or `["options", message]` for a transform's `{ filename, target, sourceMap?, buildId? }`.
    #[napi(catch_unwind)]
    pub fn check_options(&self, options: serde_json::Value) -> Vec<String> {
        guarded(|| match ModuleOptions::from_json(&options) {
            Ok(_) => vec!["ok".into()],
            Err(error) => options_error(error),
        })
    }

    #[napi(catch_unwind)]
    pub fn transform_sync(
        &self,
        code: String,
        filename: String,
        target: String,
        source_map: bool,
        build_id: Option<String>,
    ) -> Vec<String> {
        let compiler = self.inner.clone();
        guarded(move || compiler_transform(&compiler, &code, filename, &target, source_map, build_id))
    }

    #[napi(catch_unwind)]
    pub fn transform(
        &self,
        code: String,
        filename: String,
        target: String,
        source_map: bool,
        build_id: Option<String>,
    ) -> AsyncTask<TransformTask> {
        let compiler = self.inner.clone();
        TransformTask::new(move || compiler_transform(&compiler, &code, filename, &target, source_map, build_id))
    }

    /// As the free `analyzeGraphJson`, for `{ roots, server?, unresolvedImports? }`.
    #[napi(catch_unwind)]
    pub fn analyze_graph_json(&self, options: serde_json::Value) -> Vec<String> {
        guarded(|| match GraphInput::from_json(&options) {
            Ok(input) => graph_outcome(&self.inner.analyze_graph(input)),
            Err(error) => options_error(error),
        })
    }

    /// `[modules parsed for analysis, analyzed modules kept]`.
    #[napi]
    pub fn stats(&self) -> Vec<u32> {
        [self.inner.parses(), self.inner.kept()].map(|count| count as u32).to_vec()
    }
}

fn compiler_transform(
    compiler: &fnwire_transform::Compiler,
    code: &str,
    filename: String,
    target: &str,
    source_map: bool,
    build_id: Option<String>,
) -> Vec<String> {
    let target = match target.parse() {
        Ok(target) => target,
        Err(error) => return options_error(error),
    };
    outcome(compiler.transform(code, ModuleOptions { filename, target, source_map, build_id }))
}

/// The extensions of the module files the compiler reads, for the
/// JavaScript prefilter's test.
#[napi]
pub fn module_extensions() -> Vec<String> {
    MODULE_EXTENSIONS.iter().map(|(extension, _)| extension.to_string()).collect()
}
