//! The changes of `inline_text`, made to an SWC `Module` (the AST pass).

use swc_core::common::{comments::Comments, BytePos, Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{
    ArrayLit, ArrowExpr, ArrowFunctionBody, BindingIdent, Decl, DefaultDecl, ExportDecl, ExportDefaultExpr, Expr,
    ExprOrSpread, FnDecl, FnExpr, Function, FunctionBody, Ident, Lit, MemberExpr, MemberProp, Module, ModuleDecl,
    ModuleItem, Null, Number, Param, ParenExpr, Pat, RestPat, ReturnStmt, Stmt, VarDecl, VarDeclKind, VarDeclarator,
    YieldExpr,
};
use swc_core::ecma::visit::{Visit, VisitMut, VisitMutWith, VisitWith};

use crate::emit::ast::{call, registration, runtime_import};
use crate::emit::literal::ident;
use crate::emit::stub::StubArguments;
use crate::inline::is_string_statement;
use crate::options::Target;
use crate::types::{InlineFunction, InlineModule, InlineNames, Site};

pub(crate) fn inline_client(
    module: &mut Module,
    inline: &InlineModule,
    names: &InlineNames,
    runtime: &str,
    build_id: Option<&str>,
    comments: Option<&dyn Comments>,
) {
    let mut replacer = Replacer::new(inline, names, comments, false, build_id);
    module.visit_mut_with(&mut replacer);
    module.body.insert(inline.prologue_len, runtime_import(&names.imports(Target::Client), runtime));
}

pub(crate) fn inline_server(module: &mut Module, inline: &InlineModule, names: &InlineNames, runtime: &str) {
    let mut replacer = Replacer::new(inline, names, None, true, None);
    module.visit_mut_with(&mut replacer);
    let hoisted = replacer.hoisted;
    module.body.insert(inline.prologue_len, runtime_import(&names.imports(Target::Server), runtime));
    module.body.extend(hoisted.into_iter().flatten().map(|decl| ModuleItem::Stmt(Stmt::Decl(Decl::Fn(decl)))));
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
    /// The build the client's stubs belong to (section 16).
    build_id: Option<&'a str>,
    /// The functions moved to module scope, by their index in `inline.functions`.
    hoisted: Vec<Option<FnDecl>>,
}

impl<'a> Replacer<'a> {
    fn new(
        inline: &'a InlineModule,
        names: &'a InlineNames,
        comments: Option<&'a dyn Comments>,
        server: bool,
        build_id: Option<&'a str>,
    ) -> Self {
        let hoisted = inline.functions.iter().map(|_| None).collect();
        Replacer { inline, names, comments, server, build_id, hoisted }
    }

    fn find(&self, span: Span) -> Option<(usize, &InlineFunction)> {
        self.inline.functions.iter().enumerate().find(|(_, function)| function.span.lo == span.lo)
    }

    /// The stub of `function` (client), or its hoisted function (server),
    /// taking `node` as the hoisted function's body and `own` as its own
    /// name; and its captures, to bind.
    fn replacement(&mut self, index: usize, mut node: Function, own: Option<Ident>) -> (Box<Expr>, Vec<Ident>) {
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
        if self.server {
            let hoisted = self.names.hoisted[index].clone().expect("every function that moves has a hoisted name");
            let own = own.filter(|_| function.own_name.is_some()).zip(self.names.args.as_deref());
            // The inline functions inside it move with it (section 10).
            node.visit_mut_with(self);
            self.hoisted[index] = Some(hoisted_decl(&hoisted, &captures, node, own));
            return (Box::new(Expr::Ident(ident(&hoisted))), captures);
        }
        let args = StubArguments {
            fn_id: &function.function.fn_id,
            fn_name: &function.function.fn_name,
            arity: function.stub_arity(),
            method: None,
            build_id: self.build_id,
        }
        .ast();
        let span = match self.comments {
            Some(comments) => {
                let span = Span::dummy_with_cmt();
                comments.add_pure_comment(span.lo);
                span
            }
            None => DUMMY_SP,
        };
        (call(&self.names.import, args, span), captures)
    }

    /// [`Self::replacement`] bound to its captures.
    fn bound_replacement(&mut self, index: usize, node: Function, own: Option<Ident>) -> Box<Expr> {
        let (callee, captures) = self.replacement(index, node, own);
        bound(callee, captures)
    }

    /// A function declaration in place: `var <name> = <replacement>;`, the
    /// name the declaration's own (its syntax context included).
    fn declaration(&mut self, index: usize, decl: &FnDecl) -> Decl {
        let init = self.bound_replacement(index, (*decl.function).clone(), Some(decl.ident.clone()));
        var(decl.ident.clone(), init)
    }

    /// A nested declaration's binding: `bindLive(<callee>, () => [<captures>], n)`,
    /// the captures read at each call (section 10); `<callee>` when nothing is captured.
    fn live(&self, callee: Box<Expr>, captures: Vec<Ident>) -> Box<Expr> {
        let Some(bind_live) = self.names.bind_live.as_deref().filter(|_| !captures.is_empty()) else {
            return callee;
        };
        let count = captures.len();
        let values = ArrayLit {
            span: DUMMY_SP,
            elems: captures.into_iter().map(|capture| Some(ExprOrSpread::from(Expr::Ident(capture)))).collect(),
        };
        let thunk =
            ArrowExpr { body: Box::new(ArrowFunctionBody::Expr(Box::new(Expr::Array(values)))), ..Default::default() };
        let count = Expr::Lit(Lit::Num(Number::from(count as f64)));
        call(bind_live, vec![ExprOrSpread::from(callee), Expr::Arrow(thunk).into(), count.into()], DUMMY_SP)
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

/// `async function <name>(<captures>, <parameters>) <body>` from the
/// function; with its own name, `async function <name>(<captures>, ...args)
/// { return (async function <own>(<parameters>) <body>)(...args); }`.
fn hoisted_decl(name: &str, captures: &[Ident], mut function: Function, own: Option<(Ident, &str)>) -> FnDecl {
    let captured = captures.iter().map(|capture| Param::from(Pat::Ident(BindingIdent::from(capture.clone()))));
    let Some((own, args)) = own else {
        function.params = captured.chain(function.params).collect();
        return FnDecl { ident: ident(name), declare: false, function: Box::new(function) };
    };
    // An async generator (section 14) stays one, and its wrapper delegates to it.
    let is_generator = function.is_generator;
    let inner = Expr::Paren(ParenExpr {
        span: DUMMY_SP,
        expr: Box::new(Expr::Fn(FnExpr { ident: Some(own), function: Box::new(function) })),
    });
    let spread = ExprOrSpread { spread: Some(DUMMY_SP), expr: Box::new(Expr::Ident(ident(args))) };
    let call = swc_core::ecma::ast::CallExpr {
        span: DUMMY_SP,
        callee: swc_core::ecma::ast::Callee::Expr(Box::new(inner)),
        args: vec![spread],
        ..Default::default()
    };
    let rest = Pat::Rest(RestPat {
        span: DUMMY_SP,
        dot3_token: DUMMY_SP,
        arg: Box::new(Pat::Ident(BindingIdent::from(ident(args)))),
        type_ann: None,
    });
    let returned = if is_generator {
        Expr::Yield(YieldExpr { span: DUMMY_SP, arg: Some(Box::new(Expr::Call(call))), delegate: true })
    } else {
        Expr::Call(call)
    };
    let body = FunctionBody {
        span: DUMMY_SP,
        stmts: vec![Stmt::Return(ReturnStmt { span: DUMMY_SP, arg: Some(Box::new(returned)) })],
    };
    let wrapper = Function {
        params: captured.chain([Param::from(rest)]).collect(),
        body: Some(body),
        is_async: true,
        is_generator,
        ..Default::default()
    };
    FnDecl { ident: ident(name), declare: false, function: Box::new(wrapper) }
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
                // It stays; the inline functions inside it move.
                item.visit_mut_with(self);
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
                    let stub = self.bound_replacement(index, *function.function, None);
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

    /// Nested declarations become `var`s at the start of their statement
    /// list, after any strings (section 10).
    fn visit_mut_stmts(&mut self, stmts: &mut Vec<Stmt>) {
        let mut declarations = Vec::new();
        let mut kept = Vec::with_capacity(stmts.len());
        for mut stmt in stmts.drain(..) {
            let nested = match &stmt {
                Stmt::Decl(Decl::Fn(decl)) => self
                    .find(decl.function.span)
                    .filter(|(_, function)| matches!(function.site, Site::Nested { .. }))
                    .map(|(index, _)| index),
                _ => None,
            };
            match (nested, stmt) {
                (Some(index), Stmt::Decl(Decl::Fn(decl))) => {
                    let (callee, captures) =
                        self.replacement(index, (*decl.function).clone(), Some(decl.ident.clone()));
                    declarations.push(Stmt::Decl(var(decl.ident, self.live(callee, captures))));
                }
                (_, other) => {
                    stmt = other;
                    stmt.visit_mut_with(self);
                    kept.push(stmt);
                }
            }
        }
        let at = kept.iter().position(|stmt| !is_string_statement(stmt)).unwrap_or(kept.len());
        kept.splice(at..at, declarations);
        *stmts = kept;
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
        let (node, own) = match &*expr {
            Expr::Fn(function) => ((*function.function).clone(), function.ident.clone()),
            Expr::Arrow(arrow) => (arrow_function(arrow), None),
            _ => unreachable!("matched above"),
        };
        *expr = *self.bound_replacement(index, node, own);
    }
}
