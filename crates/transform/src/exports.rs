//! SPEC section 2: the export rules of a server module, all in this file.
//!
//! Accepted exports become [`Export`]s; every other runtime export is a
//! [`Problem`] with its code (FW002, FW010-FW016). All problems of a module
//! are collected in one pass.

use rustc_hash::{FxHashMap, FxHashSet};

use swc_core::atoms::Atom;
use swc_core::common::Span;
use swc_core::ecma::ast::{
    ArrowExpr, Decl, ExportSpecifier, Expr, Function, ImportSpecifier, Module, ModuleDecl, ModuleExportName,
    ModuleItem, Pat, Stmt, TsModuleName, VarDeclKind,
};

use crate::arity::arity;
use crate::diagnostics::{Code, Problem};

/// One accepted export: a server function.
pub(crate) struct Export {
    /// The exported name, string-literal names unescaped.
    pub export_name: String,
    /// The binding in the module.
    pub local: Atom,
    /// Where the export starts (for an export list, its specifier).
    pub span: Span,
    pub arity: Option<u32>,
}

/// A function a module-level binding is initialized to.
#[derive(Clone, Copy)]
enum FunctionRef<'a> {
    Function(&'a Function),
    Arrow(&'a ArrowExpr),
}

impl FunctionRef<'_> {
    fn is_generator(self) -> bool {
        match self {
            FunctionRef::Function(function) => function.is_generator,
            FunctionRef::Arrow(arrow) => arrow.is_generator,
        }
    }

    fn arity(self) -> Option<u32> {
        match self {
            FunctionRef::Function(function) => arity(function.params.iter().map(|param| &param.pat)),
            FunctionRef::Arrow(arrow) => arity(&arrow.params),
        }
    }
}

/// What a module-level name is bound to.
#[derive(Clone, Copy)]
enum Binding<'a> {
    Function(FunctionRef<'a>),
    /// Overload signatures with no implementation.
    Signature,
    /// `declare …`: no runtime body.
    Ambient,
    /// A runtime value that is not a function: `let`, `var`, class, enum, …
    Value(&'static str),
    Imported,
    Type,
}

impl Binding<'_> {
    fn is_runtime(self) -> bool {
        !matches!(self, Binding::Type)
    }
}

/// Skips the wrappers that leave a function a function: parentheses and
/// TypeScript's `as`, `satisfies`, `!` and `<T>` assertions.
fn unwrap_function(expr: &Expr) -> Option<FunctionRef<'_>> {
    match expr {
        Expr::Fn(function) => Some(FunctionRef::Function(&function.function)),
        Expr::Arrow(arrow) => Some(FunctionRef::Arrow(arrow)),
        Expr::Paren(inner) => unwrap_function(&inner.expr),
        Expr::TsAs(inner) => unwrap_function(&inner.expr),
        Expr::TsSatisfies(inner) => unwrap_function(&inner.expr),
        Expr::TsNonNull(inner) => unwrap_function(&inner.expr),
        Expr::TsTypeAssertion(inner) => unwrap_function(&inner.expr),
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
                    let (local, type_only) = match specifier {
                        ImportSpecifier::Named(named) => (&named.local, named.is_type_only),
                        ImportSpecifier::Default(default) => (&default.local, false),
                        ImportSpecifier::Namespace(namespace) => (&namespace.local, false),
                    };
                    let binding = if import.type_only || type_only { Binding::Type } else { Binding::Imported };
                    bind(&mut bindings, local.sym.clone(), binding);
                }
            }
            ModuleItem::ModuleDecl(ModuleDecl::TsImportEquals(import)) => {
                let binding = if import.is_type_only { Binding::Type } else { Binding::Imported };
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
                let function = match (&declarator.name, &declarator.init) {
                    (Pat::Ident(_), Some(init)) if var.kind == VarDeclKind::Const => unwrap_function(init),
                    _ => None,
                };
                let binding = match function {
                    _ if var.declare => Binding::Ambient,
                    Some(function) => Binding::Function(function),
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
    bindings: FxHashMap<Atom, Binding<'a>>,
    exported_names: FxHashSet<String>,
    exports: Vec<Export>,
    problems: Vec<Problem>,
}

/// The server functions a server module exports, and every problem with its
/// exports. `directive` is where FW002 points.
pub(crate) fn scan_exports(module: &Module, directive: Span) -> (Vec<Export>, Vec<Problem>) {
    let mut scan = ExportScan {
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
        scan.problems.push(Problem::new(
            Code::FW002,
            directive,
            "this \"use server\" module exports no server function: remove the \"use server\" directive, or export a callable function (`export async function name() {}`)",
        ));
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
            ModuleDecl::ExportDefaultDecl(export) => self.default_export(export.span),
            ModuleDecl::ExportDefaultExpr(export) => self.default_export(export.span),
            ModuleDecl::TsExportAssignment(export) => self.problem(
                Code::FW010,
                export.span,
                "`export =` is a default export: server modules may not have one; export named async functions instead",
            ),
            ModuleDecl::ExportAll(export) => self.problem(
                Code::FW011,
                export.span,
                format!(
                    "`export * from \"{}\"` re-exports another module at runtime: server functions must be defined in the module that exports them; import them from \"{}\" directly",
                    export.src.value.to_atom_lossy(),
                    export.src.value.to_atom_lossy()
                ),
            ),
            ModuleDecl::TsImportEquals(import) if import.is_export && !import.is_type_only => {
                self.exported_name(&import.id.sym, import.span);
                self.problem(
                    Code::FW011,
                    import.span,
                    format!(
                        "`export import {} = …` re-exports another binding at runtime: server functions must be defined in the module that exports them",
                        import.id.sym
                    ),
                );
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
        if export_name == "default" {
            self.problem(
                Code::FW010,
                span,
                format!("`export {{ {local} as default }}` is a default export: server modules may not have one; export `{local}` under a name instead"),
            );
            return;
        }
        if self.exported_name(&export_name, span) {
            self.export_binding(local, export_name, span);
        }
    }

    /// The verdict on exporting the module-level binding `local` as `export_name`.
    fn export_binding(&mut self, local: Atom, export_name: String, span: Span) {
        match self.bindings.get(&local).copied() {
            Some(Binding::Function(function)) => self.accept(local, export_name, function, span),
            Some(Binding::Imported) => self.problem(
                Code::FW011,
                span,
                format!("`{local}` is imported from another module: re-exporting it at runtime is not allowed; server functions must be defined in the module that exports them"),
            ),
            Some(Binding::Ambient) => self.problem(
                Code::FW013,
                span,
                format!("`{local}` is an ambient `declare` export with no runtime implementation: use a real function body for every exported server function"),
            ),
            Some(Binding::Signature) => self.problem(
                Code::FW013,
                span,
                format!("`{local}` has overload signatures but no implementation: every exported server function needs a real function body"),
            ),
            Some(Binding::Value(kind)) => self.problem(
                Code::FW012,
                span,
                format!("`{local}` is {kind}, not a function: a server module may only export functions (`export async function {local}() {{}}` or `export const {local} = async () => {{}}`)"),
            ),
            Some(Binding::Type) => {}
            None => self.problem(
                Code::FW012,
                span,
                format!("`{local}` is not declared in this module: only functions declared here can be exported"),
            ),
        }
    }

    /// `export { x } from "…"`, `export * as ns from "…"`.
    fn re_export(&mut self, exported: &ModuleExportName, span: Span, src: &str) {
        let Some(export_name) = self.export_name(exported, span) else { return };
        self.exported_name(&export_name, span);
        let (code, what) = if export_name == "default" {
            (Code::FW010, "is a default export")
        } else {
            (Code::FW011, "re-exports another module at runtime")
        };
        self.problem(
            code,
            span,
            format!("`{export_name}` from \"{src}\" {what}: server functions must be defined in the module that exports them; import them from \"{src}\" directly"),
        );
    }

    /// The exported name, checked for FW015.
    fn export_name(&mut self, name: &ModuleExportName, span: Span) -> Option<String> {
        match name {
            ModuleExportName::Ident(ident) => Some(ident.sym.to_string()),
            ModuleExportName::Str(string) => {
                let Some(value) = string.value.as_atom().map(|atom| atom.as_str()) else {
                    self.problem(
                        Code::FW015,
                        span,
                        "the export name is not well-formed Unicode: use an identifier name",
                    );
                    return None;
                };
                if value.is_empty() {
                    self.problem(
                        Code::FW015,
                        span,
                        "the export name is an empty string: use a non-empty name (prefer an identifier)",
                    );
                    return None;
                }
                if value.starts_with(is_js_whitespace) || value.ends_with(is_js_whitespace) {
                    self.problem(
                        Code::FW015,
                        span,
                        format!("the export name {:?} has leading or trailing white space: remove it (prefer an identifier name)", value),
                    );
                    return None;
                }
                Some(value.to_string())
            }
            // Built with `--cfg swc_ast_unknown`, SWC's enums are non-exhaustive.
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    fn accept(&mut self, local: Atom, export_name: String, function: FunctionRef<'a>, span: Span) {
        if function.is_generator() {
            self.problem(
                Code::FW014,
                span,
                format!("`{export_name}` is a generator function: server functions return a single result, not an iterator; return an array or a value instead"),
            );
            return;
        }
        self.exports.push(Export { export_name, local, span, arity: function.arity() });
    }

    /// Records an exported name; false (after FW016) when it was exported before.
    fn exported_name(&mut self, name: &str, span: Span) -> bool {
        if self.exported_names.insert(name.to_string()) {
            return true;
        }
        self.problem(
            Code::FW016,
            span,
            format!("`{name}` is exported more than once: each exported name must be unique"),
        );
        false
    }

    /// Every default export is FW010 already, so none is counted for FW016.
    fn default_export(&mut self, span: Span) {
        self.problem(
            Code::FW010,
            span,
            "server modules may not have a default export: export named async functions instead (`export async function name() {}`)",
        );
    }

    fn problem(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.problems.push(Problem::new(code, span, message));
    }
}

/// JavaScript's WhiteSpace and LineTerminator, what `String.prototype.trim` removes.
fn is_js_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}
