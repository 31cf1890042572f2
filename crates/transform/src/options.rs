//! Options of the pass, and their validation from JSON (the Node binding's
//! options object and the Wasm plugin's config): an unknown option or a
//! wrong type is an error naming it.

use std::fmt;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::fn_id::module_path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Client,
    Server,
}

/// The module specifiers generated code imports its runtime from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeModules {
    pub client: String,
    pub server: String,
}

impl Default for RuntimeModules {
    fn default() -> Self {
        RuntimeModules { client: "fnwire/client".to_string(), server: "fnwire/server".to_string() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformOptions {
    /// The module's file name, absolute or relative to `root`; also the
    /// source map's source.
    pub filename: String,
    /// Ids and diagnostics use paths relative to it.
    pub root: PathBuf,
    pub target: Target,
    pub runtime: RuntimeModules,
    /// Fed to the id hash first, so ids cannot be guessed from paths.
    pub id_salt: Option<String>,
    pub source_map: bool,
}

impl TransformOptions {
    pub fn new(filename: impl Into<String>, root: impl Into<PathBuf>, target: Target) -> Self {
        TransformOptions {
            filename: filename.into(),
            root: root.into(),
            target,
            runtime: RuntimeModules::default(),
            id_salt: None,
            source_map: true,
        }
    }

    /// The file relative to the root, with `/`.
    pub fn module_path(&self) -> String {
        module_path(self.filename.as_ref(), &self.root)
    }

    /// The Node binding's options object: `{ filename, root?, target,
    /// runtime?: { client?, server? }, idSalt?, sourceMap? }`. `root`
    /// defaults to the working directory.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let mut reader = OptionReader::new(options, "options", "")?;
        let filename = reader.required_string("filename")?;
        let parsed = reader.common(filename, working_directory)?;
        let source_map = reader.optional_bool("sourceMap")?.unwrap_or(true);
        reader.finish(&["filename", "root", "target", "runtime", "idSalt", "sourceMap"])?;
        // A relative root is relative to the working directory, as in Node.
        let root = std::path::absolute(&parsed.root).unwrap_or(parsed.root.clone());
        Ok(TransformOptions { source_map, root, ..parsed })
    }

    /// The Wasm plugin's config: `{ root?, target, runtime?, idSalt? }`; the
    /// file name comes from the host, and `root` defaults to the host's
    /// working directory, `cwd`.
    pub fn from_plugin_json(config: &Value, filename: String, cwd: PathBuf) -> Result<Self, OptionsError> {
        let mut reader = OptionReader::new(config, "plugin config", "")?;
        let parsed = reader.common(filename, || Ok(cwd))?;
        reader.finish(&["root", "target", "runtime", "idSalt"])?;
        Ok(TransformOptions { source_map: false, ..parsed })
    }
}

/// The default `root` of the Node API: the process's working directory.
pub(crate) fn working_directory() -> Result<PathBuf, OptionsError> {
    std::env::current_dir().map_err(|error| OptionsError {
        message: format!("option `root` was not given and the working directory cannot be read: {error}"),
    })
}

/// An option that is unknown or of the wrong type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError {
    pub message: String,
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[fnwire] {}", self.message)
    }
}

impl std::error::Error for OptionsError {}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a JSON object's options one by one, then rejects the rest.
pub(crate) struct OptionReader<'a> {
    object: &'a Map<String, Value>,
    /// Prepended to keys in errors: "" at the top, "runtime." inside it.
    prefix: String,
}

impl<'a> OptionReader<'a> {
    /// `what` names the object in errors ("options", "option `runtime`").
    pub fn new(value: &'a Value, what: &str, prefix: &str) -> Result<Self, OptionsError> {
        match value {
            Value::Object(object) => Ok(OptionReader { object, prefix: prefix.to_string() }),
            other => Err(OptionsError { message: format!("{what} must be an object, got {}", type_name(other)) }),
        }
    }

    fn wrong_type(&self, key: &str, expected: &str, got: &Value) -> OptionsError {
        OptionsError { message: format!("option `{}{key}` must be {expected}, got {}", self.prefix, type_name(got)) }
    }

    /// The value of `key`, `None` when absent or null.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    pub fn optional_string(&mut self, key: &str) -> Result<Option<String>, OptionsError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    pub fn required_string(&mut self, key: &str) -> Result<String, OptionsError> {
        self.optional_string(key)?
            .ok_or_else(|| OptionsError { message: format!("option `{}{key}` is required (a string)", self.prefix) })
    }

    pub fn optional_bool(&mut self, key: &str) -> Result<Option<bool>, OptionsError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong_type(key, "a boolean", other)),
        }
    }

    pub fn required_string_array(&mut self, key: &str) -> Result<Vec<String>, OptionsError> {
        let expected = "an array of strings";
        match self.get(key) {
            None => Err(OptionsError { message: format!("option `{}{key}` is required ({expected})", self.prefix) }),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text.clone()),
                    other => Err(self.wrong_type(key, expected, other)),
                })
                .collect(),
            Some(other) => Err(self.wrong_type(key, expected, other)),
        }
    }

    /// `root`, or `default_root()` when it is not given.
    pub fn root(
        &mut self,
        default_root: impl FnOnce() -> Result<PathBuf, OptionsError>,
    ) -> Result<PathBuf, OptionsError> {
        match self.optional_string("root")? {
            Some(root) => Ok(PathBuf::from(root)),
            None => default_root(),
        }
    }

    /// The options the Node binding and the plugin share.
    fn common(
        &mut self,
        filename: String,
        default_root: impl FnOnce() -> Result<PathBuf, OptionsError>,
    ) -> Result<TransformOptions, OptionsError> {
        let root = self.root(default_root)?;
        let target = match self.get("target") {
            Some(Value::String(text)) if text == "client" => Target::Client,
            Some(Value::String(text)) if text == "server" => Target::Server,
            Some(Value::String(text)) => {
                return Err(OptionsError {
                    message: format!("option `target` must be \"client\" or \"server\", got {text:?}"),
                })
            }
            Some(other) => return Err(self.wrong_type("target", "\"client\" or \"server\"", other)),
            None => {
                return Err(OptionsError {
                    message: "option `target` is required (\"client\" or \"server\")".to_string(),
                })
            }
        };
        let mut runtime = RuntimeModules::default();
        if let Some(value) = self.get("runtime") {
            let mut nested = OptionReader::new(value, "option `runtime`", "runtime.")?;
            if let Some(client) = nested.optional_string("client")? {
                runtime.client = client;
            }
            if let Some(server) = nested.optional_string("server")? {
                runtime.server = server;
            }
            nested.finish(&["client", "server"])?;
        }
        let id_salt = self.optional_string("idSalt")?;
        Ok(TransformOptions { filename, root, target, runtime, id_salt, source_map: true })
    }

    /// Fails on the first key not in `known`.
    pub fn finish(self, known: &[&str]) -> Result<(), OptionsError> {
        match self.object.keys().find(|key| !known.contains(&key.as_str())) {
            None => Ok(()),
            Some(key) => Err(OptionsError {
                message: format!("unknown option `{}{key}` (known: {})", self.prefix, known.join(", ")),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn node_options_with_defaults() {
        let options =
            TransformOptions::from_json(&json!({ "filename": "a.ts", "root": "/app", "target": "client" })).unwrap();
        assert_eq!(options, TransformOptions::new("a.ts", "/app", Target::Client));
        let options = TransformOptions::from_json(&json!({
            "filename": "a.ts", "root": "/app", "target": "server",
            "runtime": { "client": "c", "server": "s" }, "idSalt": "salt", "sourceMap": false,
        }))
        .unwrap();
        assert_eq!(options.runtime, RuntimeModules { client: "c".into(), server: "s".into() });
        assert_eq!(
            (options.id_salt.as_deref(), options.source_map, options.target),
            (Some("salt"), false, Target::Server)
        );
    }

    #[test]
    fn unknown_options_and_wrong_types_are_named() {
        let error = |value| TransformOptions::from_json(&value).unwrap_err().to_string();
        let base = json!({ "filename": "a.ts", "root": "/app", "target": "client" });
        let with = |key: &str, value: serde_json::Value| {
            let mut options = base.clone();
            options[key] = value;
            options
        };
        assert!(error(with("sourcemap", json!(true))).contains("unknown option `sourcemap`"));
        assert!(error(with("target", json!("browser"))).contains("option `target` must be \"client\" or \"server\""));
        assert!(error(with("target", json!(1))).contains("option `target` must be"));
        assert!(error(with("idSalt", json!(5))).contains("option `idSalt` must be a string, got a number"));
        assert!(error(with("sourceMap", json!("yes"))).contains("option `sourceMap` must be a boolean"));
        assert!(error(with("runtime", json!("fnwire"))).contains("option `runtime` must be an object"));
        assert!(error(with("runtime", json!({ "browser": "x" }))).contains("unknown option `runtime.browser`"));
        assert!(error(with("runtime", json!({ "client": 1 }))).contains("option `runtime.client` must be a string"));
        assert!(error(json!({ "root": "/app", "target": "client" })).contains("option `filename` is required"));
        assert!(error(json!({ "filename": "a.ts" })).contains("option `target` is required"));
        assert!(error(json!("a.ts")).contains("options must be an object"));
        assert!(TransformOptions::from_json(&base).is_ok());
    }

    #[test]
    fn plugin_config_takes_no_filename() {
        let config = json!({ "root": "/app", "target": "server", "idSalt": "x" });
        let options = TransformOptions::from_plugin_json(&config, "/app/a.ts".into(), "/cwd".into()).unwrap();
        assert_eq!((options.filename.as_str(), options.id_salt.as_deref()), ("/app/a.ts", Some("x")));
        let options = TransformOptions::from_plugin_json(&json!({ "target": "client" }), "a.ts".into(), "/cwd".into());
        assert_eq!(options.unwrap().root, PathBuf::from("/cwd"));
        let error = TransformOptions::from_plugin_json(
            &json!({ "target": "client", "filename": "x" }),
            "a".into(),
            "/cwd".into(),
        );
        assert!(error.unwrap_err().to_string().contains("unknown option `filename`"));
    }
}
