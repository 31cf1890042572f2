//! The changes of `inline_text`, made to an SWC `Module` (the AST pass).

use swc_core::common::{comments::Comments, BytePos, Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{
    ArrowExpr, ArrowFunctionBody, BindingIdent, Decl, DefaultDecl, ExportDecl, ExportDefaultExpr, Expr, ExprOrSpread,
    FnDecl, Function, Ident, Lit, MemberExpr, MemberProp, Module, ModuleDecl, ModuleItem, Null, Number, Param, Pat,
    Stmt, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_core::ecma::visit::{Visit, VisitMut, VisitMutWith, VisitWith};

use crate::analysis::InlineModule;
use crate::emit::ast::{call, ident, registration, runtime_import, string_expr};
use crate::inline::{InlineFunction, Site};
use crate::names::{InlineNames, CREATE_SERVER_REFERENCE, REGISTER_SERVER_REFERENCE};

pub(crate) fn inline_client(
    module: &mut Module,
    inline: &InlineModule,
    names: &InlineNames,
    runtime: &str,
    comments: Option<&dyn Comments>,
) {
    let mut replacer = Replacer { inline, names, comments, server: false, hoisted: Vec::new() };
    module.visit_mut_with(&mut replacer);
    module.body.insert(inline.prologue_len, runtime_import(CREATE_SERVER_REFERENCE, &names.import, runtime));
}

pub(crate) fn inline_server(module: &mut Module, inline: &InlineModule, names: &InlineNames, runtime: &str) {
    let mut replacer = Replacer { inline, names, comments: None, server: true, hoisted: Vec::new() };
    module.visit_mut_with(&mut replacer);
    let hoisted = replacer.hoisted;
    module.body.insert(inline.prologue_len, runtime_import(REGISTER_SERVER_REFERENCE, &names.import, runtime));
    module.body.extend(hoisted.into_iter().map(|decl| ModuleItem::Stmt(Stmt::Decl(Decl::Fn(decl)))));
    for (function, hoisted) in inline.functions.iter().zip(&names.hoisted) {
        let binding = match (&function.site, hoisted) {
            (_, Some(hoisted)) => hoisted.as_str(),
            (Site::TopLevel { binding: Some(binding), .. }, None) => binding.as_str(),
            _ => names.default_local.as_deref().expect("named for an anonymous default export"),
        };
        module.body.push(registration(&function.function, binding, &names.import));
    }
}

struct Replacer<'a> {
    inline: &'a InlineModule,
    names: &'a InlineNames,
    comments: Option<&'a dyn Comments>,
    server: bool,
    /// The functions moved to module scope, in the order of `inline.functions`.
    hoisted: Vec<FnDecl>,
}

impl Replacer<'_> {
    fn find(&self, span: Span) -> Option<(usize, &InlineFunction)> {
        self.inline.functions.iter().enumerate().find(|(_, function)| function.span.lo == span.lo)
    }

    /// The stub of `function` (client), or its hoisted function bound to its
    /// captures (server), taking `node` as the hoisted function's body.
    fn replacement(&mut self, index: usize, node: Function) -> Box<Expr> {
        let function = &self.inline.functions[index];
        // The captures as the function refers to them: with the syntax
        // contexts of a host that resolved the program, so that its hygiene
        // sees the same bindings.
        let captures: Vec<Ident> = function
            .captures
            .iter()
            .map(|capture| {
                let mut reference = IdentAt { at: capture.first_reference, found: None };
                node.visit_with(&mut reference);
                let ctxt = reference.found.unwrap_or_default();
                Ident::new(capture.name.clone(), DUMMY_SP, ctxt)
            })
            .collect();
        let callee = if self.server {
            let hoisted = self.names.hoisted[index].clone().expect("every function that moves has a hoisted name");
            self.hoisted.push(hoisted_decl(&hoisted, &captures, node));
            Box::new(Expr::Ident(ident(&hoisted)))
        } else {
            let mut args = vec![string_expr(&function.function.fn_id), string_expr(&function.function.fn_name)];
            if let Some(arity) = function.stub_arity() {
                args.push(Expr::Lit(Lit::Num(Number::from(arity as f64))).into());
            }
            let span = match self.comments {
                Some(comments) => {
                    let span = Span::dummy_with_cmt();
                    comments.add_pure_comment(span.lo);
                    span
                }
                None => DUMMY_SP,
            };
            call(&self.names.import, args, span)
        };
        bound(callee, captures)
    }

    /// A function declaration in place: `var <name> = <replacement>;`, the
    /// name the declaration's own (its syntax context included).
    fn declaration(&mut self, index: usize, decl: &FnDecl) -> Decl {
        let init = self.replacement(index, (*decl.function).clone());
        var(decl.ident.clone(), init)
    }
}

/// The identifier at `at` in a node, for its syntax context.
struct IdentAt {
    at: BytePos,
    found: Option<SyntaxContext>,
}

impl Visit for IdentAt {
    fn visit_ident(&mut self, ident: &Ident) {
        if ident.span.lo == self.at {
            self.found = Some(ident.ctxt);
        }
    }
}

fn var(name: Ident, init: Box<Expr>) -> Decl {
    Decl::Var(Box::new(VarDecl {
        span: DUMMY_SP,
        kind: VarDeclKind::Var,
        decls: vec![VarDeclarator { span: DUMMY_SP, name: name.into(), init: Some(init), definite: false }],
        ..Default::default()
    }))
}

fn bound(callee: Box<Expr>, captures: Vec<Ident>) -> Box<Expr> {
    if captures.is_empty() {
        return callee;
    }
    let bind = MemberExpr { span: DUMMY_SP, obj: callee, prop: MemberProp::Ident(ident("bind").into()) };
    let mut args: Vec<ExprOrSpread> = vec![Expr::Lit(Lit::Null(Null { span: DUMMY_SP })).into()];
    args.extend(captures.into_iter().map(|capture| ExprOrSpread::from(Expr::Ident(capture))));
    Box::new(Expr::Call(swc_core::ecma::ast::CallExpr {
        span: DUMMY_SP,
        callee: swc_core::ecma::ast::Callee::Expr(Box::new(Expr::Member(bind))),
        args,
        ..Default::default()
    }))
}

/// `async function <name>(<captures>, <parameters>) <body>` from the function.
fn hoisted_decl(name: &str, captures: &[Ident], mut function: Function) -> FnDecl {
    let captured = captures.iter().map(|capture| Param::from(Pat::Ident(BindingIdent::from(capture.clone()))));
    function.params = captured.chain(function.params).collect();
    FnDecl { ident: ident(name), declare: false, function: Box::new(function) }
}

/// An arrow as the function it is hoisted as.
fn arrow_function(arrow: &ArrowExpr) -> Function {
    let body = match &*arrow.body {
        ArrowFunctionBody::FunctionBody(body) => Some(body.clone()),
        _ => None,
    };
    Function {
        params: arrow.params.iter().cloned().map(Param::from).collect(),
        body,
        is_async: arrow.is_async,
        is_generator: false,
        type_params: arrow.type_params.clone(),
        return_type: arrow.return_type.clone(),
        span: arrow.span,
        ..Default::default()
    }
}

impl VisitMut for Replacer<'_> {
    fn visit_mut_module_items(&mut self, items: &mut Vec<ModuleItem>) {
        let mut replaced = Vec::with_capacity(items.len());
        for mut item in items.drain(..) {
            let top_level = match &item {
                ModuleItem::Stmt(Stmt::Decl(Decl::Fn(decl))) => Some(decl.function.span),
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Fn(decl), .. })) => {
                    Some(decl.function.span)
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &export.decl {
                    DefaultDecl::Fn(function) => Some(function.function.span),
                    _ => None,
                },
                _ => None,
            };
            let Some(index) = top_level.and_then(|span| self.find(span)).map(|(index, _)| index) else {
                item.visit_mut_with(self);
                replaced.push(item);
                continue;
            };
            let site = self.inline.functions[index].site.clone();
            if self.server {
                // A declaration at module scope stays; an anonymous default export gets its name.
                if let (Site::TopLevel { binding: None, .. }, Some(local)) = (&site, &self.names.default_local) {
                    if let ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) = &mut item {
                        if let DefaultDecl::Fn(function) = &mut export.decl {
                            function.ident = Some(ident(local));
                        }
                    }
                }
                replaced.push(item);
                continue;
            }
            match item {
                ModuleItem::Stmt(Stmt::Decl(Decl::Fn(decl))) => {
                    replaced.push(ModuleItem::Stmt(Stmt::Decl(self.declaration(index, &decl))));
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { span, decl: Decl::Fn(decl) })) => {
                    let decl = self.declaration(index, &decl);
                    replaced.push(ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { span, decl })));
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => {
                    let DefaultDecl::Fn(function) = export.decl else { unreachable!("matched above") };
                    let stub = self.replacement(index, *function.function);
                    let export_default = |expr| {
                        ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(ExportDefaultExpr {
                            span: DUMMY_SP,
                            expr,
                        }))
                    };
                    match function.ident {
                        Some(name) => {
                            replaced.push(ModuleItem::Stmt(Stmt::Decl(var(name.clone(), stub))));
                            replaced.push(export_default(Box::new(Expr::Ident(name))));
                        }
                        None => replaced.push(export_default(stub)),
                    }
                }
                _ => unreachable!("matched above"),
            }
        }
        *items = replaced;
    }

    fn visit_mut_stmt(&mut self, stmt: &mut Stmt) {
        if let Stmt::Decl(Decl::Fn(decl)) = stmt {
            if let Some((index, _)) = self.find(decl.function.span) {
                *stmt = Stmt::Decl(self.declaration(index, decl));
                return;
            }
        }
        stmt.visit_mut_children_with(self);
    }

    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        let found = match &*expr {
            Expr::Fn(function) => self.find(function.function.span).map(|(index, _)| index),
            Expr::Arrow(arrow) => self.find(arrow.span).map(|(index, _)| index),
            _ => None,
        };
        let Some(index) = found else {
            return expr.visit_mut_children_with(self);
        };
        let node = match &*expr {
            Expr::Fn(function) => (*function.function).clone(),
            Expr::Arrow(arrow) => arrow_function(arrow),
            _ => unreachable!("matched above"),
        };
        *expr = *self.replacement(index, node);
    }
}
