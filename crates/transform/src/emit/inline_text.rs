//! A module with inline server functions, spliced as text (SPEC section 10).
//! Client: the module as it is, each inline function replaced by its stub.
//! Server: each inline function that is not a declaration at module scope
//! hoisted to module scope, its text moved byte for byte, the site bound to
//! it; every inline function registered at the end.

use std::ops::Range;

use crate::analysis::InlineModule;
use crate::directive::skip_trivia;
use crate::emit::client_text::js_string;
use crate::emit::server_text::{final_line_break, line_ending, name_function, registration, runtime_import};
use crate::emit::splice::{with_edits, Piece};
use crate::inline::{Capture, InlineFunction, Parts, Site};
use crate::names::{InlineNames, CREATE_SERVER_REFERENCE, REGISTER_SERVER_REFERENCE};
use crate::parse::offset;

pub(crate) fn inline_client_pieces<'a>(
    text: &'a str,
    module: &InlineModule,
    names: &InlineNames,
    runtime: &str,
) -> Vec<Piece<'a>> {
    let import = (CREATE_SERVER_REFERENCE, names.import.as_str());
    let mut edits = vec![runtime_import(text, module.prologue_end, import, runtime)];
    for function in &module.functions {
        let stub = stub(function, &names.import);
        let span = offset(function.span.lo)..offset(function.span.hi);
        edits.push(match &function.site {
            Site::TopLevel { binding: Some(binding), default_export: None } | Site::Nested { name: binding } => {
                (span, format!("var {binding} = {stub};"))
            }
            Site::TopLevel { binding: Some(binding), default_export: Some(export) } => {
                (offset(export.lo)..offset(export.hi), format!("var {binding} = {stub}; export default {binding};"))
            }
            Site::TopLevel { binding: None, default_export } => {
                let export = default_export.unwrap_or(function.span);
                (offset(export.lo)..offset(export.hi), format!("export default {stub};"))
            }
            Site::Expression => (span, stub),
        });
    }
    with_edits(text.len(), edits)
}

/// `/*#__PURE__*/ createServerReference("<fnId>", "<fnName>", n?)`, bound
/// to the captures when there are any.
fn stub(function: &InlineFunction, import: &str) -> String {
    let server_function = &function.function;
    let arity = function.stub_arity().map(|arity| format!(", {arity}")).unwrap_or_default();
    let call = format!(
        "/*#__PURE__*/ {import}({}, {}{arity})",
        js_string(&server_function.fn_id),
        js_string(&server_function.fn_name)
    );
    bound(call, &function.captures)
}

/// `<callee>.bind(null, <captures>)`, or `<callee>` when nothing is captured.
fn bound(callee: String, captures: &[Capture]) -> String {
    if captures.is_empty() {
        return callee;
    }
    let captures: Vec<&str> = captures.iter().map(|capture| capture.name.as_str()).collect();
    format!("{callee}.bind(null, {})", captures.join(", "))
}

/// The original text with every inline function blanked out (line breaks
/// kept, so positions hold): what the client's source map may show.
pub(crate) fn without_inline_functions(text: &str, module: &InlineModule) -> String {
    let mut blanked = String::with_capacity(text.len());
    let mut copied_to = 0;
    for function in &module.functions {
        let (start, end) = (offset(function.span.lo), offset(function.span.hi));
        blanked.push_str(&text[copied_to..start]);
        for c in text[start..end].chars() {
            match c {
                '\n' | '\r' => blanked.push(c),
                // One space per UTF-16 unit: source map columns count them.
                c => blanked.extend(std::iter::repeat_n(' ', c.len_utf16())),
            }
        }
        copied_to = end;
    }
    blanked.push_str(&text[copied_to..]);
    blanked
}

pub(crate) fn inline_server_pieces<'a>(
    text: &'a str,
    module: &InlineModule,
    names: &InlineNames,
    runtime: &str,
) -> Vec<Piece<'a>> {
    let eol = line_ending(text);
    let import = (REGISTER_SERVER_REFERENCE, names.import.as_str());
    let mut edits = vec![runtime_import(text, module.prologue_end, import, runtime)];
    for (function, hoisted) in module.functions.iter().zip(&names.hoisted) {
        let span = offset(function.span.lo)..offset(function.span.hi);
        match (&function.site, hoisted) {
            (Site::TopLevel { binding: None, .. }, _) => {
                let local = names.default_local.as_deref().expect("named for an anonymous default export");
                edits.push(name_function(text, function.span.lo, local));
            }
            (Site::TopLevel { .. }, _) => {}
            (Site::Nested { name }, Some(hoisted)) => {
                edits.push((span, format!("var {name} = {};", bound(hoisted.clone(), &function.captures))));
            }
            (_, Some(hoisted)) => edits.push((span, bound(hoisted.clone(), &function.captures))),
            (_, None) => unreachable!("every function that moves has a hoisted name"),
        }
    }
    let mut pieces = with_edits(text.len(), edits);
    pieces.extend(final_line_break(text));
    for (function, hoisted) in module.functions.iter().zip(&names.hoisted) {
        if let Some(hoisted) = hoisted {
            hoist(text, function, hoisted, eol, &mut pieces);
        }
    }
    for (function, hoisted) in module.functions.iter().zip(&names.hoisted) {
        let binding = match (&function.site, hoisted) {
            (_, Some(hoisted)) => hoisted.as_str(),
            (Site::TopLevel { binding: Some(binding), .. }, None) => binding.as_str(),
            _ => names.default_local.as_deref().expect("named for an anonymous default export"),
        };
        pieces.push(registration(&function.function, binding, &names.import, eol, function.span));
    }
    pieces
}

/// `async function <hoisted><T>(<captures>, <parameters>)<: R> <body>`, its
/// own parts copied from the original.
fn hoist<'a>(text: &'a str, function: &InlineFunction, hoisted: &str, eol: &'static str, pieces: &mut Vec<Piece<'a>>) {
    let parts = &function.parts;
    pieces.push(Piece::generated(format!("async function {hoisted}")));
    if let Some(type_params) = parts.type_params {
        pieces.push(Piece::Original(offset(type_params.lo)..offset(type_params.hi)));
    }
    let captures: Vec<&str> = function.captures.iter().map(|capture| capture.name.as_str()).collect();
    let separator = if captures.is_empty() || parts.params.is_none() { "" } else { ", " };
    pieces.push(Piece::generated(format!("({}{separator}", captures.join(", "))));
    pieces.push(Piece::Original(parameter_list(text, parts)));
    pieces.push(Piece::generated(")"));
    if let Some(return_type) = parts.return_type {
        let range = offset(return_type.lo)..offset(return_type.hi);
        if !text[range.clone()].starts_with(':') {
            pieces.push(Piece::generated(": "));
        }
        pieces.push(Piece::Original(range));
    }
    pieces.push(Piece::generated(" "));
    pieces.push(Piece::Original(offset(parts.body.lo)..offset(parts.body.hi)));
    pieces.push(Piece::generated(eol));
}

/// The text between a function's parentheses, or the one parameter of an
/// arrow written without them.
fn parameter_list(text: &str, parts: &Parts) -> Range<usize> {
    let limit = parts.params.map_or(offset(parts.body.lo), |params| offset(params.lo));
    let Some(open) = opening_parenthesis(text, offset(parts.params_search_from), limit) else {
        let params = parts.params.expect("an arrow without parentheses has one parameter");
        return offset(params.lo)..offset(params.hi);
    };
    let mut at = parts.params.map_or(open + 1, |params| offset(params.hi));
    // After the last parameter: an optional `?` and a trailing comma.
    for token in ['?', ','] {
        let rest = skip_trivia(&text[at..]);
        at = text.len() - rest.len() + usize::from(rest.starts_with(token));
    }
    let rest = skip_trivia(&text[at..]);
    let close = text.len() - rest.len();
    debug_assert!(rest.starts_with(')'), "a parameter list ends with `)`");
    open + 1..close
}

/// The `(` that opens the parameter list: past `async`, `function`, `*` and
/// the name, before `limit`.
fn opening_parenthesis(text: &str, from: usize, limit: usize) -> Option<usize> {
    let mut at = from;
    while at < limit {
        let rest = skip_trivia(&text[at..limit]);
        at = limit - rest.len();
        let word = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '$' | '\\' | '*')));
        match word {
            _ if rest.starts_with('(') => return Some(at),
            Some(0) | None => return None,
            Some(length) => at += length,
        }
    }
    None
}
