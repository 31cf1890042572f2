//! A module with inline server functions, spliced as text (SPEC section 10).
//! Client: the module as it is, each inline function replaced by its stub.
//! Server: each inline function that is not a declaration at module scope
//! hoisted to module scope, its text moved byte for byte, the site bound to
//! it; every inline function registered at the end.

use std::ops::Range;

use crate::directive::skip_trivia;
use crate::emit::server_text::{final_line_break, line_ending, name_function, registration, runtime_import};
use crate::emit::splice::{edited, with_edits, Piece};
use crate::emit::stub::StubArguments;
use crate::options::Target;
use crate::source::offset;
use crate::types::{Capture, InlineFunction, InlineModule, InlineNames, Parts, Site};

pub(crate) fn inline_client_pieces<'a>(
    text: &'a str,
    module: &InlineModule,
    names: &InlineNames,
    runtime: &str,
    build_id: Option<&str>,
) -> Vec<Piece<'a>> {
    let mut edits = vec![runtime_import(text, module.prologue_end, &names.imports(Target::Client), runtime)];
    let stub_of = |function| stub(function, &names.import, build_id);
    for function in &module.functions {
        let span = offset(function.span.lo)..offset(function.span.hi);
        match &function.site {
            Site::TopLevel { binding: Some(binding), default_export: None } => {
                edits.push((span, format!("var {binding} = {};", stub_of(function))))
            }
            Site::TopLevel { binding: Some(binding), default_export: Some(export) } => edits.push((
                offset(export.lo)..offset(export.hi),
                format!("var {binding} = {}; export default {binding};", stub_of(function)),
            )),
            Site::TopLevel { binding: None, default_export } => {
                let export = default_export.unwrap_or(function.span);
                edits.push((offset(export.lo)..offset(export.hi), format!("export default {};", stub_of(function))))
            }
            Site::Nested { .. } => {
                let unbound = call(function, &names.import, build_id);
                edits.extend(nested_declaration(text, function, live(unbound, function, names.bind_live.as_deref())))
            }
            Site::Expression => edits.push((span, stub_of(function))),
        }
    }
    with_edits(text.len(), edits)
}

/// `/*#__PURE__*/ createServerReference("<fnId>", "<fnName>", n?)`, bound
/// to the captures when there are any.
fn stub(function: &InlineFunction, import: &str, build_id: Option<&str>) -> String {
    bound(call(function, import, build_id), &function.captures)
}

/// `/*#__PURE__*/ createServerReference("<fnId>", "<fnName>", n?, { buildId }?)`.
fn call(function: &InlineFunction, import: &str, build_id: Option<&str>) -> String {
    let server_function = &function.function;
    let arguments = StubArguments {
        fn_id: &server_function.fn_id,
        fn_name: &server_function.fn_name,
        arity: function.stub_arity(),
        method: None,
        build_id,
    };
    format!("/*#__PURE__*/ {import}({})", arguments.text())
}

/// `<callee>.bind(null, <captures>)`, or `<callee>` when nothing is captured.
fn bound(callee: String, captures: &[Capture]) -> String {
    if captures.is_empty() {
        return callee;
    }
    format!("{callee}.bind(null, {})", capture_list(captures))
}

/// `bindLive(<callee>, () => [<captures>], <count>)`: the captures read at
/// each call, as the declaration's closure would (section 10); `<callee>`
/// when nothing is captured.
fn live(callee: String, function: &InlineFunction, bind_live: Option<&str>) -> String {
    match bind_live {
        Some(bind_live) if !function.captures.is_empty() => {
            let captures = &function.captures;
            format!("{bind_live}({callee}, () => [{}], {})", capture_list(captures), captures.len())
        }
        _ => callee,
    }
}

fn capture_list(captures: &[Capture]) -> String {
    let captures: Vec<&str> = captures.iter().map(|capture| capture.name.as_str()).collect();
    captures.join(", ")
}

/// A nested declaration (section 10): `var <name> = <value>;` at the start of
/// its statement list, so its name holds the reference before its own line,
/// and the declaration removed where it stood (its line too when it stands
/// alone on it).
fn nested_declaration(text: &str, function: &InlineFunction, value: String) -> [(Range<usize>, String); 2] {
    let Site::Nested { name, scope_start } = &function.site else { unreachable!("called for nested declarations") };
    let (at, start, end) = (offset(*scope_start), offset(function.span.lo), offset(function.span.hi));
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let indent = &text[line_start..at];
    let declaration = if indent.chars().all(|c| c == ' ' || c == '\t') {
        format!("var {name} = {value};{}{indent}", line_ending(text))
    } else {
        format!("var {name} = {value}; ")
    };
    let own_line_start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let alone_from = text[own_line_start..start].chars().all(|c| c == ' ' || c == '\t');
    let after = text[end..].find(|c: char| c != ' ' && c != '\t' && c != '\r').map_or(text.len(), |i| end + i);
    let alone_to = text[after..].starts_with('\n');
    let next_line = text.get(after + 1..).and_then(|rest| rest.find(|c: char| c != ' ' && c != '\t'));
    let next_line = next_line.map_or(text.len(), |i| after + 1 + i);
    let removed = match (alone_from && alone_to, start == at) {
        // Its whole line goes.
        (true, false) => own_line_start..after + 1,
        // The declaration took its place: the next line's indentation goes.
        (true, true) => start..next_line,
        _ => start..end,
    };
    [(at..at, declaration), (removed, String::new())]
}

/// The original text with every inline function blanked out (line breaks
/// kept, so positions hold): what the client's source map may show.
pub(crate) fn without_inline_functions(text: &str, module: &InlineModule) -> String {
    let mut blanked = String::with_capacity(text.len());
    let mut copied_to = 0;
    for function in &module.functions {
        let (start, end) = (offset(function.span.lo), offset(function.span.hi));
        if start < copied_to {
            // Inside an inline function blanked already.
            continue;
        }
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
    let mut edits = vec![runtime_import(text, module.prologue_end, &names.imports(Target::Server), runtime)];
    for (function, hoisted) in module.functions.iter().zip(&names.hoisted) {
        let span = offset(function.span.lo)..offset(function.span.hi);
        match (&function.site, hoisted) {
            (Site::TopLevel { binding: None, .. }, _) => {
                let local = names.default_local.as_deref().expect("named for an anonymous default export");
                edits.push(name_function(text, function.span.lo, local));
            }
            (Site::TopLevel { .. }, _) => {}
            (Site::Nested { .. }, Some(hoisted)) => {
                let value = live(hoisted.clone(), function, names.bind_live.as_deref());
                edits.extend(nested_declaration(text, function, value));
            }
            (_, Some(hoisted)) => edits.push((span, bound(hoisted.clone(), &function.captures))),
            (_, None) => unreachable!("every function that moves has a hoisted name"),
        }
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    // A function inside a hoisted one moves with it: its edits apply there.
    let mut pieces = edited(0..text.len(), &edits);
    pieces.extend(final_line_break(text));
    for (function, hoisted) in module.functions.iter().zip(&names.hoisted) {
        if let Some(hoisted) = hoisted {
            hoist(text, function, hoisted, names.args.as_deref(), &edits, eol, &mut pieces);
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
/// own parts copied from the original (with the edits of the inline
/// functions inside it). A function that refers to its own name keeps it:
/// `async function <hoisted>(<captures>, ...args) { return (async function
/// <name><T>(<parameters>)<: R> <body>)(...args); }`, so that the name is the
/// same function with the same captures (section 10).
fn hoist<'a>(
    text: &'a str,
    function: &InlineFunction,
    hoisted: &str,
    args: Option<&str>,
    edits: &[(Range<usize>, String)],
    eol: &'static str,
    pieces: &mut Vec<Piece<'a>>,
) {
    let captures = capture_list(&function.captures);
    // An async generator (section 14) stays one, and its wrapper delegates to it.
    let (keyword, delegate) =
        if function.parts.is_generator { ("async function*", "yield* ") } else { ("async function", "") };
    match (&function.own_name, args) {
        (Some(own_name), Some(args)) => {
            let separator = if captures.is_empty() { "" } else { ", " };
            pieces.push(Piece::generated(format!(
                "{keyword} {hoisted}({captures}{separator}...{args}) {{ return {delegate}({keyword} {own_name}"
            )));
            signature_and_body(text, function, "", edits, pieces);
            pieces.push(Piece::generated(format!(")(...{args}); }}{eol}")));
        }
        _ => {
            pieces.push(Piece::generated(format!("{keyword} {hoisted}")));
            signature_and_body(text, function, &captures, edits, pieces);
            pieces.push(Piece::generated(eol));
        }
    }
}

/// `<T>(<leading>, <parameters>)<: R> <body>` from the original.
fn signature_and_body<'a>(
    text: &'a str,
    function: &InlineFunction,
    leading: &str,
    edits: &[(Range<usize>, String)],
    pieces: &mut Vec<Piece<'a>>,
) {
    let parts = &function.parts;
    if let Some(type_params) = parts.type_params {
        pieces.push(Piece::Original(offset(type_params.lo)..offset(type_params.hi)));
    }
    let separator = if leading.is_empty() || parts.params.is_none() { "" } else { ", " };
    pieces.push(Piece::generated(format!("({leading}{separator}")));
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
    pieces.extend(edited(offset(parts.body.lo)..offset(parts.body.hi), edits));
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
