//! The types the steps of the pass hand each other (parse → analyze →
//! emit), in a module of their own that imports nothing of the pass: a
//! step reads the types of the steps before it from here, never from the
//! step that made them.

use serde::Serialize;
use swc_core::atoms::Atom;
use swc_core::common::{BytePos, Span};

use crate::diagnostics::Diagnostic;
use crate::options::CompileOptions;

/// A server function, as both targets report it (SPEC section 4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerFunction {
    pub fn_id: String,
    pub fn_name: String,
    /// `None` for an inline server function that is not exported.
    pub export_name: Option<String>,
    /// The binding in the original module.
    pub local_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arity: Option<u32>,
    /// `GET` for a builder function read with GET (SPEC section 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// 1-based line where its export starts.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// An inline server function (SPEC section 10); `localName` is then its
    /// qualified name.
    #[serde(skip)]
    pub inline: bool,
}

impl ServerFunction {
    /// How messages name it: its export name, else its qualified name.
    pub fn display_name(&self) -> &str {
        self.export_name.as_deref().unwrap_or(&self.local_name)
    }
}

/// What is known about the module being compiled.
pub(crate) struct ModuleInfo<'a> {
    /// The name as given, for `*.server.*`.
    pub filename: &'a str,
    /// Relative to the root with `/`: the id input and the diagnostics' file.
    pub module_path: &'a str,
    pub compile: &'a CompileOptions,
}

/// What a module's server functions are, as the analysis finds them.
pub(crate) enum ModuleFunctions {
    /// Not a server module, and no inline server function: passes through untouched.
    Other,
    Server(ServerModule),
    /// Not a server module, with inline server functions to hoist.
    Inline(InlineModule),
}

impl InlineModule {
    pub fn server_functions(&self) -> Vec<ServerFunction> {
        self.functions.iter().map(|function| function.function.clone()).collect()
    }
}

pub(crate) struct InlineModule {
    /// Where the directive prologue ends, if the module has one, and how
    /// many items it has.
    pub prologue_end: Option<BytePos>,
    pub prologue_len: usize,
    pub functions: Vec<InlineFunction>,
}

pub(crate) struct ServerModule {
    /// Where the directive prologue ends, if the module has one, and how
    /// many items it has.
    pub prologue_end: Option<BytePos>,
    pub prologue_len: usize,
    pub functions: Vec<ServerFunction>,
    /// Where each function's export starts, in the same order.
    pub export_spans: Vec<Span>,
    /// The default export that has no binding of its own, if any.
    pub anonymous_default: Option<AnonymousDefault>,
}

/// An inline server function, ready to be moved.
pub(crate) struct InlineFunction {
    /// Its entry in the results: `localName` is its qualified name.
    pub function: ServerFunction,
    pub site: Site,
    /// The function itself, from `async` to its closing brace.
    pub span: swc_core::common::Span,
    pub parts: Parts,
    /// The bindings it captures, in order of first reference.
    pub captures: Vec<Capture>,
    /// Its own name, when its body refers to it.
    pub own_name: Option<swc_core::atoms::Atom>,
}

impl InlineFunction {
    /// How many arguments its client stub takes: the captures and its own
    /// parameters; `None` when its own signature is flexible.
    pub fn stub_arity(&self) -> Option<u32> {
        self.function.arity.map(|arity| arity + self.captures.len() as u32)
    }
}

/// A binding an inline function captures, by name, and where the function
/// first refers to it (a host's AST gives the reference its syntax context).
#[derive(Clone, Debug)]
pub(crate) struct Capture {
    pub name: Atom,
    pub first_reference: BytePos,
}

/// Where an inline server function stands, which decides how it is moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Site {
    /// A function declaration at module scope: it stays. `binding` is `None`
    /// for `export default async function () {}`; `default_export` is the
    /// span of `export default …` when it is one.
    TopLevel { binding: Option<Atom>, default_export: Option<Span> },
    /// A function declaration inside another function (or a block): a `var`
    /// at `scope_start`, the start of its statement list after any strings,
    /// so that it keeps its meaning before its own line (section 10).
    Nested { name: Atom, scope_start: BytePos },
    /// A function expression or arrow.
    Expression,
}

/// The pieces of the original a hoisted copy is made of.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Parts {
    pub type_params: Option<Span>,
    /// From the first to the last parameter, as far as their nodes reach
    /// (the text up to the closing parenthesis is found in the text).
    pub params: Option<Span>,
    /// Where the parameter list starts looking (after `async`, `function`,
    /// the name and the type parameters).
    pub params_search_from: BytePos,
    pub return_type: Option<Span>,
    pub body: Span,
    /// An `async function*` (section 14's `generators: "stream"`): hoisted as one.
    pub is_generator: bool,
}

/// The HTTP method a builder function is called with, when it is not POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
        }
    }
}

/// A default export the server output must bind to a name to register it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnonymousDefault {
    /// `export default [async] function () {}`, starting here: the name
    /// goes after `function`.
    Declaration { function_start: BytePos },
    /// `export default <expression>`: `export default` (from `export_start`
    /// to `expression_start`) becomes `const <name> =`.
    Expression { export_start: BytePos, expression_start: BytePos },
}

/// The names a module with inline server functions gains, for one target.
pub(crate) struct InlineNames {
    /// The runtime import's local name.
    pub import: String,
    /// For each inline function that moves (not a declaration at module
    /// scope), the module-scope function it becomes on the server.
    pub hoisted: Vec<Option<String>>,
    /// The name of an anonymous default export, on the server.
    pub default_local: Option<String>,
    /// `bindLive`'s local name, when a nested declaration captures.
    pub bind_live: Option<String>,
    /// The rest parameter of hoisted functions that bind their own name, on the server.
    pub args: Option<String>,
}

/// The local names the server module adds.
pub(crate) struct ServerNames {
    /// `registerServerReference`'s.
    pub import: String,
    /// The anonymous default export's, when there is one.
    pub default_local: Option<String>,
}

/// A static import: an edge of the graph (section 5).
pub(crate) struct Import {
    pub specifier: String,
    /// The specifier string, for diagnostics.
    pub span: Span,
}

/// What emitting needs, for the targets it was made for, without the AST:
/// a module is parsed and analyzed once, then emitted for each target.
/// (Each target's names cost a walk over the module, which a transform for
/// the other target does without.)
pub(crate) enum Prepared {
    Unchanged,
    Server { server: ServerModule, names: Option<ServerNames> },
    Inline { inline: InlineModule, client: Option<InlineNames>, server: Option<InlineNames> },
}

/// A module parsed and analyzed, as a compiler instance keeps it.
pub(crate) struct PreparedModule {
    pub prepared: Result<Prepared, Vec<Diagnostic>>,
    /// The module's warnings when it has no error (else they are among the errors).
    pub warnings: Vec<Diagnostic>,
    /// Its imports, for a graph analysis.
    pub imports: Vec<Import>,
    /// False when it did not parse: a graph analysis reports that for any
    /// module, where a transform passes a module that is not its to judge.
    pub parsed: bool,
}
