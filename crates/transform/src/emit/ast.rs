//! The same output as the text path, as SWC AST nodes, for hosts that hold a
//! parsed `Program` (Rust bundlers, the Wasm plugin). Every node is new and
//! carries no span into the original file.

use swc_core::common::{comments::Comments, Span, DUMMY_SP};
use swc_core::ecma::ast::{
    CallExpr, Callee, Decl, ExportDecl, ExportNamedSpecifier, ExportSpecifier, Expr, ExprOrSpread, ExprStmt, Ident,
    ImportDecl, ImportNamedSpecifier, ImportSpecifier, Lit, ModuleDecl, ModuleExportName, ModuleItem, NamedExport,
    Number, Stmt, Str, VarDecl, VarDeclKind, VarDeclarator,
};

use crate::analysis::ServerFunction;
use crate::names::{ClientNames, CREATE_SERVER_REFERENCE, REGISTER_SERVER_REFERENCE};

fn ident(name: &str) -> Ident {
    Ident::new_no_ctxt(name.into(), DUMMY_SP)
}

fn string(value: &str) -> Str {
    Str { span: DUMMY_SP, value: value.into(), raw: None }
}

fn string_expr(value: &str) -> ExprOrSpread {
    Expr::Lit(Lit::Str(string(value))).into()
}

fn export_name(name: &str) -> ModuleExportName {
    if crate::emit::client_text::export_name_literal(name) == name {
        ModuleExportName::Ident(ident(name))
    } else {
        ModuleExportName::Str(string(name))
    }
}

/// `import { imported as local } from "runtime";`
fn runtime_import(imported: &str, local: &str, runtime: &str) -> ModuleItem {
    let specifier = ImportNamedSpecifier {
        span: DUMMY_SP,
        local: ident(local),
        imported: (imported != local).then(|| ModuleExportName::Ident(ident(imported))),
        is_type_only: false,
    };
    ModuleItem::ModuleDecl(ModuleDecl::Import(ImportDecl {
        span: DUMMY_SP,
        specifiers: vec![ImportSpecifier::Named(specifier)],
        src: Box::new(string(runtime)),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}

fn call(callee: &str, args: Vec<ExprOrSpread>, span: Span) -> Box<Expr> {
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
    comments: Option<&dyn Comments>,
) -> Vec<ModuleItem> {
    let mut items = vec![runtime_import(CREATE_SERVER_REFERENCE, &names.import, runtime)];
    let mut export_list = Vec::new();
    for (function, local) in functions.iter().zip(&names.locals) {
        let mut args = vec![string_expr(&function.fn_id), string_expr(&function.fn_name)];
        if let Some(arity) = function.arity {
            args.push(Expr::Lit(Lit::Num(Number::from(arity as f64))).into());
        }
        // A fresh span that carries the pure annotation and maps nowhere.
        let span = match comments {
            Some(comments) => {
                let span = Span::dummy_with_cmt();
                comments.add_pure_comment(span.lo);
                span
            }
            None => DUMMY_SP,
        };
        let binding = local.as_deref().unwrap_or(&function.export_name);
        let declaration = Decl::Var(Box::new(VarDecl {
            span: DUMMY_SP,
            kind: VarDeclKind::Const,
            decls: vec![VarDeclarator {
                span: DUMMY_SP,
                name: ident(binding).into(),
                init: Some(call(&names.import, args, span)),
                definite: false,
            }],
            ..Default::default()
        }));
        items.push(match local {
            None => ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { span: DUMMY_SP, decl: declaration })),
            Some(local) => {
                export_list.push(ExportSpecifier::Named(ExportNamedSpecifier {
                    span: DUMMY_SP,
                    orig: ModuleExportName::Ident(ident(local)),
                    exported: Some(export_name(&function.export_name)),
                    is_type_only: false,
                }));
                ModuleItem::Stmt(Stmt::Decl(declaration))
            }
        });
    }
    if !export_list.is_empty() {
        items.push(ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(NamedExport {
            span: DUMMY_SP,
            specifiers: export_list,
            src: None,
            type_only: false,
            with: None,
        })));
    }
    items
}

/// The server module's import of `registerServerReference`.
pub(crate) fn server_import(import_name: &str, runtime: &str) -> ModuleItem {
    runtime_import(REGISTER_SERVER_REFERENCE, import_name, runtime)
}

/// `registerServerReference(local, "fnId", "fnName");`
pub(crate) fn registration(function: &ServerFunction, import_name: &str) -> ModuleItem {
    let args = vec![
        Expr::Ident(ident(&function.local_name)).into(),
        string_expr(&function.fn_id),
        string_expr(&function.fn_name),
    ];
    ModuleItem::Stmt(Stmt::Expr(ExprStmt { span: DUMMY_SP, expr: call(import_name, args, DUMMY_SP) }))
}
