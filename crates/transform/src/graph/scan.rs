//! The static imports of a module: the edges of the graph.

use memchr::memmem;
use swc_core::ecma::ast::{
    CallExpr, Callee, ExportSpecifier, Expr, ImportSpecifier, Lit, Module, ModuleDecl, ModuleItem, Str, TsModuleRef,
};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::types::Import;

fn import_of(source: &Str) -> Import {
    Import { specifier: source.value.to_atom_lossy().to_string(), span: source.span }
}

/// `import … from`, side-effect `import "x"`, `export … from`, `export * from`,
/// `import x = require("x")` and `import("literal")`. `import type`, all-type
/// `import { type T }` and type-only re-exports are not edges: TypeScript
/// erases them.
pub(crate) fn scan_imports(module: &Module, text: &str) -> Vec<Import> {
    let mut imports = Vec::new();
    for item in &module.body {
        let ModuleItem::ModuleDecl(decl) = item else { continue };
        match decl {
            ModuleDecl::Import(import) => {
                let type_only = |specifier: &ImportSpecifier| matches!(specifier, ImportSpecifier::Named(named) if named.is_type_only);
                if !import.type_only && !all_type_only(&import.specifiers, type_only) {
                    imports.push(import_of(&import.src));
                }
            }
            ModuleDecl::ExportNamed(export) => {
                let type_only = |specifier: &ExportSpecifier| matches!(specifier, ExportSpecifier::Named(named) if named.is_type_only);
                let erased = export.type_only || all_type_only(&export.specifiers, type_only);
                if let Some(source) = export.src.as_deref().filter(|_| !erased) {
                    imports.push(import_of(source));
                }
            }
            ModuleDecl::ExportAll(export) if !export.type_only => imports.push(import_of(&export.src)),
            ModuleDecl::TsImportEquals(import) if !import.is_type_only => {
                if let TsModuleRef::TsExternalModuleRef(reference) = &import.module_ref {
                    imports.push(import_of(&reference.expr));
                }
            }
            _ => {}
        }
    }
    // Dynamic imports can be anywhere; walk the tree only when the text has one.
    if memmem::find_iter(text.as_bytes(), b"import").any(|at| text[at + 6..].trim_start().starts_with('(')) {
        module.visit_with(&mut DynamicImports { imports: &mut imports });
    }
    imports
}

/// `{ type A, type B }`: TypeScript erases the whole statement. (An empty
/// list is a side-effect import, which stays.)
fn all_type_only<T>(specifiers: &[T], type_only: impl Fn(&T) -> bool) -> bool {
    !specifiers.is_empty() && specifiers.iter().all(type_only)
}

struct DynamicImports<'a> {
    imports: &'a mut Vec<Import>,
}

impl Visit for DynamicImports<'_> {
    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let (Callee::Import(_), Some(argument)) = (&call.callee, call.args.first()) {
            match &*argument.expr {
                Expr::Lit(Lit::Str(source)) => self.imports.push(import_of(source)),
                Expr::Tpl(template) if template.exprs.is_empty() && template.quasis.len() == 1 => {
                    let quasi = &template.quasis[0];
                    let specifier = quasi.cooked.as_ref().map(|cooked| cooked.to_atom_lossy().to_string());
                    self.imports.push(Import {
                        specifier: specifier.unwrap_or_else(|| quasi.raw.to_string()),
                        span: quasi.span,
                    });
                }
                _ => {}
            }
        }
        call.visit_children_with(self);
    }
}
