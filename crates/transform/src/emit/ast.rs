//! The same output as the text path, as SWC AST nodes, for hosts that hold a
//! parsed `Program` (Rust bundlers, the Wasm plugin). Every node is new and
//! carries no span into the original file.

use swc_core::common::{comments::Comments, Span, DUMMY_SP};
use swc_core::ecma::ast::{
    CallExpr, Callee, Decl, DefaultDecl, ExportDecl, ExportDefaultExpr, ExportNamedSpecifier, ExportSpecifier, Expr,
    ExprOrSpread, ExprStmt, ImportDecl, ImportNamedSpecifier, ImportSpecifier, Module, ModuleDecl, ModuleExportName,
    ModuleItem, NamedExport, Stmt, VarDecl, VarDeclKind, VarDeclarator,
};

use crate::emit::literal::{export_name_literal, ident, string, string_expr};
use crate::emit::stub::StubArguments;
use crate::names::{ClientNames, StubBinding, CREATE_SERVER_REFERENCE, REGISTER_SERVER_REFERENCE};
use crate::types::ServerFunction;

fn export_name(name: &str) -> ModuleExportName {
    if export_name_literal(name) == name {
        ModuleExportName::Ident(ident(name))
    } else {
        ModuleExportName::Str(string(name))
    }
}

/// `import { imported as local, … } from "runtime";`
pub(crate) fn runtime_import(imports: &[(&str, &str)], runtime: &str) -> ModuleItem {
    let specifier = |(imported, local): &(&str, &str)| {
        ImportSpecifier::Named(ImportNamedSpecifier {
            span: DUMMY_SP,
            local: ident(local),
            imported: (imported != local).then(|| ModuleExportName::Ident(ident(imported))),
            is_type_only: false,
        })
    };
    ModuleItem::ModuleDecl(ModuleDecl::Import(ImportDecl {
        span: DUMMY_SP,
        specifiers: imports.iter().map(specifier).collect(),
        src: Box::new(string(runtime)),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}

pub(crate) fn call(callee: &str, args: Vec<ExprOrSpread>, span: Span) -> Box<Expr> {
    Box::new(Expr::Call(CallExpr {
        span,
        callee: Callee::Expr(Box::new(Expr::Ident(ident(callee)))),
        args,
        ..Default::default()
    }))
}

/// The client module's items.
pub(crate) fn client_items(
    functions: &[ServerFunction],
    names: &ClientNames,
    runtime: &str,
    build_id: Option<&str>,
    comments: Option<&dyn Comments>,
) -> Vec<ModuleItem> {
    let mut items = vec![runtime_import(&[(CREATE_SERVER_REFERENCE, &names.import)], runtime)];
    let mut export_list = Vec::new();
    for (function, binding) in functions.iter().zip(&names.bindings) {
        let args = StubArguments {
            fn_id: &function.fn_id,
            fn_name: &function.fn_name,
            arity: function.arity,
            method: function.method,
            build_id,
        }
        .ast();
        // A fresh span that carries the pure annotation and maps nowhere.
        let span = match comments {
            Some(comments) => {
                let span = Span::dummy_with_cmt();
                comments.add_pure_comment(span.lo);
                span
            }
            None => DUMMY_SP,
        };
        let stub = call(&names.import, args, span);
        let constant = |name: &str, stub| {
            Decl::Var(Box::new(VarDecl {
                span: DUMMY_SP,
                kind: VarDeclKind::Const,
                decls: vec![VarDeclarator {
                    span: DUMMY_SP,
                    name: ident(name).into(),
                    init: Some(stub),
                    definite: false,
                }],
                ..Default::default()
            }))
        };
        items.push(match binding {
            StubBinding::Export => ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl {
                span: DUMMY_SP,
                decl: constant(function.display_name(), stub),
            })),
            StubBinding::Local(local) => {
                export_list.push(ExportSpecifier::Named(ExportNamedSpecifier {
                    span: DUMMY_SP,
                    orig: ModuleExportName::Ident(ident(local)),
                    exported: Some(export_name(function.display_name())),
                    is_type_only: false,
                }));
                ModuleItem::Stmt(Stmt::Decl(constant(local, stub)))
            }
            StubBinding::Default => {
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(ExportDefaultExpr { span: DUMMY_SP, expr: stub }))
            }
        });
    }
    if !export_list.is_empty() {
        items.push(named_export(export_list));
    }
    items
}

fn named_export(specifiers: Vec<ExportSpecifier>) -> ModuleItem {
    ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(NamedExport {
        span: DUMMY_SP,
        specifiers,
        src: None,
        type_only: false,
        with: None,
    }))
}

/// Binds the anonymous default export of a server module to `local`, as the
/// text path does: `export default function local() {}`, or
/// `const local = <expression>;` and `export { local as default };` at the end.
pub(crate) fn name_default_export(module: &mut Module, local: &str) {
    let position = module.body.iter().position(|item| {
        matches!(item, ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(_) | ModuleDecl::ExportDefaultDecl(_)))
    });
    let Some(position) = position else { return };
    match &mut module.body[position] {
        ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => {
            if let DefaultDecl::Fn(function) = &mut export.decl {
                function.ident = Some(ident(local));
            }
        }
        item => {
            let ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) = item else { return };
            let declaration = VarDecl {
                span: DUMMY_SP,
                kind: VarDeclKind::Const,
                decls: vec![VarDeclarator {
                    span: DUMMY_SP,
                    name: ident(local).into(),
                    init: Some(export.expr.clone()),
                    definite: false,
                }],
                ..Default::default()
            };
            *item = ModuleItem::Stmt(Stmt::Decl(Decl::Var(Box::new(declaration))));
            module.body.push(named_export(vec![ExportSpecifier::Named(ExportNamedSpecifier {
                span: DUMMY_SP,
                orig: ModuleExportName::Ident(ident(local)),
                exported: Some(ModuleExportName::Ident(ident("default"))),
                is_type_only: false,
            })]));
        }
    }
}

/// The server module's import of `registerServerReference`.
pub(crate) fn server_import(import_name: &str, runtime: &str) -> ModuleItem {
    runtime_import(&[(REGISTER_SERVER_REFERENCE, import_name)], runtime)
}

/// `registerServerReference(binding, "fnId", "fnName");`
pub(crate) fn registration(function: &ServerFunction, binding: &str, import_name: &str) -> ModuleItem {
    let args = vec![Expr::Ident(ident(binding)).into(), string_expr(&function.fn_id), string_expr(&function.fn_name)];
    ModuleItem::Stmt(Stmt::Expr(ExprStmt { span: DUMMY_SP, expr: call(import_name, args, DUMMY_SP) }))
}
