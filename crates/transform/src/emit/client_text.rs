//! The client module, written directly as text: the runtime import and one
//! `/*#__PURE__*/` stub per server function, nothing else of the original.

use std::fmt::Write;

use swc_core::ecma::ast::Ident;

use crate::analysis::ServerFunction;
use crate::names::{ClientNames, CREATE_SERVER_REFERENCE};

/// A JavaScript string literal.
pub(crate) fn js_string(value: &str) -> String {
    serde_json::to_string(value).expect("a string serializes")
}

/// How an export name is written after `as`: bare when it is an identifier
/// name (reserved words included), else as a string literal.
pub(crate) fn export_name_literal(name: &str) -> String {
    let mut chars = name.chars();
    let is_identifier_name = chars.next().is_some_and(Ident::is_valid_start) && chars.all(Ident::is_valid_continue);
    if is_identifier_name {
        name.to_string()
    } else {
        js_string(name)
    }
}

/// The module's text, one statement a line: line 0 is the import, line
/// `1 + i` the stub of `functions[i]`.
pub(crate) fn client_text(functions: &[ServerFunction], names: &ClientNames, runtime: &str) -> String {
    let mut code = String::new();
    let import = if names.import == CREATE_SERVER_REFERENCE {
        names.import.clone()
    } else {
        format!("{CREATE_SERVER_REFERENCE} as {}", names.import)
    };
    writeln!(code, "import {{ {import} }} from {};", js_string(runtime)).unwrap();
    let mut export_list = Vec::new();
    for (function, local) in functions.iter().zip(&names.locals) {
        let binding = match local {
            None => format!("export const {}", function.export_name),
            Some(local) => {
                export_list.push(format!("{local} as {}", export_name_literal(&function.export_name)));
                format!("const {local}")
            }
        };
        let arity = function.arity.map(|arity| format!(", {arity}")).unwrap_or_default();
        writeln!(
            code,
            "{binding} = /*#__PURE__*/ {}({}, {}{arity});",
            names.import,
            js_string(&function.fn_id),
            js_string(&function.fn_name)
        )
        .unwrap();
    }
    if !export_list.is_empty() {
        writeln!(code, "export {{ {} }};", export_list.join(", ")).unwrap();
    }
    code
}
