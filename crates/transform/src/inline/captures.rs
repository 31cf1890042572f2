//! What an inline server function uses from around it (SPEC section 10),
//! read from SWC's resolver marks: the bindings it captures, the captured
//! bindings it assigns to (FW019), and its own `this`, `super`,
//! `arguments` and `new.target` (FW018).

use rustc_hash::FxHashSet;
use swc_core::common::{BytePos, Mark, Span, SyntaxContext};
use swc_core::ecma::ast::{
    AssignExpr, AssignTarget, AssignTargetPat, BindingIdent, BreakStmt, Class, ClassDecl, ClassExpr, ContinueStmt,
    Expr, FnDecl, FnExpr, ForHead, Function, Id, Ident, LabeledStmt, MetaPropExpr, MetaPropKind, ObjectPat,
    ObjectPatProp, Pat, SimpleAssignTarget, Super, ThisExpr, TsType, TsTypeAnn, TsTypeParamDecl,
    TsTypeParamInstantiation, UpdateExpr,
};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::function_ref::FunctionRef;

/// The resolver's marks of the bindings that are never captured.
#[derive(Clone, Copy)]
pub(crate) struct Contexts {
    /// Module-scope bindings and imports.
    pub top_level: Mark,
    /// Globals.
    pub unresolved: Mark,
}

pub(crate) struct Uses {
    /// Captured bindings, in order of first reference, and where that is.
    pub captures: Vec<(Id, BytePos)>,
    /// Assignments and updates to a captured binding.
    pub assigned_captures: Vec<Span>,
    /// Uses of its own `this`, `super`, `arguments` or `new.target`.
    pub own_context: Vec<(&'static str, Span)>,
    /// Whether it refers to its own name (recursion).
    pub own_name: bool,
}

/// Visits an inline server function's parameters and body, not its name.
fn visit_params_and_body(function: FunctionRef, visitor: &mut impl Visit) {
    match function {
        FunctionRef::Function(function) => {
            function.params.visit_with(visitor);
            function.body.visit_with(visitor);
        }
        FunctionRef::Arrow(arrow) => {
            arrow.params.visit_with(visitor);
            arrow.body.visit_with(visitor);
        }
    }
}

/// What `function` uses from around it. Its own name (`own`) is never a
/// capture: the hoisted function binds it (section 10).
pub(crate) fn uses_of(function: FunctionRef, contexts: Contexts, own: Option<Id>) -> Uses {
    let mut declared = Declarations::default();
    visit_params_and_body(function, &mut declared);
    declared.ids.extend(own.clone());
    let mut references = References {
        contexts,
        declared: &declared.ids,
        captures: Vec::new(),
        assigned: Vec::new(),
        own_context: Vec::new(),
        own_this_depth: 0,
        referenced: FxHashSet::default(),
    };
    visit_params_and_body(function, &mut references);
    let own_name = own.is_some_and(|own| references.referenced.contains(&own));
    let captures = references.captures;
    let assigned_captures = references
        .assigned
        .into_iter()
        .filter(|(id, _)| captures.iter().any(|(capture, _)| capture == id))
        .map(|(_, span)| span)
        .collect();
    Uses { captures, assigned_captures, own_context: references.own_context, own_name }
}

/// Every binding the function declares: parameters, variables, functions,
/// classes and catch parameters, at any depth. Assignment targets are
/// uses, not declarations.
#[derive(Default)]
struct Declarations {
    ids: FxHashSet<Id>,
}

impl Visit for Declarations {
    fn visit_binding_ident(&mut self, ident: &BindingIdent) {
        self.ids.insert(ident.id.to_id());
    }

    fn visit_fn_decl(&mut self, decl: &FnDecl) {
        self.ids.insert(decl.ident.to_id());
        decl.visit_children_with(self);
    }

    fn visit_fn_expr(&mut self, expr: &FnExpr) {
        if let Some(ident) = &expr.ident {
            self.ids.insert(ident.to_id());
        }
        expr.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, decl: &ClassDecl) {
        self.ids.insert(decl.ident.to_id());
        decl.visit_children_with(self);
    }

    fn visit_class_expr(&mut self, expr: &ClassExpr) {
        if let Some(ident) = &expr.ident {
            self.ids.insert(ident.to_id());
        }
        expr.visit_children_with(self);
    }

    fn visit_assign_target(&mut self, _: &AssignTarget) {}

    fn visit_for_head(&mut self, head: &ForHead) {
        if !matches!(head, ForHead::Pat(_)) {
            head.visit_children_with(self);
        }
    }

    fn visit_ts_type(&mut self, _: &TsType) {}
}

struct References<'a> {
    contexts: Contexts,
    declared: &'a FxHashSet<Id>,
    captures: Vec<(Id, BytePos)>,
    assigned: Vec<(Id, Span)>,
    own_context: Vec<(&'static str, Span)>,
    /// Functions (not arrows) and classes entered inside the inline
    /// function: their `this` is theirs.
    own_this_depth: usize,
    /// Every binding referenced.
    referenced: FxHashSet<Id>,
}

impl References<'_> {
    fn is_capture(&self, ident: &Ident) -> bool {
        // An empty context: not a binding (a label, a JSX tag name). Marks,
        // not contexts, are compared: a Wasm host makes contexts anew.
        ident.ctxt != SyntaxContext::empty()
            && ![self.contexts.top_level, self.contexts.unresolved].contains(&ident.ctxt.outer())
            && !self.declared.contains(&ident.to_id())
    }

    fn targets(&mut self, pat: &Pat) {
        for ident in pattern_idents([pat]) {
            self.assigned.push((ident.to_id(), ident.span));
        }
    }

    fn own(&mut self, what: &'static str, span: Span) {
        if self.own_this_depth == 0 {
            self.own_context.push((what, span));
        }
    }
}

impl Visit for References<'_> {
    fn visit_ident(&mut self, ident: &Ident) {
        if ident.sym == "arguments" && !self.declared.contains(&ident.to_id()) {
            self.own("arguments", ident.span);
        }
        let id = ident.to_id();
        self.referenced.insert(id.clone());
        if self.is_capture(ident) && !self.captures.iter().any(|(capture, _)| *capture == id) {
            self.captures.push((id, ident.span.lo));
        }
    }

    fn visit_this_expr(&mut self, this: &ThisExpr) {
        self.own("this", this.span);
    }

    fn visit_super(&mut self, node: &Super) {
        self.own("super", node.span);
    }

    fn visit_meta_prop_expr(&mut self, meta: &MetaPropExpr) {
        if meta.kind == MetaPropKind::NewTarget {
            self.own("new.target", meta.span);
        }
    }

    fn visit_function(&mut self, function: &Function) {
        self.own_this_depth += 1;
        function.visit_children_with(self);
        self.own_this_depth -= 1;
    }

    fn visit_class(&mut self, class: &Class) {
        self.own_this_depth += 1;
        class.visit_children_with(self);
        self.own_this_depth -= 1;
    }

    fn visit_assign_expr(&mut self, assign: &AssignExpr) {
        match &assign.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(ident)) => {
                self.assigned.push((ident.id.to_id(), assign.span));
            }
            AssignTarget::Pat(AssignTargetPat::Array(array)) => {
                for ident in pattern_idents(array.elems.iter().flatten()) {
                    self.assigned.push((ident.to_id(), assign.span));
                }
            }
            AssignTarget::Pat(AssignTargetPat::Object(object)) => {
                for ident in object_pattern_idents(object) {
                    self.assigned.push((ident.to_id(), assign.span));
                }
            }
            _ => {}
        }
        assign.visit_children_with(self);
    }

    fn visit_update_expr(&mut self, update: &UpdateExpr) {
        if let Expr::Ident(ident) = &*update.arg {
            self.assigned.push((ident.to_id(), update.span));
        }
        update.visit_children_with(self);
    }

    fn visit_for_head(&mut self, head: &ForHead) {
        if let ForHead::Pat(pat) = head {
            self.targets(pat);
        }
        head.visit_children_with(self);
    }

    // Labels are no bindings; types are erased.
    fn visit_labeled_stmt(&mut self, stmt: &LabeledStmt) {
        stmt.body.visit_with(self);
    }
    fn visit_break_stmt(&mut self, _: &BreakStmt) {}
    fn visit_continue_stmt(&mut self, _: &ContinueStmt) {}
    fn visit_ts_type(&mut self, _: &TsType) {}
    fn visit_ts_type_ann(&mut self, _: &TsTypeAnn) {}
    fn visit_ts_type_param_decl(&mut self, _: &TsTypeParamDecl) {}
    fn visit_ts_type_param_instantiation(&mut self, _: &TsTypeParamInstantiation) {}
}

/// The identifiers binding patterns assign.
fn pattern_idents<'a>(patterns: impl IntoIterator<Item = &'a Pat>) -> Vec<&'a Ident> {
    let mut found = Vec::new();
    let mut stack: Vec<&Pat> = patterns.into_iter().collect();
    while let Some(pat) = stack.pop() {
        match pat {
            Pat::Ident(ident) => found.push(&ident.id),
            Pat::Array(array) => stack.extend(array.elems.iter().flatten()),
            Pat::Object(object) => found.extend(object_pattern_idents(object)),
            Pat::Rest(rest) => stack.push(&rest.arg),
            Pat::Assign(assign) => stack.push(&assign.left),
            _ => {}
        }
    }
    found
}

fn object_pattern_idents(object: &ObjectPat) -> Vec<&Ident> {
    let mut found = Vec::new();
    for prop in &object.props {
        match prop {
            ObjectPatProp::KeyValue(key_value) => found.extend(pattern_idents([&*key_value.value])),
            ObjectPatProp::Assign(assign) => found.push(&assign.key.id),
            ObjectPatProp::Rest(rest) => found.extend(pattern_idents([&*rest.arg])),
        }
    }
    found
}
