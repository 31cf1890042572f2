//! One analysis of a parsed module (directive, exports, ids), shared by both
//! ways of applying the pass.

use serde::Serialize;
use swc_core::common::{BytePos, Span};
use swc_core::ecma::ast::Module;

use crate::diagnostics::{split_problems, Diagnostic};
use crate::directive::{check_function_directives, scan_directives, ModuleKind};
use crate::exports::{scan_exports, AnonymousDefault, ExportRules, Method};
use crate::fn_id::fn_id;
use crate::inline::{inline_directives, inline_functions, InlineFunction};
use crate::options::{CompileOptions, Generators};
use crate::position::Locate;

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

pub(crate) enum Analysis {
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

/// The analysis and its warnings (FW008), or every diagnostic when one is an error.
pub(crate) fn analyze(
    module: &Module,
    info: &ModuleInfo,
    locator: &dyn Locate,
) -> Result<(Analysis, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_function_directives(module, &mut problems);
    let analysis = match scan_directives(module, info.filename, info.compile.server_files, &mut problems) {
        ModuleKind::Other { prologue_end, prologue_len } => {
            let functions = inline_functions(module, info, locator, &mut problems);
            if functions.is_empty() {
                Analysis::Other
            } else {
                Analysis::Inline(InlineModule { prologue_end, prologue_len, functions })
            }
        }
        ModuleKind::Server { directive, prologue_end, prologue_len } => {
            let rules = ExportRules {
                wrapped_exports: info.compile.wrapped_exports,
                default_export: info.compile.default_export,
                stream_generators: info.compile.generators == Generators::Stream,
                server_runtime: &info.compile.runtime.server,
            };
            let (exports, export_problems) = scan_exports(module, directive, &rules);
            problems.extend(export_problems);
            let functions = exports
                .iter()
                .map(|export| {
                    let position = locator.locate(export.span.lo);
                    ServerFunction {
                        fn_id: fn_id(info.module_path, &export.export_name, info.compile.id_salt.as_deref()),
                        fn_name: export.export_name.clone(),
                        export_name: Some(export.export_name.clone()),
                        local_name: export.local.to_string(),
                        arity: export.arity,
                        method: export.method,
                        line: position.line,
                        column: position.column,
                        inline: false,
                    }
                })
                .collect();
            Analysis::Server(ServerModule {
                prologue_end,
                prologue_len,
                functions,
                export_spans: exports.iter().map(|export| export.span).collect(),
                anonymous_default: exports.iter().find_map(|export| export.anonymous),
            })
        }
    };
    split_problems(problems, info.module_path, locator).map(|warnings| (analysis, warnings))
}

/// Section 1 only, for a graph with server functions off: whether the module
/// is a server module, and its directive problems (FW003 to FW009).
pub(crate) fn check_directives(module: &Module, info: &ModuleInfo, locator: &dyn Locate) -> (bool, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    check_function_directives(module, &mut problems);
    let kind = scan_directives(module, info.filename, info.compile.server_files, &mut problems);
    let is_server_module = matches!(kind, ModuleKind::Server { .. });
    if !is_server_module {
        // No inline server function can compile while server functions are off: each is FW006.
        inline_directives(module, true, &mut problems);
    }
    let diagnostics = split_problems(problems, info.module_path, locator).unwrap_or_else(|errors| errors);
    (is_server_module, diagnostics)
}
