//! Finding inline server functions in a module that is not a server module:
//! functions whose body's directive prologue holds `"use server"`, at any
//! depth, each with its name and where it stands. With
//! `inlineFunctions: "error"` each is FW006; with `"hoist"` the rules of
//! SPEC section 10 apply (FW014, FW017, FW018, FW019).

use rustc_hash::FxHashMap;
use swc_core::atoms::Atom;
use swc_core::common::{BytePos, Span, Spanned};
use swc_core::ecma::ast::{
    ArrowExpr, ArrowFunctionBody, AssignExpr, AssignTarget, ClassMethod, ClassProp, Constructor, Decl, DefaultDecl,
    Expr, FnDecl, FnExpr, Function, FunctionBody, GetterProp, Ident, JSXAttr, JSXAttrName, JSXAttrOrSpread,
    JSXAttrValue, JSXExpr, KeyValueProp, MemberProp, MethodProp, Module, ModuleDecl, ModuleExportName, ModuleItem, Pat,
    PrivateMethod, PropName, SetterProp, SimpleAssignTarget, Stmt, VarDeclarator,
};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::diagnostics::Problem;
use crate::directive::use_server_directive;
use crate::exports::{export_name_of, unwrap};
use crate::function_ref::FunctionRef;
use crate::inline::captures::{uses_of, Contexts};
use crate::messages;
use crate::types::{Capture, Parts, Site};

/// An inline server function as found, before ids are given.
pub(crate) struct Found {
    /// `fnName`: the export name of a top-level export, else its own name,
    /// else the name it is assigned to, else `anonymous`.
    pub name: String,
    /// The names of the enclosing named functions and its own.
    pub path: Vec<String>,
    pub export_name: Option<String>,
    pub site: Site,
    /// The function itself, from `async` to its closing brace.
    pub span: Span,
    pub parts: Parts,
    pub arity: Option<u32>,
    pub captures: Vec<Capture>,
    /// Its own name, when its body refers to it (recursion): the hoisted
    /// function must give it a binding (section 10).
    pub own_name: Option<Atom>,
}

pub(crate) enum Mode {
    /// FW006 for each, at its directive.
    Error,
    /// FW005 for each, at its directive: the module is a `"use client"` one (section 1).
    UseClient,
    /// FW006 for each, server functions being off (a graph analysis with `server: false`).
    ServerOff,
    /// Compile them, with the resolver's contexts for captures; async
    /// generators too with `generators: "stream"` (section 14).
    Hoist { contexts: Contexts, stream_generators: bool },
}

pub(crate) fn find_inline_functions(module: &Module, mode: Mode, problems: &mut Vec<Problem>) -> Vec<Found> {
    let stream_generators = matches!(mode, Mode::Hoist { stream_generators: true, .. });
    let mut finder = Finder {
        mode,
        stream_generators,
        problems,
        exported_as: top_level_exports(module),
        enclosing: Vec::new(),
        scope_starts: Vec::new(),
        found: Vec::new(),
    };
    for item in &module.body {
        finder.module_item(item);
    }
    finder.found
}

/// `export { f as g }` of module-scope bindings: the first export name of each.
fn top_level_exports(module: &Module) -> FxHashMap<Atom, String> {
    let mut exports = FxHashMap::default();
    for item in &module.body {
        let ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) = item else { continue };
        if named.src.is_some() || named.type_only {
            continue;
        }
        for specifier in &named.specifiers {
            let swc_core::ecma::ast::ExportSpecifier::Named(specifier) = specifier else { continue };
            let ModuleExportName::Ident(local) = &specifier.orig else { continue };
            let exported = specifier.exported.as_ref().unwrap_or(&specifier.orig);
            if let Some(name) = export_name_of(exported) {
                exports.entry(local.sym.clone()).or_insert(name.to_string());
            }
        }
    }
    exports
}

/// A function-like node and what its surroundings say about it.
struct Candidate<'a> {
    node: FunctionRef<'a>,
    /// The declaration's or named expression's own name.
    own_name: Option<&'a Ident>,
    /// The name of the variable, property or export it is assigned to.
    assigned_name: Option<String>,
    export_name: Option<String>,
    site: Site,
    span: Span,
}

struct Finder<'p> {
    mode: Mode,
    stream_generators: bool,
    problems: &'p mut Vec<Problem>,
    exported_as: FxHashMap<Atom, String>,
    /// The names of the enclosing functions; `None` for anonymous ones.
    enclosing: Vec<Option<String>>,
    /// For each enclosing statement list, where a hoisted declaration goes.
    scope_starts: Vec<BytePos>,
    found: Vec<Found>,
}

fn prop_name(key: &PropName) -> Option<String> {
    match key {
        PropName::Ident(ident) => Some(ident.sym.to_string()),
        PropName::Str(string) => string.value.as_atom().map(|atom| atom.to_string()),
        PropName::Num(number) => Some(number.value.to_string()),
        _ => None,
    }
}

impl Finder<'_> {
    fn module_item(&mut self, item: &ModuleItem) {
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Fn(decl))) => {
                let export_name = self.exported_as.get(&decl.ident.sym).cloned();
                self.fn_decl(decl, export_name, true);
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => match &export.decl {
                Decl::Fn(decl) => self.fn_decl(decl, Some(decl.ident.sym.to_string()), true),
                Decl::Var(var) => {
                    for declarator in &var.decls {
                        let export_name = declarator_name(declarator).map(|name| name.to_string());
                        self.var_declarator(declarator, export_name);
                    }
                }
                other => other.visit_with(self),
            },
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &export.decl {
                DefaultDecl::Fn(function) => {
                    let binding = function.ident.as_ref().map(|ident| ident.sym.clone());
                    self.candidate(Candidate {
                        node: FunctionRef::Function(&function.function),
                        own_name: function.ident.as_ref(),
                        assigned_name: None,
                        export_name: Some("default".into()),
                        site: Site::TopLevel { binding, default_export: Some(export.span) },
                        span: function.function.span,
                    })
                }
                other => other.visit_with(self),
            },
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) => {
                self.expression(&export.expr, None, Some("default".into()))
            }
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(var))) => {
                for declarator in &var.decls {
                    let export_name = declarator_name(declarator).and_then(|name| self.exported_as.get(name).cloned());
                    self.var_declarator(declarator, export_name);
                }
            }
            other => other.visit_children_with(self),
        }
    }

    fn fn_decl(&mut self, decl: &FnDecl, export_name: Option<String>, top_level: bool) {
        let site = if top_level {
            Site::TopLevel { binding: Some(decl.ident.sym.clone()), default_export: None }
        } else {
            let scope_start = self.scope_starts.last().copied().unwrap_or(decl.function.span.lo);
            Site::Nested { name: decl.ident.sym.clone(), scope_start }
        };
        self.candidate(Candidate {
            node: FunctionRef::Function(&decl.function),
            own_name: Some(&decl.ident),
            assigned_name: None,
            export_name,
            site,
            span: decl.function.span,
        });
    }

    fn var_declarator(&mut self, declarator: &VarDeclarator, export_name: Option<String>) {
        let name = declarator_name(declarator).map(|name| name.to_string());
        match &declarator.init {
            Some(init) => {
                declarator.name.visit_with(self);
                self.expression(init, name, export_name);
            }
            None => declarator.visit_children_with(self),
        }
    }

    /// An expression that may be a function given a name by its place.
    fn expression(&mut self, expr: &Expr, assigned_name: Option<String>, export_name: Option<String>) {
        let (node, own_name, span) = match unwrap(expr) {
            Expr::Fn(function) => {
                (FunctionRef::Function(&function.function), function.ident.as_ref(), function.function.span)
            }
            Expr::Arrow(arrow) => (FunctionRef::Arrow(arrow), None, arrow.span),
            _ => return expr.visit_with(self),
        };
        self.candidate(Candidate { node, own_name, assigned_name, export_name, site: Site::Expression, span });
    }

    fn candidate(&mut self, candidate: Candidate) {
        let name = candidate.export_name.clone().or_else(|| candidate.own_name.map(|name| name.sym.to_string()));
        let name = name.or_else(|| candidate.assigned_name.clone());
        let Some(directive) = directive_of(candidate.node) else {
            self.enclosing.push(name);
            visit_function(candidate.node, self);
            self.enclosing.pop();
            return;
        };
        let contexts = match &self.mode {
            Mode::Error | Mode::UseClient | Mode::ServerOff => return self.refuse(directive),
            Mode::Hoist { contexts, .. } => *contexts,
        };
        let name = name.unwrap_or_else(|| "anonymous".into());
        let mut path: Vec<String> = self.enclosing.iter().flatten().cloned().collect();
        path.push(name.clone());
        let name_for_path = name.clone();
        self.check(candidate.node, candidate.span, &name);
        let uses = uses_of(candidate.node, contexts, candidate.own_name.map(Ident::to_id));
        for span in &uses.assigned_captures {
            self.problems.push(messages::inline_assigns_capture(*span, &name));
        }
        for (what, span) in &uses.own_context {
            self.problems.push(messages::inline_own_context(*span, &name, what));
        }
        self.found.push(Found {
            name,
            path,
            export_name: candidate.export_name,
            site: candidate.site,
            span: candidate.span,
            parts: parts_of(candidate.node),
            arity: candidate.node.arity(),
            captures: uses
                .captures
                .into_iter()
                .map(|((name, _), first_reference)| Capture { name, first_reference })
                .collect(),
            own_name: candidate.own_name.filter(|_| uses.own_name).map(|ident| ident.sym.clone()),
        });
        // A "use server" function inside this one is an inline function too (section 10).
        self.enclosing.push(Some(name_for_path));
        visit_function(candidate.node, self);
        self.enclosing.pop();
    }

    /// FW014 and FW017: what makes a function unfit whatever it uses.
    fn check(&mut self, node: FunctionRef, span: Span, name: &str) {
        let (is_async, is_generator, this_param) = match node {
            FunctionRef::Function(function) => {
                (function.is_async, function.is_generator, function.this_param.as_ref().map(|param| param.span))
            }
            FunctionRef::Arrow(arrow) => (arrow.is_async, arrow.is_generator, None),
        };
        if is_generator && !(is_async && self.stream_generators) {
            self.problems.push(messages::inline_generator(span, name, is_async));
        } else if !is_async {
            self.problems.push(messages::inline_not_async(span, name));
        }
        if let Some(this_param) = this_param {
            self.problems.push(messages::inline_this_parameter(this_param, name));
        }
    }

    /// FW006, or FW005 in a `"use client"` module, for an inline function that does not compile.
    fn refuse(&mut self, directive: Span) {
        let problem = match self.mode {
            Mode::UseClient => messages::inline_in_use_client_module(directive),
            Mode::ServerOff => messages::inline_with_server_off(directive),
            _ => messages::inline_outside_server_module(directive),
        };
        self.problems.push(problem);
    }

    /// A method, accessor or constructor whose body starts with the
    /// directive: FW018 (FW006 without hoisting); else a named function
    /// whose inside is searched.
    fn method(&mut self, name: Option<String>, body: Option<&FunctionBody>, span: Span, kind: &str) {
        let directive = body.and_then(|body| use_server_directive(&body.stmts));
        match (directive, &self.mode) {
            (Some(directive), Mode::Error | Mode::UseClient | Mode::ServerOff) => self.refuse(directive),
            (Some(_), Mode::Hoist { .. }) => self.problems.push(messages::inline_method(span, kind)),
            (None, _) => {}
        }
        self.enclosing.push(name);
        if let Some(body) = body {
            body.visit_with(self);
        }
        self.enclosing.pop();
    }
}

/// A string literal alone as a statement (a directive, in a prologue): a
/// hoisted declaration goes after those.
pub(crate) fn is_string_statement(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(expr) if matches!(&*expr.expr, Expr::Lit(swc_core::ecma::ast::Lit::Str(_))))
}

fn declarator_name(declarator: &VarDeclarator) -> Option<&Atom> {
    match &declarator.name {
        Pat::Ident(ident) => Some(&ident.id.sym),
        _ => None,
    }
}

/// The `"use server"` directive a function's body starts with.
fn directive_of(node: FunctionRef) -> Option<Span> {
    match node {
        FunctionRef::Function(function) => function.body.as_ref().and_then(|body| use_server_directive(&body.stmts)),
        FunctionRef::Arrow(arrow) => match &*arrow.body {
            ArrowFunctionBody::FunctionBody(body) => use_server_directive(&body.stmts),
            _ => None,
        },
    }
}

fn visit_function(node: FunctionRef, finder: &mut Finder) {
    match node {
        FunctionRef::Function(function) => function.visit_children_with(finder),
        FunctionRef::Arrow(arrow) => arrow.visit_children_with(finder),
    }
}

fn parts_of(node: FunctionRef) -> Parts {
    match node {
        FunctionRef::Function(function) => {
            let type_params = function.type_params.as_ref().map(|params| params.span);
            Parts {
                type_params,
                params: params_span(function.params.iter().map(|param| (param.span(), &param.pat))),
                params_search_from: type_params.map_or(function.span.lo, |span| span.hi),
                return_type: function.return_type.as_ref().map(|annotation| annotation.span),
                body: function.body.as_ref().map_or(function.span, |body| body.span),
                is_generator: function.is_generator,
            }
        }
        FunctionRef::Arrow(arrow) => {
            let type_params = arrow.type_params.as_ref().map(|params| params.span);
            Parts {
                type_params,
                params: params_span(arrow.params.iter().map(|pat| (pat.span(), pat))),
                params_search_from: type_params.map_or(arrow.span.lo, |span| span.hi),
                return_type: arrow.return_type.as_ref().map(|annotation| annotation.span),
                body: arrow.body.span(),
                is_generator: arrow.is_generator,
            }
        }
    }
}

/// From the first parameter's start to the furthest end of the last one,
/// its type annotation included.
fn params_span<'a>(params: impl Iterator<Item = (Span, &'a Pat)>) -> Option<Span> {
    params.fold(None, |span: Option<Span>, (param_span, pat)| {
        let hi = param_span.hi.max(pattern_end(pat));
        Some(match span {
            None => Span::new(param_span.lo, hi),
            Some(span) => Span::new(span.lo, hi),
        })
    })
}

/// The end of a parameter pattern, its type annotation included.
fn pattern_end(pat: &Pat) -> BytePos {
    let annotation = match pat {
        Pat::Ident(ident) => ident.type_ann.as_ref(),
        Pat::Array(array) => array.type_ann.as_ref(),
        Pat::Object(object) => object.type_ann.as_ref(),
        Pat::Rest(rest) => rest.type_ann.as_ref(),
        _ => None,
    };
    annotation.map_or(pat.span().hi, |annotation| annotation.span.hi.max(pat.span().hi))
}

impl Visit for Finder<'_> {
    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        let first = stmts.iter().find(|stmt| !is_string_statement(stmt));
        self.scope_starts.push(first.map_or(BytePos(0), |stmt| stmt.span().lo));
        stmts.visit_children_with(self);
        self.scope_starts.pop();
    }

    fn visit_fn_decl(&mut self, decl: &FnDecl) {
        self.fn_decl(decl, None, false);
    }

    fn visit_var_declarator(&mut self, declarator: &VarDeclarator) {
        self.var_declarator(declarator, None);
    }

    fn visit_fn_expr(&mut self, function: &FnExpr) {
        let expr = function;
        self.candidate(Candidate {
            node: FunctionRef::Function(&expr.function),
            own_name: expr.ident.as_ref(),
            assigned_name: None,
            export_name: None,
            site: Site::Expression,
            span: expr.function.span,
        });
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        self.candidate(Candidate {
            node: FunctionRef::Arrow(arrow),
            own_name: None,
            assigned_name: None,
            export_name: None,
            site: Site::Expression,
            span: arrow.span,
        });
    }

    fn visit_key_value_prop(&mut self, prop: &KeyValueProp) {
        prop.key.visit_with(self);
        self.expression(&prop.value, prop_name(&prop.key), None);
    }

    fn visit_class_prop(&mut self, prop: &ClassProp) {
        prop.key.visit_with(self);
        if let Some(value) = &prop.value {
            self.expression(value, prop_name(&prop.key), None);
        }
    }

    fn visit_assign_expr(&mut self, assign: &AssignExpr) {
        let name = match &assign.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(ident)) => Some(ident.id.sym.to_string()),
            AssignTarget::Simple(SimpleAssignTarget::Member(member)) => match &member.prop {
                MemberProp::Ident(prop) => Some(prop.sym.to_string()),
                _ => None,
            },
            _ => None,
        };
        assign.left.visit_with(self);
        self.expression(&assign.right, name, None);
    }

    fn visit_jsx_attr(&mut self, attr: &JSXAttr) {
        let name = match &attr.name {
            JSXAttrName::Ident(ident) => Some(ident.sym.to_string()),
            JSXAttrName::JSXNamespacedName(name) => Some(name.name.sym.to_string()),
        };
        match &attr.value {
            Some(JSXAttrValue::JSXExprContainer(container)) => match &container.expr {
                JSXExpr::Expr(expr) => self.expression(expr, name, None),
                JSXExpr::JSXEmptyExpr(_) => {}
            },
            other => other.visit_with(self),
        }
    }

    fn visit_jsx_attr_or_spread(&mut self, attr: &JSXAttrOrSpread) {
        attr.visit_children_with(self);
    }

    fn visit_class_method(&mut self, method: &ClassMethod) {
        self.function_member(prop_name(&method.key), &method.function, method.span, "class method");
    }

    fn visit_private_method(&mut self, method: &PrivateMethod) {
        let name = Some(method.key.name.to_string());
        self.function_member(name, &method.function, method.span, "class method");
    }

    fn visit_method_prop(&mut self, method: &MethodProp) {
        self.function_member(prop_name(&method.key), &method.function, method.function.span, "method");
    }

    fn visit_constructor(&mut self, constructor: &Constructor) {
        constructor.params.visit_with(self);
        self.method(Some("constructor".into()), constructor.body.as_ref(), constructor.span, "constructor");
    }

    fn visit_getter_prop(&mut self, getter: &GetterProp) {
        self.function_member(prop_name(&getter.key), &getter.function, getter.span, "getter");
    }

    fn visit_setter_prop(&mut self, setter: &SetterProp) {
        self.function_member(prop_name(&setter.key), &setter.function, setter.span, "setter");
    }
}

impl Finder<'_> {
    fn function_member(&mut self, name: Option<String>, function: &Function, span: Span, kind: &str) {
        function.params.visit_with(self);
        self.method(name, function.body.as_ref(), span, kind);
    }
}
