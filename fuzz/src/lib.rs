//! The invariants fuzzing holds the compiler to, for any input:
//! - no panic, no abort (libFuzzer reports both);
//! - a module that is not a server module comes back byte for byte;
//! - a diagnostic has a code, a file and a 1-based position;
//! - both outputs re-parse;
//! - the client output holds nothing of the original but the exported names:
//!   every identifier is an exported name, the runtime import or a stub
//!   local, every string an id, a name or the runtime specifier, the only
//!   comment `#__PURE__`;
//! - every fnId is the hash of the module path and the export name alone.
//!
//! The fuzz targets call [`check`]; `tests/corpus.rs` replays the kept
//! corpus with the stable toolchain.

pub mod modules;

use std::collections::HashSet;

use fnwire_transform::{fn_id, syntax_for, transform, Target, TransformOptions, TransformOutput};
use swc_core::common::comments::SingleThreadedComments;
use swc_core::common::BytePos;
use swc_core::ecma::ast::{Callee, EsVersion, Expr, Ident, IdentName, Module, Pat, Str, VarDeclarator};
use swc_core::ecma::parser::{lexer::Lexer, Parser, StringInput};
use swc_core::ecma::visit::{Visit, VisitWith};

const ROOT: &str = "/app";

/// Checks every invariant for `source` as the file `filename` (relative to
/// the root), for both targets. Panics when one does not hold.
pub fn check(source: &str, filename: &str) {
    for target in [Target::Client, Target::Server] {
        let options = TransformOptions::new(filename, ROOT, target);
        match transform(source, &options) {
            Err(diagnostics) => {
                assert!(!diagnostics.is_empty(), "an error has diagnostics");
                for diagnostic in &diagnostics {
                    assert_eq!(diagnostic.file, filename);
                    assert!(diagnostic.line >= 1 && diagnostic.column >= 1, "{diagnostic:?}");
                    assert!(!diagnostic.render().is_empty());
                }
            }
            Ok(output) if !output.is_server_module => {
                assert_eq!(output.code, source, "a module that is not a server module comes back as it was");
                assert!(output.server_functions.is_empty() && output.map.is_none());
            }
            Ok(output) => {
                for function in &output.server_functions {
                    // With the default options every server function is an export.
                    let export_name = function.export_name.as_deref().expect("an exported server function");
                    assert_eq!(function.fn_id, fn_id(filename, export_name, None), "{function:?}");
                    assert_eq!(function.fn_name, export_name);
                }
                let comments = SingleThreadedComments::default();
                let module = parse(&output.code, filename, &comments)
                    .unwrap_or_else(|error| panic!("the {target:?} output does not parse: {error}\n{}", output.code));
                if target == Target::Client {
                    check_client(&module, &comments, &output);
                }
            }
        }
    }
}

fn parse(code: &str, filename: &str, comments: &SingleThreadedComments) -> Result<Module, String> {
    let end = BytePos(1 + code.len() as u32);
    let syntax = syntax_for(filename);
    let lexer = Lexer::new(syntax, EsVersion::latest(), StringInput::new(code, BytePos(1), end), Some(comments));
    let mut parser = Parser::new_from(lexer);
    let module = if syntax.typescript() { parser.parse_typescript_module() } else { parser.parse_module() };
    let module = module.map_err(|error| error.into_kind().msg().into_owned())?;
    match parser.take_errors().first() {
        Some(error) => Err(error.kind().msg().into_owned()),
        None => Ok(module),
    }
}

#[derive(Default)]
struct ClientNames {
    identifiers: HashSet<String>,
    strings: HashSet<String>,
    /// Consts initialized with a call to the runtime import: the stubs.
    stub_locals: HashSet<String>,
    import_locals: HashSet<String>,
}

impl Visit for ClientNames {
    fn visit_ident(&mut self, ident: &Ident) {
        self.identifiers.insert(ident.sym.to_string());
    }
    fn visit_ident_name(&mut self, ident: &IdentName) {
        self.identifiers.insert(ident.sym.to_string());
    }
    fn visit_str(&mut self, string: &Str) {
        self.strings.insert(string.value.to_atom_lossy().to_string());
    }
    fn visit_import_named_specifier(&mut self, specifier: &swc_core::ecma::ast::ImportNamedSpecifier) {
        self.import_locals.insert(specifier.local.sym.to_string());
        specifier.visit_children_with(self);
    }
    fn visit_var_declarator(&mut self, declarator: &VarDeclarator) {
        let is_stub = declarator.init.as_deref().is_some_and(|init| {
            matches!(init, Expr::Call(call) if matches!(&call.callee, Callee::Expr(callee) if matches!(&**callee, Expr::Ident(_))))
        });
        if let (true, Pat::Ident(name)) = (is_stub, &declarator.name) {
            self.stub_locals.insert(name.id.sym.to_string());
        }
        declarator.visit_children_with(self);
    }
}

fn check_client(module: &Module, comments: &SingleThreadedComments, output: &TransformOutput) {
    let mut names = ClientNames::default();
    module.visit_with(&mut names);
    let exported: HashSet<&str> = output.server_functions.iter().filter_map(|f| f.export_name.as_deref()).collect();
    assert_eq!(names.import_locals.len(), 1, "one runtime import");
    for identifier in &names.identifiers {
        let allowed = exported.contains(identifier.as_str())
            || names.import_locals.contains(identifier)
            || names.stub_locals.contains(identifier)
            || identifier == "createServerReference";
        assert!(allowed, "the client output holds the identifier `{identifier}`:\n{}", output.code);
    }
    let allowed_strings: HashSet<&str> = output
        .server_functions
        .iter()
        .flat_map(|f| [f.fn_id.as_str(), f.fn_name.as_str()])
        .chain(["fnwire/client"])
        .collect();
    for string in &names.strings {
        assert!(allowed_strings.contains(string.as_str()), "the client output holds the string {string:?}");
    }
    let (leading, trailing) = comments.clone().take_all();
    for comment in leading.borrow().values().chain(trailing.borrow().values()).flatten() {
        assert_eq!(&*comment.text, "#__PURE__", "the client output holds a comment");
    }
}
