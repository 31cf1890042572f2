//! The Node binding: converts JavaScript values to `fnwire_transform`'s types
//! and back. No rule lives here. A panic never reaches Node: it becomes an
//! error outcome.
//!
//! Outcomes cross as an array of strings, which the package's JavaScript
//! entry decodes (and turns into a result or a thrown error): building an
//! object property by property through napi cost more than compiling a
//! small module, while V8 parses a JSON string of the same data quickly.
//!
//! - `["ok", code, map ("" for none), serverFunctions as JSON]`
//! - `["unchanged"]`: not a server module; the caller has its code
//! - `["options", message]`: an unknown option or a wrong type
//! - `["diagnostics", rendered, diagnostics as JSON]`
//! - `["internal", message]`: a bug in fnwire

use std::panic::{catch_unwind, AssertUnwindSafe};

use fnwire_transform::{analyze_graph, render_all, GraphOptions, TransformOptions};
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

fn run_transform(code: &str, options: &serde_json::Value) -> Vec<String> {
    guarded(|| {
        let options = match TransformOptions::from_json(options) {
            Ok(options) => options,
            Err(error) => return vec!["options".into(), error.to_string()],
        };
        match fnwire_transform::transform(code, &options) {
            Ok(output) if !output.is_server_module => vec!["unchanged".into()],
            Ok(output) => {
                vec!["ok".into(), output.code, output.map.unwrap_or_default(), json(&output.server_functions)]
            }
            Err(diagnostics) => vec!["diagnostics".into(), render_all(&diagnostics), json(&diagnostics)],
        }
    })
}

#[napi(catch_unwind)]
pub fn transform_sync(code: String, options: serde_json::Value) -> Vec<String> {
    run_transform(&code, &options)
}

pub struct TransformTask {
    code: String,
    options: serde_json::Value,
}

impl Task for TransformTask {
    type Output = Vec<String>;
    type JsValue = Vec<String>;

    /// Runs on libuv's thread pool.
    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(run_transform(&self.code, &self.options))
    }

    fn resolve(&mut self, _env: Env, outcome: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(outcome)
    }
}

#[napi(catch_unwind)]
pub fn transform(code: String, options: serde_json::Value) -> AsyncTask<TransformTask> {
    AsyncTask::new(TransformTask { code, options })
}

/// `["ok", { manifest, serverModules, diagnostics } as JSON]`, `["options", message]`
/// or `["internal", message]`.
#[napi(catch_unwind)]
pub fn analyze_graph_json(options: serde_json::Value) -> Vec<String> {
    guarded(|| match GraphOptions::from_json(&options) {
        Ok(options) => vec!["ok".into(), json(&analyze_graph(&options))],
        Err(error) => vec!["options".into(), error.to_string()],
    })
}
