//! The AST path: an SWC `Pass` over an already-parsed `Program`, for Rust
//! bundlers and the Wasm plugin. Same analysis, same output as the text path.

use swc_core::common::{comments::Comments, DUMMY_SP};
use swc_core::ecma::ast::{Module, ModuleItem, Pass, Program, Script, Stmt};

use crate::analysis::find_functions;
use crate::diagnostics::Diagnostic;
use crate::emit::ast::{client_items, name_default_export, registration, server_import};
use crate::emit::inline_ast::{inline_client, inline_server};
use crate::names::{client_names, default_local_name, inline_names, server_import_name};
use crate::options::{Target, TransformOptions};
use crate::position::Locate;
use crate::types::{ModuleFunctions, ModuleInfo, ServerFunction};

/// What the pass did to the program it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassOutcome {
    /// The pass has not run yet.
    Pending,
    /// Not a server module: the program is untouched.
    Unchanged,
    /// A server module, rewritten for the target.
    Transformed(Vec<ServerFunction>),
    /// The module breaks a rule: the program is untouched.
    Failed(Vec<Diagnostic>),
}

pub struct ServerFunctionsPass<'a> {
    options: TransformOptions,
    comments: Option<&'a dyn Comments>,
    locator: &'a dyn Locate,
    outcome: PassOutcome,
    warnings: Vec<Diagnostic>,
}

/// The pass for one module. `comments` receives the client stubs'
/// `/*#__PURE__*/` annotations; `locator` turns spans into lines and
/// columns (see [`crate::SourceMapLocator`]).
pub fn server_functions_pass<'a>(
    options: TransformOptions,
    comments: Option<&'a dyn Comments>,
    locator: &'a dyn Locate,
) -> ServerFunctionsPass<'a> {
    ServerFunctionsPass { options, comments, locator, outcome: PassOutcome::Pending, warnings: Vec::new() }
}

impl ServerFunctionsPass<'_> {
    pub fn outcome(&self) -> &PassOutcome {
        &self.outcome
    }

    pub fn into_outcome(self) -> PassOutcome {
        self.outcome
    }

    /// The warnings (FW008) of a module that has no error; the program is
    /// what it would be without them.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn process_module(&mut self, module: &mut Module) -> PassOutcome {
        let module_path = self.options.module_path();
        let info =
            ModuleInfo { filename: &self.options.filename, module_path: &module_path, compile: &self.options.compile };
        let analysis = match find_functions(module, &info, self.locator) {
            Err(diagnostics) => return PassOutcome::Failed(diagnostics),
            Ok((analysis, warnings)) => {
                self.warnings = warnings;
                analysis
            }
        };
        let server = match analysis {
            ModuleFunctions::Other => return PassOutcome::Unchanged,
            ModuleFunctions::Server(server) => server,
            ModuleFunctions::Inline(inline) => {
                let names = inline_names(module, &inline.functions, self.options.target);
                let runtime = &self.options.compile.runtime;
                match self.options.target {
                    Target::Client => inline_client(
                        module,
                        &inline,
                        &names,
                        &runtime.client,
                        self.options.build_id.as_deref(),
                        self.comments,
                    ),
                    Target::Server => inline_server(module, &inline, &names, &runtime.server),
                }
                return PassOutcome::Transformed(inline.functions.into_iter().map(|f| f.function).collect());
            }
        };
        match self.options.target {
            Target::Client => {
                let names = client_names(&server.functions);
                module.body = client_items(
                    &server.functions,
                    &names,
                    &self.options.compile.runtime.client,
                    self.options.build_id.as_deref(),
                    self.comments,
                );
                // No span into the original: its comments and text stay out.
                module.span = DUMMY_SP;
                module.shebang = None;
            }
            Target::Server => {
                let import_name = server_import_name(module, None);
                let default_local = server.anonymous_default.map(|_| default_local_name(module, None));
                if let Some(local) = &default_local {
                    name_default_export(module, local);
                }
                let import = server_import(&import_name, &self.options.compile.runtime.server);
                module.body.insert(server.prologue_len, import);
                module.body.extend(server.functions.iter().map(|function| {
                    let binding = match &default_local {
                        Some(local) if function.local_name == "default" => local,
                        _ => &function.local_name,
                    };
                    registration(function, binding, &import_name)
                }));
            }
        }
        PassOutcome::Transformed(server.functions)
    }
}

impl Pass for ServerFunctionsPass<'_> {
    fn process(&mut self, program: &mut Program) {
        self.outcome = match program {
            Program::Module(module) => self.process_module(module),
            Program::Script(script) => {
                // A host that parsed a script: the rules still apply, read
                // as a module; an untouched script stays a script.
                let mut module = Module {
                    span: script.span,
                    body: std::mem::take(&mut script.body).into_iter().map(ModuleItem::Stmt).collect(),
                    shebang: script.shebang.take(),
                };
                let outcome = self.process_module(&mut module);
                *program = match outcome {
                    PassOutcome::Transformed(_) => Program::Module(module),
                    _ => Program::Script(Script {
                        span: module.span,
                        body: module.body.into_iter().filter_map(into_stmt).collect(),
                        shebang: module.shebang,
                    }),
                };
                outcome
            }
            // Built with `--cfg swc_ast_unknown`, SWC's enums are non-exhaustive.
            #[allow(unreachable_patterns)]
            _ => PassOutcome::Unchanged,
        };
    }
}

fn into_stmt(item: ModuleItem) -> Option<Stmt> {
    match item {
        ModuleItem::Stmt(stmt) => Some(stmt),
        ModuleItem::ModuleDecl(_) => None,
    }
}
