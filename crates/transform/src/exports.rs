//! SPEC section 2: the export rules of a server module, all in this file,
//! with what the options of section 9 accept and the builder of section 12.
//!
//! Each module-level binding is classified once ([`Binding`]); an export's
//! verdict is read from its binding. Accepted exports become [`Export`]s;
//! every other runtime export is a [`Problem`] with its code (FW002,
//! FW010-FW016). All problems of a module are collected in one pass.

use rustc_hash::{FxHashMap, FxHashSet};

use swc_core::atoms::Atom;
use swc_core::common::{Span, Spanned};
use swc_core::ecma::ast::{
    Callee, Decl, DefaultDecl, ExportDefaultDecl, ExportDefaultExpr, ExportSpecifier, Expr, ExprOrSpread,
    ImportSpecifier, Lit, Module, ModuleDecl, ModuleExportName, ModuleItem, OptChainBase, Pat, Prop, PropName,
    PropOrSpread, Stmt, Str, TsModuleName, VarDeclKind,
};

use crate::diagnostics::Problem;
use crate::function_ref::FunctionRef;
use crate::messages;
use crate::types::{AnonymousDefault, Method};

/// One accepted export: a server function.
pub(crate) struct Export {
    /// The exported name, string-literal names unescaped.
    pub export_name: String,
    /// The binding in the module; `default` for an anonymous default export.
    pub local: Atom,
    /// Where the export starts (for an export list, its specifier).
    pub span: Span,
    pub arity: Option<u32>,
    pub method: Option<Method>,
    /// Set for a default export without a module binding to register.
    pub anonymous: Option<AnonymousDefault>,
}

/// What the options decide (sections 9, 12 and 14).
pub(crate) struct ExportRules<'a> {
    pub wrapped_exports: bool,
    pub default_export: bool,
    /// `generators: "stream"`: an `async function*` is a server function (section 14).
    pub stream_generators: bool,
    /// The server runtime's specifier, which `createServerFn` is imported from.
    pub server_runtime: &'a str,
}

/// What a module-level name is bound to.
#[derive(Clone, Copy)]
enum Binding<'a> {
    Function(FunctionRef<'a>),
    /// A `const` initialized by a call (after the wrappers of [`unwrap`]).
    Call(&'a Expr),
    /// Overload signatures with no implementation.
    Signature,
    /// `declare …`: no runtime body.
    Ambient,
    /// A runtime value that is not a function: `let`, `var`, class, enum, …
    Value(&'static str),
    /// `name` is the imported name; `None` for default and namespace imports
    /// and `import x = …`.
    Imported {
        source: Option<&'a Str>,
        name: Option<&'a str>,
    },
    Type,
}

impl Binding<'_> {
    fn is_runtime(self) -> bool {
        !matches!(self, Binding::Type)
    }
}

/// An export name as written, a string-literal name unescaped (section 2);
/// `None` for a string that is not well-formed Unicode.
pub(crate) fn export_name_of(name: &ModuleExportName) -> Option<&str> {
    match name {
        ModuleExportName::Ident(ident) => Some(&ident.sym),
        ModuleExportName::Str(string) => string.value.as_atom().map(|atom| atom.as_str()),
        // Built with `--cfg swc_ast_unknown`, SWC's enums are non-exhaustive.
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Skips the wrappers that leave a value what it is: parentheses and
/// TypeScript's `as`, `satisfies`, `!` and `<T>` assertions.
pub(crate) fn unwrap(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => unwrap(&inner.expr),
        Expr::TsAs(inner) => unwrap(&inner.expr),
        Expr::TsSatisfies(inner) => unwrap(&inner.expr),
        Expr::TsNonNull(inner) => unwrap(&inner.expr),
        Expr::TsTypeAssertion(inner) => unwrap(&inner.expr),
        other => other,
    }
}

fn function_of(expr: &Expr) -> Option<FunctionRef<'_>> {
    match unwrap(expr) {
        Expr::Fn(function) => Some(FunctionRef::Function(&function.function)),
        Expr::Arrow(arrow) => Some(FunctionRef::Arrow(arrow)),
        _ => None,
    }
}

/// What a `const` is initialized to, when that makes it a server function candidate.
fn initializer_binding(init: &Expr) -> Option<Binding<'_>> {
    match unwrap(init) {
        Expr::Fn(function) => Some(Binding::Function(FunctionRef::Function(&function.function))),
        Expr::Arrow(arrow) => Some(Binding::Function(FunctionRef::Arrow(arrow))),
        call @ (Expr::Call(_) | Expr::OptChain(_)) if callee_of(call).is_some() => Some(Binding::Call(call)),
        _ => None,
    }
}

/// The callee and arguments of a call, optional calls (`f?.(x)`) included.
fn callee_of(expr: &Expr) -> Option<(&Expr, &[ExprOrSpread])> {
    match expr {
        Expr::Call(call) => match &call.callee {
            Callee::Expr(callee) => Some((callee, &call.args)),
            Callee::Super(_) | Callee::Import(_) => None,
        },
        Expr::OptChain(chain) => match &*chain.base {
            OptChainBase::Call(call) => Some((&call.callee, &call.args)),
            OptChainBase::Member(_) => None,
        },
        _ => None,
    }
}

/// Every module-level binding, exported or not.
fn collect_bindings(module: &Module) -> FxHashMap<Atom, Binding<'_>> {
    let mut bindings = FxHashMap::default();
    for item in &module.body {
        match item {
            ModuleItem::Stmt(Stmt::Decl(decl)) => bind_decl(decl, &mut bindings),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => bind_decl(&export.decl, &mut bindings),
            ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => {
                for specifier in &import.specifiers {
                    let (local, name, type_only) = match specifier {
                        ImportSpecifier::Named(named) => {
                            let name = match &named.imported {
                                None => Some(named.local.sym.as_str()),
                                Some(ModuleExportName::Ident(imported)) => Some(imported.sym.as_str()),
                                Some(ModuleExportName::Str(imported)) => {
                                    imported.value.as_atom().map(|atom| atom.as_str())
                                }
                                // Built with `--cfg swc_ast_unknown`, SWC's enums are non-exhaustive.
                                #[allow(unreachable_patterns)]
                                Some(_) => None,
                            };
                            (&named.local, name, named.is_type_only)
                        }
                        ImportSpecifier::Default(default) => (&default.local, None, false),
                        ImportSpecifier::Namespace(namespace) => (&namespace.local, None, false),
                    };
                    let binding = if import.type_only || type_only {
                        Binding::Type
                    } else {
                        Binding::Imported { source: Some(&import.src), name }
                    };
                    bind(&mut bindings, local.sym.clone(), binding);
                }
            }
            ModuleItem::ModuleDecl(ModuleDecl::TsImportEquals(import)) => {
                let binding =
                    if import.is_type_only { Binding::Type } else { Binding::Imported { source: None, name: None } };
                bind(&mut bindings, import.id.sym.clone(), binding);
            }
            _ => {}
        }
    }
    bindings
}

/// Records a binding; a runtime binding wins over a type of the same name,
/// an implementation over its overload signatures.
fn bind<'a>(bindings: &mut FxHashMap<Atom, Binding<'a>>, name: Atom, binding: Binding<'a>) {
    match (bindings.get(&name), binding) {
        (Some(Binding::Function(_)), Binding::Signature) => {}
        (Some(existing), Binding::Type) if existing.is_runtime() => {}
        _ => {
            bindings.insert(name, binding);
        }
    }
}

fn bind_decl<'a>(decl: &'a Decl, bindings: &mut FxHashMap<Atom, Binding<'a>>) {
    match decl {
        Decl::Fn(fn_decl) => {
            let binding = if fn_decl.declare {
                Binding::Ambient
            } else if fn_decl.function.body.is_none() {
                Binding::Signature
            } else {
                Binding::Function(FunctionRef::Function(&fn_decl.function))
            };
            bind(bindings, fn_decl.ident.sym.clone(), binding);
        }
        Decl::Var(var) => {
            for declarator in &var.decls {
                let initialized = match (&declarator.name, &declarator.init) {
                    (Pat::Ident(_), Some(init)) if var.kind == VarDeclKind::Const => initializer_binding(init),
                    _ => None,
                };
                let binding = match initialized {
                    _ if var.declare => Binding::Ambient,
                    Some(binding) => binding,
                    None => Binding::Value(var_kind_name(var.kind)),
                };
                for name in pattern_names(&declarator.name) {
                    bind(bindings, name, binding);
                }
            }
        }
        Decl::Class(class) => {
            let binding = if class.declare { Binding::Ambient } else { Binding::Value("a class") };
            bind(bindings, class.ident.sym.clone(), binding);
        }
        Decl::TsEnum(enum_decl) => {
            let binding = if enum_decl.declare { Binding::Ambient } else { Binding::Value("an enum") };
            bind(bindings, enum_decl.id.sym.clone(), binding);
        }
        Decl::TsModule(module_decl) => {
            if let TsModuleName::Ident(id) = &module_decl.id {
                let binding = if module_decl.declare { Binding::Ambient } else { Binding::Value("a namespace") };
                bind(bindings, id.sym.clone(), binding);
            }
        }
        Decl::TsInterface(interface) => bind(bindings, interface.id.sym.clone(), Binding::Type),
        Decl::TsTypeAlias(alias) => bind(bindings, alias.id.sym.clone(), Binding::Type),
        Decl::Using(using) => {
            for declarator in &using.decls {
                for name in pattern_names(&declarator.name) {
                    bind(bindings, name, Binding::Value("a `using` binding"));
                }
            }
        }
    }
}

fn var_kind_name(kind: VarDeclKind) -> &'static str {
    match kind {
        VarDeclKind::Const => "a constant",
        VarDeclKind::Let => "a `let` variable",
        VarDeclKind::Var => "a `var` variable",
    }
}

/// The names a binding pattern declares.
fn pattern_names(pat: &Pat) -> Vec<Atom> {
    let mut names = Vec::new();
    let mut stack = vec![pat];
    while let Some(pat) = stack.pop() {
        match pat {
            Pat::Ident(ident) => names.push(ident.id.sym.clone()),
            Pat::Array(array) => stack.extend(array.elems.iter().flatten()),
            Pat::Object(object) => {
                for prop in &object.props {
                    match prop {
                        swc_core::ecma::ast::ObjectPatProp::KeyValue(kv) => stack.push(&kv.value),
                        swc_core::ecma::ast::ObjectPatProp::Assign(assign) => names.push(assign.key.sym.clone()),
                        swc_core::ecma::ast::ObjectPatProp::Rest(rest) => stack.push(&rest.arg),
                    }
                }
            }
            Pat::Rest(rest) => stack.push(&rest.arg),
            Pat::Assign(assign) => stack.push(&assign.left),
            Pat::Invalid(_) | Pat::Expr(_) => {}
        }
    }
    names
}

/// The runtime names a declaration binds; a type binds none.
fn declared_names(decl: &Decl) -> Vec<Atom> {
    match decl {
        Decl::Fn(fn_decl) => vec![fn_decl.ident.sym.clone()],
        Decl::Var(var) => var.decls.iter().flat_map(|declarator| pattern_names(&declarator.name)).collect(),
        Decl::Using(using) => using.decls.iter().flat_map(|declarator| pattern_names(&declarator.name)).collect(),
        Decl::Class(class) => vec![class.ident.sym.clone()],
        Decl::TsEnum(enum_decl) => vec![enum_decl.id.sym.clone()],
        Decl::TsModule(module_decl) => match &module_decl.id {
            TsModuleName::Ident(id) => vec![id.sym.clone()],
            _ => Vec::new(),
        },
        Decl::TsInterface(_) | Decl::TsTypeAlias(_) => Vec::new(),
    }
}

/// Walks the exports of a server module in source order.
struct ExportScan<'a> {
    rules: &'a ExportRules<'a>,
    bindings: FxHashMap<Atom, Binding<'a>>,
    exported_names: FxHashSet<String>,
    exports: Vec<Export>,
    problems: Vec<Problem>,
}

/// The server functions a server module exports, and every problem with its
/// exports. FW002 points at the `directive`, or at the start of a module
/// that is a server module by its name.
pub(crate) fn scan_exports<'a>(
    module: &'a Module,
    directive: Option<Span>,
    rules: &'a ExportRules<'a>,
) -> (Vec<Export>, Vec<Problem>) {
    let mut scan = ExportScan {
        rules,
        bindings: collect_bindings(module),
        exported_names: FxHashSet::default(),
        exports: Vec::new(),
        problems: Vec::new(),
    };
    for item in &module.body {
        if let ModuleItem::ModuleDecl(decl) = item {
            scan.module_decl(decl);
        }
    }
    if scan.exports.is_empty() && scan.problems.is_empty() {
        let problem = match directive {
            Some(directive) => messages::no_server_function(directive),
            None => messages::server_file_without_function(Span::new(module.span.lo, module.span.lo)),
        };
        scan.problems.push(problem);
    }
    (scan.exports, scan.problems)
}

impl<'a> ExportScan<'a> {
    fn module_decl(&mut self, decl: &'a ModuleDecl) {
        match decl {
            ModuleDecl::ExportDecl(export) => self.export_decl(&export.decl, export.span),
            ModuleDecl::ExportNamed(named) if named.type_only => {}
            ModuleDecl::ExportNamed(named) => {
                for specifier in &named.specifiers {
                    match (specifier, &named.src) {
                        (ExportSpecifier::Named(spec), _) if spec.is_type_only => {}
                        (ExportSpecifier::Named(spec), None) => {
                            let exported = spec.exported.as_ref().unwrap_or(&spec.orig);
                            let ModuleExportName::Ident(local) = &spec.orig else { continue };
                            self.alias(local.sym.clone(), exported, spec.span);
                        }
                        (ExportSpecifier::Named(spec), Some(src)) => {
                            let exported = spec.exported.as_ref().unwrap_or(&spec.orig);
                            self.re_export(exported, spec.span, &src.value.to_atom_lossy());
                        }
                        (ExportSpecifier::Namespace(spec), Some(src)) => {
                            self.re_export(&spec.name, spec.span, &src.value.to_atom_lossy());
                        }
                        (ExportSpecifier::Default(spec), Some(src)) => {
                            let exported = ModuleExportName::Ident(spec.exported.clone());
                            self.re_export(&exported, spec.exported.span, &src.value.to_atom_lossy());
                        }
                        // Without `from` only named specifiers parse.
                        (ExportSpecifier::Namespace(_) | ExportSpecifier::Default(_), None) => {}
                    }
                }
            }
            ModuleDecl::ExportDefaultDecl(export) => self.default_decl(export),
            ModuleDecl::ExportDefaultExpr(export) => self.default_expr(export),
            ModuleDecl::TsExportAssignment(export) => self.problems.push(messages::export_assignment(export.span)),
            // `export type * from "…"` (section 2): type-only, like `export type { T } from`.
            ModuleDecl::ExportAll(export) if export.type_only => {}
            ModuleDecl::ExportAll(export) => {
                self.problems.push(messages::export_all(export.span, &export.src.value.to_atom_lossy()))
            }
            ModuleDecl::TsImportEquals(import) if import.is_export && !import.is_type_only => {
                self.exported_name(&import.id.sym, import.span);
                self.problems.push(messages::export_import_equals(import.span, &import.id.sym));
            }
            ModuleDecl::Import(_) | ModuleDecl::TsImportEquals(_) | ModuleDecl::TsNamespaceExport(_) => {}
        }
    }

    /// `export function f`, `export const a = …, b = …`, `export class C`, …:
    /// each declared name is exported as itself.
    fn export_decl(&mut self, decl: &'a Decl, span: Span) {
        if let Decl::Fn(fn_decl) = decl {
            let is_overload_signature = !fn_decl.declare && fn_decl.function.body.is_none();
            if is_overload_signature && matches!(self.bindings.get(&fn_decl.ident.sym), Some(Binding::Function(_))) {
                // The implementation is the export.
                return;
            }
        }
        for name in declared_names(decl) {
            if self.exported_name(&name, span) {
                self.export_binding(name.clone(), name.to_string(), span);
            }
        }
    }

    /// `export { local as exported }` without `from`.
    fn alias(&mut self, local: Atom, exported: &ModuleExportName, span: Span) {
        let Some(export_name) = self.export_name(exported, span) else { return };
        let binding = self.bindings.get(&local).copied();
        if matches!(binding, Some(Binding::Type)) {
            return;
        }
        if export_name == "default" && !self.rules.default_export {
            self.problems.push(messages::default_export_by_name(span, &local));
            return;
        }
        if self.exported_name(&export_name, span) {
            self.export_binding(local, export_name, span);
        }
    }

    /// `export default function …`, `export default class …`.
    fn default_decl(&mut self, export: &'a ExportDefaultDecl) {
        let DefaultDecl::Fn(fn_expr) = &export.decl else {
            return self.default_export(export.span);
        };
        if !self.rules.default_export || !self.exported_name("default", export.span) {
            return self.default_export(export.span);
        }
        let function = FunctionRef::Function(&fn_expr.function);
        match &fn_expr.ident {
            Some(name) => {
                self.accept(name.sym.clone(), "default".into(), function, export.span);
            }
            None => {
                let anonymous = AnonymousDefault::Declaration { function_start: fn_expr.function.span.lo };
                self.accept_anonymous(function, anonymous, export.span);
            }
        }
    }

    /// `export default <expression>`.
    fn default_expr(&mut self, export: &'a ExportDefaultExpr) {
        if !self.rules.default_export {
            return self.default_export(export.span);
        }
        match unwrap(&export.expr) {
            Expr::Ident(local) => {
                if self.exported_name("default", export.span) {
                    self.export_binding(local.sym.clone(), "default".into(), export.span);
                }
            }
            expr => {
                let anonymous = AnonymousDefault::Expression {
                    export_start: export.span.lo,
                    expression_start: export.expr.span().lo,
                };
                match function_of(expr) {
                    Some(function) if self.exported_name("default", export.span) => {
                        self.accept_anonymous(function, anonymous, export.span);
                    }
                    None if callee_of(expr).is_some() => self.default_call(expr, anonymous, export.span),
                    _ => self.default_export(export.span),
                }
            }
        }
    }

    /// `export default <call>` (section 9): a server function with `wrappedExports` too.
    fn default_call(&mut self, call: &'a Expr, anonymous: AnonymousDefault, span: Span) {
        let (arity, method) = match self.call_verdict(call) {
            CallVerdict::Builder { method } => (Some(1), method),
            CallVerdict::Wrapped if self.rules.wrapped_exports => (None, None),
            CallVerdict::Wrapped => return self.problems.push(messages::wrapped_default_export(span)),
            CallVerdict::Refused(problem) => return self.problems.push(problem(span, &Atom::from("default"))),
        };
        if self.exported_name("default", span) {
            let local = Atom::from("default");
            self.exports.push(Export {
                export_name: "default".into(),
                local,
                span,
                arity,
                method,
                anonymous: Some(anonymous),
            });
        }
    }

    /// The verdict on exporting the module-level binding `local` as `export_name`.
    fn export_binding(&mut self, local: Atom, export_name: String, span: Span) {
        let binding = self.bindings.get(&local).copied();
        if let Some(Binding::Function(function)) = binding {
            self.accept(local, export_name, function, span);
            return;
        }
        if let Some(Binding::Call(call)) = binding {
            match self.call_verdict(call) {
                CallVerdict::Builder { method } => {
                    return self.exports.push(Export {
                        export_name,
                        local,
                        span,
                        arity: Some(1),
                        method,
                        anonymous: None,
                    })
                }
                CallVerdict::Wrapped if self.rules.wrapped_exports => {
                    return self.exports.push(Export {
                        export_name,
                        local,
                        span,
                        arity: None,
                        method: None,
                        anonymous: None,
                    })
                }
                CallVerdict::Refused(problem) => return self.problems.push(problem(span, &local)),
                CallVerdict::Wrapped => {}
            }
        }
        if export_name == "default" {
            // Only a function (or a wrapped call) can be the default export.
            return self.problems.push(messages::default_not_a_function(span, &local));
        }
        match binding {
            Some(Binding::Function(_)) => unreachable!("accepted above"),
            Some(Binding::Call(_)) => self.problems.push(messages::call_export(span, &local)),
            Some(Binding::Imported { .. }) => self.problems.push(messages::imported_export(span, &local)),
            Some(Binding::Ambient) => self.problems.push(messages::ambient_export(span, &local)),
            Some(Binding::Signature) => self.problems.push(messages::overloads_without_implementation(span, &local)),
            Some(Binding::Value(kind)) => self.problems.push(messages::value_export(span, &local, kind)),
            Some(Binding::Type) => {}
            None => self.problems.push(messages::undeclared_export(span, &local)),
        }
    }

    /// A call is a builder when its chain starts at `createServerFn` imported
    /// from the server runtime (SPEC section 12); any other is a wrapped function.
    fn call_verdict(&self, call: &'a Expr) -> CallVerdict {
        let mut methods = Vec::new();
        let mut current = call;
        let (root, args) = loop {
            let Some((callee, args)) = callee_of(current) else { return CallVerdict::Wrapped };
            match unwrap(callee) {
                Expr::Member(member) => {
                    methods.push(member.prop.as_ident().map(|prop| prop.sym.as_str()));
                    current = unwrap(&member.obj);
                }
                Expr::Ident(root) => break (root, args),
                _ => return CallVerdict::Wrapped,
            }
        };
        let imported = match self.bindings.get(&root.sym) {
            Some(Binding::Imported { source: Some(source), name }) => {
                (source.value.as_atom().map(|a| a.as_str()), *name)
            }
            _ => return CallVerdict::Wrapped,
        };
        if imported != (Some(self.rules.server_runtime), Some("createServerFn")) {
            return CallVerdict::Wrapped;
        }
        if methods.first() != Some(&Some("handler")) {
            return CallVerdict::Refused(messages::builder_without_handler);
        }
        match builder_method(args) {
            Ok(method) => CallVerdict::Builder { method },
            Err(()) => CallVerdict::Refused(messages::builder_method_not_literal),
        }
    }

    /// `export { x } from "…"`, `export * as ns from "…"`.
    fn re_export(&mut self, exported: &ModuleExportName, span: Span, src: &str) {
        let Some(export_name) = self.export_name(exported, span) else { return };
        self.exported_name(&export_name, span);
        self.problems.push(messages::re_export(span, &export_name, src));
    }

    /// The exported name, checked for FW015.
    fn export_name(&mut self, name: &ModuleExportName, span: Span) -> Option<String> {
        let Some(value) = export_name_of(name) else {
            if matches!(name, ModuleExportName::Str(_)) {
                self.problems.push(messages::export_name_not_unicode(span));
            }
            return None;
        };
        // An identifier is never empty nor padded: only a string name can be.
        if value.is_empty() {
            self.problems.push(messages::empty_export_name(span));
            return None;
        }
        if value.starts_with(is_js_whitespace) || value.ends_with(is_js_whitespace) {
            self.problems.push(messages::padded_export_name(span, value));
            return None;
        }
        Some(value.to_string())
    }

    fn accept_anonymous(&mut self, function: FunctionRef<'a>, anonymous: AnonymousDefault, span: Span) {
        if self.accept(Atom::from("default"), "default".into(), function, span) {
            self.exports.last_mut().expect("just accepted").anonymous = Some(anonymous);
        }
    }

    /// Records a function export; false (after FW014) for a generator, but
    /// an async one with `generators: "stream"` (section 14).
    fn accept(&mut self, local: Atom, export_name: String, function: FunctionRef<'a>, span: Span) -> bool {
        if function.is_generator() && !(function.is_async() && self.rules.stream_generators) {
            self.problems.push(messages::generator_export(span, &export_name, function.is_async()));
            return false;
        }
        self.exports.push(Export { export_name, local, span, arity: function.arity(), method: None, anonymous: None });
        true
    }

    /// Records an exported name; false (after FW016) when it was exported before.
    fn exported_name(&mut self, name: &str, span: Span) -> bool {
        if self.exported_names.insert(name.to_string()) {
            return true;
        }
        self.problems.push(messages::exported_twice(span, name));
        false
    }

    /// Without `defaultExport`, every default export is FW010 already, so
    /// none is counted for FW016.
    fn default_export(&mut self, span: Span) {
        self.problems.push(messages::default_export(span, self.rules.default_export));
    }
}

enum CallVerdict {
    /// A `createServerFn(…)….handler(…)` chain.
    Builder { method: Option<Method> },
    /// Any other call: a function made by a wrapper, with `wrappedExports`.
    Wrapped,
    /// A builder the compiler cannot accept: its problem, naming the binding.
    Refused(fn(Span, &Atom) -> Problem),
}

/// The `method` of `createServerFn({ method: "GET" })`; an error when it is
/// there but not a string literal. Options that are not an object literal
/// leave the method to the runtime (POST unless told otherwise).
fn builder_method(args: &[ExprOrSpread]) -> Result<Option<Method>, ()> {
    let Some(Expr::Object(options)) = args.first().map(|arg| unwrap(&arg.expr)) else { return Ok(None) };
    for prop in &options.props {
        let PropOrSpread::Prop(prop) = prop else { continue };
        let value = match &**prop {
            Prop::KeyValue(key_value) if prop_name_is(&key_value.key, "method") => unwrap(&key_value.value),
            Prop::Shorthand(ident) if ident.sym == "method" => return Err(()),
            _ => continue,
        };
        return match value {
            Expr::Lit(Lit::Str(string)) if string.value.as_atom().is_some_and(|atom| atom == "GET") => {
                Ok(Some(Method::Get))
            }
            Expr::Lit(Lit::Str(_)) => Ok(None),
            _ => Err(()),
        };
    }
    Ok(None)
}

fn prop_name_is(key: &PropName, name: &str) -> bool {
    match key {
        PropName::Ident(ident) => ident.sym == name,
        PropName::Str(string) => string.value.as_atom().is_some_and(|atom| atom == name),
        _ => false,
    }
}

/// JavaScript's WhiteSpace and LineTerminator, what `String.prototype.trim` removes.
fn is_js_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}
