//! The arguments of a stub's `createServerReference(…)`, the same on the
//! text and the AST path: `"<fnId>", "<fnName>"`, the arity when it is
//! known, and an options object for a GET function (section 12) or the
//! build the stub belongs to (section 16). When only the options follow,
//! `undefined` holds the arity's place.

use swc_core::common::DUMMY_SP;
use swc_core::ecma::ast::{
    Expr, ExprOrSpread, Ident, IdentName, KeyValueProp, Lit, Number, ObjectLit, Prop, PropName, PropOrSpread,
};

use crate::emit::literal::{js_string, string_expr};
use crate::types::Method;

pub(crate) struct StubArguments<'a> {
    pub fn_id: &'a str,
    pub fn_name: &'a str,
    pub arity: Option<u32>,
    pub method: Option<Method>,
    pub build_id: Option<&'a str>,
}

impl StubArguments<'_> {
    /// The options object's members, in order: `method`, `buildId`.
    fn options(&self) -> Vec<(&'static str, &str)> {
        let method = self.method.map(|method| ("method", method.as_str()));
        let build_id = self.build_id.map(|id| ("buildId", id));
        method.into_iter().chain(build_id).collect()
    }

    /// `"<fnId>", "<fnName>", 2, { method: "GET" }`, as text.
    pub fn text(&self) -> String {
        let mut text = format!("{}, {}", js_string(self.fn_id), js_string(self.fn_name));
        let options = self.options();
        match self.arity {
            Some(arity) => text.push_str(&format!(", {arity}")),
            None if !options.is_empty() => text.push_str(", undefined"),
            None => {}
        }
        if !options.is_empty() {
            let members: Vec<String> =
                options.iter().map(|(key, value)| format!("{key}: {}", js_string(value))).collect();
            text.push_str(&format!(", {{ {} }}", members.join(", ")));
        }
        text
    }

    /// The same, as SWC expressions.
    pub fn ast(&self) -> Vec<ExprOrSpread> {
        let mut args = vec![string_expr(self.fn_id), string_expr(self.fn_name)];
        let options = self.options();
        match self.arity {
            Some(arity) => args.push(Expr::Lit(Lit::Num(Number::from(arity as f64))).into()),
            None if !options.is_empty() => {
                args.push(Expr::Ident(Ident::new_no_ctxt("undefined".into(), DUMMY_SP)).into())
            }
            None => {}
        }
        if !options.is_empty() {
            let props = options
                .into_iter()
                .map(|(key, value)| {
                    let value = string_expr(value).expr;
                    let member = KeyValueProp { key: PropName::Ident(IdentName::new(key.into(), DUMMY_SP)), value };
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(member)))
                })
                .collect();
            args.push(Expr::Object(ObjectLit { span: DUMMY_SP, props }).into());
        }
        args
    }
}
