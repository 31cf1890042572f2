//! Every diagnostic's message, each built by a named constructor here, in
//! the order of section 6's codes: a step that finds a problem names it,
//! and the words are kept in one place.

use std::fmt::Display;

use swc_core::atoms::Atom;
use swc_core::common::Span;

use crate::diagnostics::{Code, Diagnostic, Problem};

/// FW001, in the one wording of section 2.
pub(crate) fn parse_failure(reason: impl Display, file: &str, line: u32, column: u32) -> Diagnostic {
    let message = format!("Server function module could not be parsed: {reason}");
    Diagnostic::error(Code::FW001, message, file, line, column)
}

pub(crate) fn no_server_function(directive: Span) -> Problem {
    Problem::new(
        Code::FW002,
        directive,
        "this \"use server\" module exports no server function: remove the \"use server\" directive, or export a callable function (`export async function name() {}`)",
    )
}

pub(crate) fn server_file_without_function(start: Span) -> Problem {
    Problem::new(
        Code::FW002,
        start,
        "this `*.server.*` module exports no server function: export a callable function (`export async function name() {}`), or rename the file",
    )
}

pub(crate) fn server_file_without_directive(start: Span) -> Problem {
    Problem::new(
        Code::FW003,
        start,
        "this file is named `*.server.*` but does not start with the \"use server\" directive: add \"use server\"; as its first statement, or rename the file (or set `serverFiles: \"implicit\"` to compile such files as server modules)",
    )
}

pub(crate) fn misplaced_use_server(span: Span) -> Problem {
    Problem::new(
        Code::FW004,
        span,
        "misplaced \"use server\" directive: it must come before every other statement, at the very top of the module (only comments and other directives may precede it)",
    )
}

pub(crate) fn use_client_beside_use_server(span: Span) -> Problem {
    Problem::new(
        Code::FW005,
        span,
        "\"use client\" and \"use server\" cannot be in the same module: a module runs either on the client or on the server",
    )
}

pub(crate) fn inline_in_use_client_module(directive: Span) -> Problem {
    Problem::new(
        Code::FW005,
        directive,
        "inline \"use server\" function in a \"use client\" module: a client module cannot define server functions; move this function into a \"use server\" module and import it from there",
    )
}

pub(crate) fn inline_with_server_off(directive: Span) -> Problem {
    Problem::new(
        Code::FW006,
        directive,
        "inline \"use server\" function, and server functions are off: remove it (or the import of its module), or enable server functions",
    )
}

pub(crate) fn inline_outside_server_module(directive: Span) -> Problem {
    Problem::new(
        Code::FW006,
        directive,
        "inline \"use server\" function in a module that is not a server module: move this function into a \"use server\" module and import it from there, or set `inlineFunctions: \"hoist\"` to compile it in place",
    )
}

pub(crate) fn use_server_after_statements(span: Span) -> Problem {
    Problem::new(
        Code::FW007,
        span,
        "\"use server\" after other statements in a function body is no directive, so this function would ship to the client: move it to the very top of the function body (only comments and other directives may precede it)",
    )
}

pub(crate) fn near_miss_of(span: Span, value: &str, directive: &str) -> Problem {
    let message = if value == directive {
        format!("an escaped spelling of \"{directive}\" is not the directive and is ignored: write \"{directive}\" without escapes, or remove the string")
    } else {
        format!("{value:?} is not the \"{directive}\" directive and is ignored: write \"{directive}\" exactly, or remove the string")
    };
    Problem::new(Code::FW008, span, message)
}

pub(crate) fn unknown_use_directive(span: Span, value: &str) -> Problem {
    Problem::new(
        Code::FW008,
        span,
        format!("{value:?} is no directive fnwire knows and is ignored: did you mean \"use server\"?"),
    )
}

pub(crate) fn parenthesized_directive(span: Span, directive: &str) -> Problem {
    Problem::new(
        Code::FW008,
        span,
        format!("a string in parentheses is no directive and is ignored: write \"{directive}\"; without parentheses"),
    )
}

pub(crate) fn use_client_in_function(span: Span) -> Problem {
    Problem::new(
        Code::FW009,
        span,
        "\"use client\" applies to a whole module, not to a function: remove it here, and put the function in a module whose first statement is \"use client\";",
    )
}

pub(crate) fn export_assignment(span: Span) -> Problem {
    Problem::new(
        Code::FW010,
        span,
        "`export =` is a default export: server modules may not have one; export named async functions instead",
    )
}

pub(crate) fn default_export_by_name(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW010,
        span,
        format!("`export {{ {local} as default }}` is a default export: server modules may not have one; export `{local}` under a name instead (or set `defaultExport: true`)"),
    )
}

pub(crate) fn wrapped_default_export(span: Span) -> Problem {
    Problem::new(
        Code::FW010,
        span,
        "this default export is a call, not a function: set `wrappedExports: true` as well (CLI `--wrapped-exports`) to compile a default export made by a wrapper, such as `export default validator(async () => {})`, as the server function `default`",
    )
}

pub(crate) fn default_not_a_function(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW010,
        span,
        format!("the default export `{local}` is not a function: with `defaultExport`, only a function declared in this module (or, with `wrappedExports`, a `const` initialized by a call) can be the default export"),
    )
}

/// A default export that is no function, `default_export` telling whether
/// any is allowed.
pub(crate) fn default_export(span: Span, default_export: bool) -> Problem {
    let message = if default_export {
        "only a function can be the default export of a server module: `export default async function name() {}`, `export default async () => {}`, or `export default f` where `f` is a function declared in this module"
    } else {
        "server modules may not have a default export: export named async functions instead (`export async function name() {}`), or set `defaultExport: true`"
    };
    Problem::new(Code::FW010, span, message)
}

/// `export { x } from "…"`: FW010 for `default`, else FW011.
pub(crate) fn re_export(span: Span, export_name: &str, src: &str) -> Problem {
    let (code, what) = if export_name == "default" {
        (Code::FW010, "is a default export")
    } else {
        (Code::FW011, "re-exports another module at runtime")
    };
    Problem::new(
        code,
        span,
        format!("`{export_name}` from \"{src}\" {what}: server functions must be defined in the module that exports them; import them from \"{src}\" directly"),
    )
}

pub(crate) fn export_all(span: Span, src: &str) -> Problem {
    Problem::new(
        Code::FW011,
        span,
        format!("`export * from \"{src}\"` re-exports another module at runtime: server functions must be defined in the module that exports them; import them from \"{src}\" directly"),
    )
}

pub(crate) fn export_import_equals(span: Span, name: &str) -> Problem {
    Problem::new(
        Code::FW011,
        span,
        format!("`export import {name} = …` re-exports another binding at runtime: server functions must be defined in the module that exports them"),
    )
}

pub(crate) fn imported_export(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW011,
        span,
        format!("`{local}` is imported from another module: re-exporting it at runtime is not allowed; server functions must be defined in the module that exports them"),
    )
}

pub(crate) fn call_export(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW012,
        span,
        format!("`{local}` is initialized by a call, not a function: set `wrappedExports: true` (CLI `--wrapped-exports`) to compile a `const` initialized by a call, such as an action built by a library, as a server function"),
    )
}

/// `kind` says what it is instead: `a string`, `a class`.
pub(crate) fn value_export(span: Span, local: &str, kind: &str) -> Problem {
    Problem::new(
        Code::FW012,
        span,
        format!("`{local}` is {kind}, not a function: a server module may only export functions (`export async function {local}() {{}}` or `export const {local} = async () => {{}}`)"),
    )
}

pub(crate) fn undeclared_export(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW012,
        span,
        format!("`{local}` is not declared in this module: only functions declared here can be exported"),
    )
}

pub(crate) fn builder_without_handler(span: Span, local: &Atom) -> Problem {
    Problem::new(
        Code::FW012,
        span,
        format!("`{local}` is a `createServerFn` builder without its handler: end the chain with `.handler(async ({{ data }}) => …)`, which makes the server function"),
    )
}

pub(crate) fn builder_method_not_literal(span: Span, local: &Atom) -> Problem {
    Problem::new(
        Code::FW012,
        span,
        format!("the `method` of `{local}` is not a string literal: the client must know it when the module is compiled; write `method: \"GET\"` or `method: \"POST\"`"),
    )
}

pub(crate) fn ambient_export(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW013,
        span,
        format!("`{local}` is an ambient `declare` export with no runtime implementation: use a real function body for every exported server function"),
    )
}

pub(crate) fn overloads_without_implementation(span: Span, local: &str) -> Problem {
    Problem::new(
        Code::FW013,
        span,
        format!("`{local}` has overload signatures but no implementation: every exported server function needs a real function body"),
    )
}

/// For an async generator, the option that makes it a streaming server function (section 14).
fn generator_advice(is_async: bool) -> &'static str {
    if is_async {
        "; or set the option `generators: \"stream\"` to stream its yields"
    } else {
        ""
    }
}

pub(crate) fn generator_export(span: Span, export_name: &str, is_async: bool) -> Problem {
    let advice = generator_advice(is_async);
    Problem::new(
        Code::FW014,
        span,
        format!("`{export_name}` is a generator function: server functions return a single result, not an iterator; return an array or a value instead{advice}"),
    )
}

pub(crate) fn inline_generator(span: Span, name: &str, is_async: bool) -> Problem {
    let advice = generator_advice(is_async);
    Problem::new(
        Code::FW014,
        span,
        format!("inline server function `{name}` is a generator: server functions return a single result, not an iterator; return an array or a value instead{advice}"),
    )
}

pub(crate) fn export_name_not_unicode(span: Span) -> Problem {
    Problem::new(Code::FW015, span, "the export name is not well-formed Unicode: use an identifier name")
}

pub(crate) fn empty_export_name(span: Span) -> Problem {
    Problem::new(Code::FW015, span, "the export name is an empty string: use a non-empty name (prefer an identifier)")
}

pub(crate) fn padded_export_name(span: Span, value: &str) -> Problem {
    Problem::new(
        Code::FW015,
        span,
        format!("the export name {value:?} has leading or trailing white space: remove it (prefer an identifier name)"),
    )
}

pub(crate) fn exported_twice(span: Span, name: &str) -> Problem {
    Problem::new(Code::FW016, span, format!("`{name}` is exported more than once: each exported name must be unique"))
}

pub(crate) fn inline_not_async(span: Span, name: &str) -> Problem {
    Problem::new(
        Code::FW017,
        span,
        format!("inline server function `{name}` is not `async`: a server function is called over the network and returns a promise; write `async function` or `async () => {{}}`"),
    )
}

/// `kind`: a method, a getter, a setter, a constructor.
pub(crate) fn inline_method(span: Span, kind: &str) -> Problem {
    Problem::new(
        Code::FW018,
        span,
        format!("a {kind} cannot be an inline server function: it belongs to its object, which stays on the client; move the \"use server\" code into an `async function` and call it from here"),
    )
}

pub(crate) fn inline_this_parameter(span: Span, name: &str) -> Problem {
    Problem::new(
        Code::FW018,
        span,
        format!("inline server function `{name}` declares its own `this`, which does not exist once it runs on the server: pass what it needs as an argument"),
    )
}

/// `what`: `this`, `super`, `arguments` or `new.target`.
pub(crate) fn inline_own_context(span: Span, name: &str, what: &str) -> Problem {
    Problem::new(
        Code::FW018,
        span,
        format!("inline server function `{name}` uses its own `{what}`, which does not exist once it runs on the server: pass what it needs as an argument"),
    )
}

pub(crate) fn inline_assigns_capture(span: Span, name: &str) -> Problem {
    Problem::new(
        Code::FW019,
        span,
        format!("inline server function `{name}` assigns to a variable it captures: the server would change its own copy only; return the new value instead and assign it where the function is called"),
    )
}

/// FW020 at the directive (at `line` and `column`) of a server module reached
/// while server functions are off.
pub(crate) fn server_module_while_off(module_path: &str, line: u32, column: u32) -> Diagnostic {
    Diagnostic::error(
        Code::FW020,
        format!("{module_path} is a \"use server\" module, and server functions are off: remove the import, or enable server functions"),
        module_path,
        line,
        column,
    )
}

/// FW021 at the second of two functions with the same fnId (`second`, at
/// `line` and `column` of `second_module`), naming both.
pub(crate) fn duplicate_id(
    (first, first_module): (&str, &str),
    (second, second_module): (&str, &str),
    fn_id: &str,
    line: u32,
    column: u32,
) -> Diagnostic {
    Diagnostic::error(
        Code::FW021,
        format!("server functions `{first}` in {first_module} and `{second}` in {second_module} have the same fnId {fn_id}: rename one of them, or set an idSalt"),
        second_module,
        line,
        column,
    )
}

pub(crate) fn unreadable_root(entry: &str, error: impl Display, file: &str) -> Diagnostic {
    Diagnostic::error(Code::FW022, format!("the root `{entry}` cannot be read: {error}"), file, 1, 1)
}

pub(crate) fn unreadable_module(module_path: &str, error: impl Display) -> Diagnostic {
    Diagnostic::error(Code::FW022, format!("cannot read {module_path}: {error}"), module_path, 1, 1)
}

pub(crate) fn unresolved_import(
    specifier: &str,
    module_path: &str,
    reason: &str,
    line: u32,
    column: u32,
) -> Diagnostic {
    Diagnostic::error(
        Code::FW022,
        format!("cannot resolve \"{specifier}\" imported by {module_path}: {reason}"),
        module_path,
        line,
        column,
    )
}
