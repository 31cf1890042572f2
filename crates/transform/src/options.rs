//! Every option of every host, each defined once. serde reads them from the
//! Node binding's objects, the Wasm plugin's config and the graph options;
//! clap reads the same types from the command line (feature `cli`). An
//! unknown option or a wrong type is an error naming it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, Expected, IntoDeserializer, Unexpected, Visitor};
use serde::{forward_to_deserialize_any, Deserialize};
use serde_json::{Map, Value};

use crate::diagnostics::Severity;
use crate::fn_id::module_path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Client,
    Server,
}

impl std::str::FromStr for Target {
    type Err = OptionsError;

    /// A target by its name, as a host that passes it alone gives it.
    fn from_str(name: &str) -> Result<Self, OptionsError> {
        let deserializer = serde::de::value::StrDeserializer::<ReadError>::new(name);
        Target::deserialize(deserializer).map_err(|error| error.explain("target", "a string"))
    }
}

/// How a `*.server.*` file without the directive is read (SPEC section 9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ServerFiles {
    /// FW003: the name promises a server module, the directive must say so.
    #[default]
    Directive,
    /// Compiled as if it had the directive.
    Implicit,
}

/// What an inline `"use server"` function outside a server module is
/// (SPEC sections 9 and 10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum InlineFunctions {
    /// FW006.
    #[default]
    Error,
    /// Hoisted on the server, a bound stub on the client.
    Hoist,
}

/// What an exported `async function*` is (section 14).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Generators {
    /// FW014, as for any generator.
    #[default]
    Error,
    /// A server function whose calls stream its yields; sync generators stay FW014.
    Stream,
}

/// The module specifiers generated code imports its runtime from.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default, deny_unknown_fields, expecting = "an object")]
pub struct RuntimeModules {
    /// The client runtime's module specifier.
    #[cfg_attr(
        feature = "cli",
        arg(long = "runtime-client", value_name = "SPECIFIER", default_value = "fnwire/client")
    )]
    pub client: String,
    /// The server runtime's module specifier.
    #[cfg_attr(
        feature = "cli",
        arg(long = "runtime-server", value_name = "SPECIFIER", default_value = "fnwire/server")
    )]
    pub server: String,
}

impl Default for RuntimeModules {
    fn default() -> Self {
        RuntimeModules { client: "fnwire/client".to_string(), server: "fnwire/server".to_string() }
    }
}

/// How modules are compiled: what every host passes, whether it compiles one
/// module or analyzes a graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default, rename_all = "camelCase")]
pub struct CompileOptions {
    /// Ids and diagnostics use paths relative to this directory [default: the working directory].
    #[cfg_attr(feature = "cli", arg(long))]
    pub root: Option<PathBuf>,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub runtime: RuntimeModules,
    /// Fed to the id hash first, so ids cannot be guessed from source paths.
    #[cfg_attr(feature = "cli", arg(long))]
    pub id_salt: Option<String>,
    /// A `const` initialized by a call (`action(schema, fn)`, `cache(fn)`) is a server function.
    #[cfg_attr(feature = "cli", arg(long))]
    pub wrapped_exports: bool,
    /// A default-exported function is the server function `default`.
    #[cfg_attr(feature = "cli", arg(long))]
    pub default_export: bool,
    /// `implicit`: a `*.server.*` file is a server module without the directive.
    #[cfg_attr(feature = "cli", arg(long, value_enum, value_name = "MODE", default_value = "directive"))]
    pub server_files: ServerFiles,
    /// `hoist`: inline "use server" functions compile instead of failing with FW006.
    #[cfg_attr(feature = "cli", arg(long, value_enum, value_name = "MODE", default_value = "error"))]
    pub inline_functions: InlineFunctions,
    /// `stream`: an exported (or inline) `async function*` is a server function whose calls stream its yields.
    #[cfg_attr(feature = "cli", arg(long, value_enum, value_name = "MODE", default_value = "error"))]
    pub generators: Generators,
}

impl CompileOptions {
    /// The root in use: as given, else the working directory of the host.
    pub fn root(&self) -> &Path {
        self.root.as_deref().unwrap_or(Path::new(""))
    }
}

/// What one call of the Node API's transform says about its module.
#[derive(Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[derive(Default)]
struct ModuleJson {
    filename: Option<String>,
    source_map: Option<bool>,
}

/// The build a client transform's stubs belong to (section 16): they send it with every call.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct BuildJson {
    build_id: Option<String>,
}

/// The target, which a transform needs and a graph analysis does not.
#[derive(Default, Deserialize)]
#[serde(default)]
struct TargetJson {
    target: Option<Target>,
}

/// What a graph analysis says beside [`CompileOptions`].
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct GraphJson {
    roots: Option<Vec<String>>,
    server: Option<bool>,
    unresolved_imports: Option<Severity>,
}

impl CompileOptions {
    /// A compiler instance's options object (the Node API's `createCompiler`):
    /// only [`CompileOptions`]; a relative or missing `root` is taken against
    /// the working directory.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(options, "options")?;
        object.reject_unknown(&[], true)?;
        object.compile_options()
    }
}

/// What one transform says about the module it compiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleOptions {
    pub filename: String,
    pub target: Target,
    pub source_map: bool,
    /// The build the client stubs belong to (section 16), which they name on every call.
    pub build_id: Option<String>,
}

impl ModuleOptions {
    /// A compiler instance's transform options: `{ filename, target, sourceMap?, buildId? }`.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(options, "options")?;
        object.reject_unknown(
            &[field_names::<ModuleJson>(), field_names::<TargetJson>(), field_names::<BuildJson>()],
            false,
        )?;
        object.module_options()
    }
}

/// What one graph analysis says beside [`CompileOptions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphInput {
    /// Entry modules (app, page and server entries), relative to the root or absolute.
    pub roots: Vec<String>,
    /// With `false`, any reachable server module is an error (FW020).
    pub server: bool,
    /// What an import that cannot be resolved (FW022) is: an error, or a
    /// warning for a host whose bundler resolves more than the graph does
    /// (Vite aliases).
    pub unresolved_imports: Severity,
}

impl GraphInput {
    /// A compiler instance's graph options: `{ roots, server?, unresolvedImports? }`.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(options, "options")?;
        object.reject_unknown(&[field_names::<GraphJson>()], false)?;
        object.graph_input()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransformOptions {
    /// The module's file name, absolute or relative to the root; also the
    /// source map's source.
    pub filename: String,
    pub target: Target,
    pub source_map: bool,
    /// See [`ModuleOptions::build_id`].
    pub build_id: Option<String>,
    pub compile: CompileOptions,
}

impl TransformOptions {
    pub fn new(filename: impl Into<String>, root: impl Into<PathBuf>, target: Target) -> Self {
        let compile = CompileOptions { root: Some(root.into()), ..CompileOptions::default() };
        TransformOptions { filename: filename.into(), target, source_map: true, build_id: None, compile }
    }

    /// The file relative to the root, with `/`.
    pub fn module_path(&self) -> String {
        module_path(self.filename.as_ref(), self.compile.root())
    }

    /// The Node binding's options object: [`ModuleOptions`]' and
    /// [`CompileOptions`]'. A relative or missing `root` is taken against
    /// the working directory, as in Node.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(options, "options")?;
        object.reject_unknown(
            &[field_names::<ModuleJson>(), field_names::<TargetJson>(), field_names::<BuildJson>()],
            true,
        )?;
        let ModuleOptions { filename, target, source_map, build_id } = object.module_options()?;
        Ok(TransformOptions { filename, target, source_map, build_id, compile: object.compile_options()? })
    }

    /// The Wasm plugin's config: `{ target, buildId? }` and [`CompileOptions`]; the
    /// file name comes from the host, and `root` defaults to the host's
    /// working directory, `cwd`.
    pub fn from_plugin_json(config: &Value, filename: String, cwd: PathBuf) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(config, "plugin config")?;
        object.reject_unknown(&[field_names::<TargetJson>(), field_names::<BuildJson>()], true)?;
        let target = object.target()?;
        let build_id = object.build_id()?;
        let mut compile: CompileOptions = object.read()?;
        compile.root.get_or_insert(cwd);
        Ok(TransformOptions { filename, target, source_map: false, build_id, compile })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphOptions {
    /// Entry modules (app, page and server entries), relative to the root or absolute.
    pub roots: Vec<String>,
    /// With `false`, any reachable server module is an error (FW020).
    pub server: bool,
    /// See [`GraphInput::unresolved_imports`].
    pub unresolved_imports: Severity,
    pub compile: CompileOptions,
}

impl GraphOptions {
    pub fn new(root: impl Into<PathBuf>, roots: Vec<String>) -> Self {
        let compile = CompileOptions { root: Some(root.into()), ..CompileOptions::default() };
        GraphOptions { roots, server: true, unresolved_imports: Severity::Error, compile }
    }

    /// The Node binding's options: [`GraphInput`]'s and [`CompileOptions`]'.
    /// `root` defaults to the working directory.
    pub fn from_json(options: &Value) -> Result<Self, OptionsError> {
        let object = OptionsObject::new(options, "options")?;
        object.reject_unknown(&[field_names::<GraphJson>()], true)?;
        let GraphInput { roots, server, unresolved_imports } = object.graph_input()?;
        Ok(GraphOptions { roots, server, unresolved_imports, compile: object.compile_options()? })
    }
}

/// `root` made absolute against the working directory; the working
/// directory itself when it is not given.
fn against_working_directory(root: Option<PathBuf>) -> Result<PathBuf, OptionsError> {
    let resolved = match &root {
        Some(root) => std::path::absolute(root),
        None => std::env::current_dir(),
    };
    resolved.map_err(|error| OptionsError {
        message: format!("option `root` cannot be resolved against the working directory: {error}"),
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

fn required<T>(value: Option<T>, key: &str, expected: &str) -> Result<T, OptionsError> {
    value.ok_or_else(|| OptionsError { message: format!("option `{key}` is required ({expected})") })
}

/// The option names serde reads for `T`.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    serde_aux::serde_introspection::serde_introspect::<T>()
}

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

/// A JSON options object, read by several option types at once: each takes
/// its own keys, [`CompileOptions`] always among them.
struct OptionsObject {
    /// `null` values dropped: a key set to null counts as not given.
    value: Value,
}

impl OptionsObject {
    /// `what` names the object in errors ("options", "plugin config").
    fn new(value: &Value, what: &str) -> Result<Self, OptionsError> {
        match value {
            Value::Object(object) => Ok(OptionsObject { value: Value::Object(without_nulls(object)) }),
            other => Err(OptionsError { message: format!("{what} must be an object, got {}", type_name(other)) }),
        }
    }

    /// Fails on the first key that none of `host_fields` reads (nor
    /// [`CompileOptions`], `with_compile`).
    fn reject_unknown(&self, host_fields: &[&[&str]], with_compile: bool) -> Result<(), OptionsError> {
        let compile = with_compile.then(field_names::<CompileOptions>);
        let known: Vec<&str> = host_fields.iter().copied().chain(compile).flatten().copied().collect();
        let Value::Object(object) = &self.value else { unreachable!("checked by new") };
        match object.keys().find(|key| !known.contains(&key.as_str())) {
            None => Ok(()),
            Some(key) => Err(unknown_option(key, &known)),
        }
    }

    fn target(&self) -> Result<Target, OptionsError> {
        required(self.read::<TargetJson>()?.target, "target", "\"client\" or \"server\"")
    }

    fn module_options(&self) -> Result<ModuleOptions, OptionsError> {
        let module: ModuleJson = self.read()?;
        let target = self.target()?;
        let filename = required(module.filename, "filename", "a string")?;
        Ok(ModuleOptions {
            filename,
            target,
            source_map: module.source_map.unwrap_or(true),
            build_id: self.build_id()?,
        })
    }

    fn build_id(&self) -> Result<Option<String>, OptionsError> {
        match self.read::<BuildJson>()?.build_id {
            Some(id) if id.is_empty() => {
                Err(OptionsError { message: "option `buildId` must be the build's id, a non-empty string".to_string() })
            }
            build_id => Ok(build_id),
        }
    }

    fn graph_input(&self) -> Result<GraphInput, OptionsError> {
        let graph: GraphJson = self.read()?;
        Ok(GraphInput {
            roots: required(graph.roots, "roots", "an array of strings")?,
            server: graph.server.unwrap_or(true),
            unresolved_imports: graph.unresolved_imports.unwrap_or(Severity::Error),
        })
    }

    /// [`CompileOptions`], `root` taken against the working directory, as in Node.
    fn compile_options(&self) -> Result<CompileOptions, OptionsError> {
        let mut compile: CompileOptions = self.read()?;
        compile.root = Some(against_working_directory(compile.root.take())?);
        Ok(compile)
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, OptionsError> {
        serde_path_to_error::deserialize(JsonValue(&self.value)).map_err(|error| {
            let path = error.path().clone();
            let got = pointer(&self.value, &path).map(type_name).unwrap_or("nothing");
            match array_of(&path) {
                // An item of a list: the list is the option.
                Some(list) => {
                    OptionsError { message: format!("option `{list}` must be an array of strings, got {got}") }
                }
                None => error.into_inner().explain(&path.to_string(), got),
            }
        })
    }
}

/// What serde could not read, as data: each option type's own values and
/// fields, and what this reader expected, never serde's English to re-read.
#[derive(Debug)]
enum ReadError {
    /// A value of another type than the one expected.
    WrongType(String),
    /// A named value (an enum) given something other than a string.
    NotOneOf(&'static [&'static str]),
    UnknownValue {
        value: String,
        known: &'static [&'static str],
    },
    /// Only nested objects (`runtime`) deny unknown fields themselves.
    UnknownField {
        known: &'static [&'static str],
    },
    Other(String),
}

impl ReadError {
    /// In the words of every other option error: the option by its path
    /// (`runtime.client`), what it must be, and what it is (`got`).
    fn explain(self, path: &str, got: &str) -> OptionsError {
        let message = match self {
            ReadError::WrongType(expected) => format!("option `{path}` must be {expected}, got {got}"),
            ReadError::NotOneOf(known) => format!("option `{path}` must be {}, got {got}", either(known)),
            ReadError::UnknownValue { value, known } => {
                format!("option `{path}` must be {}, got \"{value}\"", either(known))
            }
            ReadError::UnknownField { known } => return unknown_option(path, known),
            ReadError::Other(message) => format!("option `{path}`: {message}"),
        };
        OptionsError { message }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::WrongType(expected) => write!(f, "expected {expected}"),
            ReadError::NotOneOf(known) | ReadError::UnknownValue { known, .. } => {
                write!(f, "expected {}", either(known))
            }
            ReadError::UnknownField { known } => write!(f, "unknown field (known: {})", known.join(", ")),
            ReadError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        ReadError::Other(message.to_string())
    }

    fn invalid_type(_: Unexpected, expected: &dyn Expected) -> Self {
        ReadError::WrongType(expected.to_string())
    }

    fn unknown_variant(value: &str, known: &'static [&'static str]) -> Self {
        ReadError::UnknownValue { value: value.to_string(), known }
    }

    fn unknown_field(_: &str, known: &'static [&'static str]) -> Self {
        ReadError::UnknownField { known }
    }
}

/// A JSON value for serde to read, checked against the type each option
/// asks for, so that the error says which type it wanted ([`ReadError`]).
#[derive(Clone, Copy)]
struct JsonValue<'a>(&'a Value);

impl JsonValue<'_> {
    /// The value to `visitor` when it is of the type the option asks for
    /// (`is_expected`), else what it must be.
    fn checked<'de, V: Visitor<'de>>(
        self,
        is_expected: bool,
        expected: &str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if is_expected {
            self.deserialize_any(visitor)
        } else {
            Err(ReadError::WrongType(expected.into()))
        }
    }
}

impl<'de> IntoDeserializer<'de, ReadError> for JsonValue<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for JsonValue<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(value) => visitor.visit_bool(*value),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(value), _, _) => visitor.visit_u64(value),
                (_, Some(value), _) => visitor.visit_i64(value),
                (_, _, value) => visitor.visit_f64(value.unwrap_or(f64::NAN)),
            },
            Value::String(value) => visitor.visit_str(value),
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.iter().map(JsonValue))),
            Value::Object(object) => visitor
                .visit_map(MapDeserializer::new(object.iter().map(|(key, value)| (key.as_str(), JsonValue(value))))),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.checked(self.0.is_boolean(), "a boolean", visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.checked(self.0.is_string(), "a string", visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    /// Every list option is a list of strings.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.checked(self.0.is_array(), "an array of strings", visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.checked(self.0.is_object(), "an object", visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        known: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::String(value) => visitor.visit_enum(value.as_str().into_deserializer()),
            _ => Err(ReadError::NotOneOf(known)),
        }
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct identifier ignored_any
    }
}

/// `roots` for the path `roots[2]`: the list an item belongs to.
fn array_of(path: &serde_path_to_error::Path) -> Option<String> {
    let segments: Vec<_> = path.iter().collect();
    let (last, parents) = segments.split_last()?;
    matches!(last, serde_path_to_error::Segment::Seq { .. })
        .then(|| parents.iter().map(|segment| segment.to_string()).collect::<Vec<_>>().join("."))
}

/// `"a" or "b"`.
fn either(values: &[&str]) -> String {
    values.iter().map(|value| format!("\"{value}\"")).collect::<Vec<_>>().join(" or ")
}

fn unknown_option(key: &str, known: &[&str]) -> OptionsError {
    OptionsError { message: format!("unknown option `{key}` (known: {})", known.join(", ")) }
}

fn without_nulls(object: &Map<String, Value>) -> Map<String, Value> {
    object
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| match value {
            Value::Object(nested) => (key.clone(), Value::Object(without_nulls(nested))),
            other => (key.clone(), other.clone()),
        })
        .collect()
}

/// The value an error path points at; for an array element, the element.
fn pointer<'a>(value: &'a Value, path: &serde_path_to_error::Path) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, segment| match segment {
        serde_path_to_error::Segment::Map { key } => value.get(key),
        serde_path_to_error::Segment::Seq { index } => value.get(index),
        _ => None,
    })
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
        assert_eq!(options.compile.runtime, RuntimeModules { client: "c".into(), server: "s".into() });
        assert_eq!(
            (options.compile.id_salt.as_deref(), options.source_map, options.target),
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
    fn a_target_by_name() {
        assert_eq!("client".parse::<Target>(), Ok(Target::Client));
        assert_eq!("server".parse::<Target>(), Ok(Target::Server));
        let error = "browser".parse::<Target>().unwrap_err();
        assert_eq!(error.to_string(), "[fnwire] option `target` must be \"client\" or \"server\", got \"browser\"");
    }

    #[test]
    fn root_defaults_to_the_working_directory() {
        let options = TransformOptions::from_json(&json!({ "filename": "a.ts", "target": "client" })).unwrap();
        assert_eq!(options.compile.root(), std::env::current_dir().unwrap());
        let options = GraphOptions::from_json(&json!({ "roots": [], "root": "app" })).unwrap();
        assert_eq!(options.compile.root(), std::env::current_dir().unwrap().join("app"));
    }

    #[test]
    fn plugin_config_takes_no_filename() {
        let config = json!({ "root": "/app", "target": "server", "idSalt": "x" });
        let options = TransformOptions::from_plugin_json(&config, "/app/a.ts".into(), "/cwd".into()).unwrap();
        assert_eq!((options.filename.as_str(), options.compile.id_salt.as_deref()), ("/app/a.ts", Some("x")));
        let options = TransformOptions::from_plugin_json(&json!({ "target": "client" }), "a.ts".into(), "/cwd".into());
        assert_eq!(options.unwrap().compile.root(), Path::new("/cwd"));
        let error = TransformOptions::from_plugin_json(
            &json!({ "target": "client", "filename": "x" }),
            "a".into(),
            "/cwd".into(),
        );
        assert!(error.unwrap_err().to_string().contains("unknown option `filename`"));
    }
}
