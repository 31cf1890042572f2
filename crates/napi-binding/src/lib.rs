//! The Node binding: converts JavaScript values to `fnwire_transform`'s types
//! and back. No rule lives here. Each call returns an outcome object; the
//! package's JavaScript entry turns a failed outcome into a thrown error.
//! A panic never reaches Node: it becomes an error outcome.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[napi(object)]
pub struct ServerFunction {
    pub fn_id: String,
    pub fn_name: String,
    pub export_name: String,
    pub local_name: String,
    pub arity: Option<u32>,
    pub line: u32,
    pub column: u32,
}

#[napi(object)]
pub struct TransformResult {
    /// `None` for a module that passes through: the caller has its code.
    pub code: Option<String>,
    pub map: Option<String>,
    pub is_server_module: bool,
    pub server_functions: Vec<ServerFunction>,
}

#[napi(object)]
pub struct Diagnostic {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// Exactly one of `result`, `optionsError`, `diagnostics` (with `rendered`)
/// or `internalError` is set.
#[napi(object)]
pub struct TransformOutcome {
    pub result: Option<TransformResult>,
    pub options_error: Option<String>,
    pub diagnostics: Option<Vec<Diagnostic>>,
    pub rendered: Option<String>,
    pub internal_error: Option<String>,
}

enum Outcome {
    Transformed(fnwire_transform::TransformOutput),
    InvalidOptions(String),
    Failed(Vec<fnwire_transform::Diagnostic>),
    Panicked(String),
}

impl TransformOutcome {
    fn empty() -> Self {
        TransformOutcome { result: None, options_error: None, diagnostics: None, rendered: None, internal_error: None }
    }
}

fn convert_function(function: fnwire_transform::ServerFunction) -> ServerFunction {
    ServerFunction {
        fn_id: function.fn_id,
        fn_name: function.fn_name,
        export_name: function.export_name,
        local_name: function.local_name,
        arity: function.arity,
        line: function.line,
        column: function.column,
    }
}

pub(crate) fn convert_diagnostics(diagnostics: &[fnwire_transform::Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| Diagnostic {
            code: diagnostic.code.as_str().to_string(),
            severity: "error".to_string(),
            message: diagnostic.message.clone(),
            file: diagnostic.file.clone(),
            line: diagnostic.line,
            column: diagnostic.column,
        })
        .collect()
}

impl From<Outcome> for TransformOutcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Transformed(output) => TransformOutcome {
                result: Some(TransformResult {
                    code: output.is_server_module.then_some(output.code),
                    map: output.map,
                    is_server_module: output.is_server_module,
                    server_functions: output.server_functions.into_iter().map(convert_function).collect(),
                }),
                ..TransformOutcome::empty()
            },
            Outcome::InvalidOptions(message) => {
                TransformOutcome { options_error: Some(message), ..TransformOutcome::empty() }
            }
            Outcome::Failed(diagnostics) => TransformOutcome {
                rendered: Some(fnwire_transform::render_all(&diagnostics)),
                diagnostics: Some(convert_diagnostics(&diagnostics)),
                ..TransformOutcome::empty()
            },
            Outcome::Panicked(message) => {
                TransformOutcome { internal_error: Some(message), ..TransformOutcome::empty() }
            }
        }
    }
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
fn guarded(work: impl FnOnce() -> Outcome) -> Outcome {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| Outcome::Panicked(panic_message(panic)))
}

fn run_transform(code: &str, options: &serde_json::Value) -> Outcome {
    guarded(|| match fnwire_transform::TransformOptions::from_json(options) {
        Err(error) => Outcome::InvalidOptions(error.to_string()),
        Ok(options) => match fnwire_transform::transform(code, &options) {
            Ok(output) => Outcome::Transformed(output),
            Err(diagnostics) => Outcome::Failed(diagnostics),
        },
    })
}

#[napi(catch_unwind)]
pub fn transform_sync(code: String, options: serde_json::Value) -> TransformOutcome {
    run_transform(&code, &options).into()
}

pub struct TransformTask {
    code: String,
    options: serde_json::Value,
}

impl Task for TransformTask {
    type Output = TransformOutcome;
    type JsValue = TransformOutcome;

    /// Runs on libuv's thread pool.
    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(run_transform(&self.code, &self.options).into())
    }

    fn resolve(&mut self, _env: Env, outcome: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(outcome)
    }
}

#[napi(catch_unwind)]
pub fn transform(code: String, options: serde_json::Value) -> AsyncTask<TransformTask> {
    AsyncTask::new(TransformTask { code, options })
}

/// Exactly one of `result`, `optionsError` or `internalError` is set.
#[napi(object)]
pub struct GraphOutcome {
    /// `{ manifest, serverModules, diagnostics }`
    pub result: Option<serde_json::Value>,
    pub options_error: Option<String>,
    pub internal_error: Option<String>,
}

#[napi(catch_unwind)]
pub fn analyze_graph(options: serde_json::Value) -> GraphOutcome {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        fnwire_transform::GraphOptions::from_json(&options).map(|options| fnwire_transform::analyze_graph(&options))
    }));
    match outcome {
        Ok(Ok(result)) => GraphOutcome {
            result: Some(serde_json::to_value(&result).expect("the result serializes")),
            options_error: None,
            internal_error: None,
        },
        Ok(Err(error)) => GraphOutcome { result: None, options_error: Some(error.to_string()), internal_error: None },
        Err(panic) => GraphOutcome { result: None, options_error: None, internal_error: Some(panic_message(panic)) },
    }
}
