//! The server module, spliced as text: the original, unchanged, with the
//! runtime import after the directive prologue and one registration per
//! server function appended (an anonymous default export is given a name
//! to register it by).

use std::ops::Range;

use swc_core::common::{BytePos, Span};

use crate::directive::skip_trivia;
use crate::emit::literal::js_string;
use crate::emit::splice::{with_edits, Piece};
use crate::names::REGISTER_SERVER_REFERENCE;
use crate::source::offset;
use crate::types::{AnonymousDefault, ServerFunction, ServerModule, ServerNames};

/// The server module as pieces of `text` (the original without a
/// byte-order mark) and generated text.
pub(crate) fn server_pieces<'a>(
    text: &'a str,
    server: &ServerModule,
    names: &ServerNames,
    runtime: &str,
) -> Vec<Piece<'a>> {
    let eol = line_ending(text);

    let import = [(REGISTER_SERVER_REFERENCE, names.import.as_str())];
    let mut edits = vec![runtime_import(text, server.prologue_end, &import, runtime)];
    if let (Some(anonymous), Some(local)) = (server.anonymous_default, &names.default_local) {
        edits.push(match anonymous {
            AnonymousDefault::Declaration { function_start } => name_function(text, function_start, local),
            AnonymousDefault::Expression { export_start, expression_start } => {
                (offset(export_start)..offset(expression_start), format!("const {local} = "))
            }
        });
    }
    let mut pieces = with_edits(text.len(), edits);
    pieces.extend(final_line_break(text));
    if let (Some(AnonymousDefault::Expression { .. }), Some(local)) = (server.anonymous_default, &names.default_local) {
        pieces.push(Piece::generated(format!("export {{ {local} as default }};{eol}")));
    }
    // Each registration maps to the export it registers.
    for (function, span) in server.functions.iter().zip(&server.export_spans) {
        let binding = match &names.default_local {
            Some(local) if function.local_name == "default" => local,
            _ => &function.local_name,
        };
        pieces.push(registration(function, binding, &names.import, eol, *span));
    }
    pieces
}

/// `import { <imported> as <local>, … } from "<runtime>";` after the
/// directive prologue (or at the start, after a hashbang), as an insertion.
pub(crate) fn runtime_import(
    text: &str,
    prologue_end: Option<BytePos>,
    imports: &[(&str, &str)],
    runtime: &str,
) -> (Range<usize>, String) {
    let eol = line_ending(text);
    let (at, own_line_breaks) = match prologue_end {
        Some(prologue_end) => import_offset(text, offset(prologue_end)),
        None => module_start(text),
    };
    let import = import_statement(imports, runtime);
    let import = if own_line_breaks { format!("{eol}{import}{eol}") } else { format!("{import}{eol}") };
    (at..at, import)
}

/// The line break a text without a final one needs before more lines.
pub(crate) fn final_line_break(text: &str) -> Option<Piece<'static>> {
    (!text.is_empty() && !text.ends_with('\n')).then(|| Piece::generated(line_ending(text)))
}

/// An anonymous function declaration starting at `function_start` named `local`, as an insertion.
pub(crate) fn name_function(text: &str, function_start: BytePos, local: &str) -> (Range<usize>, String) {
    let at = after_function_keyword(text, offset(function_start));
    (at..at, format!(" {local}"))
}

/// Where the import goes in a module without a directive prologue: first,
/// or after a hashbang line.
fn module_start(text: &str) -> (usize, bool) {
    if !text.starts_with("#!") {
        return (0, false);
    }
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(newline) => (newline + 1, false),
        None => (text.len(), true),
    }
}

/// The offset right after the `function` keyword of an anonymous function
/// declaration that starts at `start` (at `async` or `function`).
fn after_function_keyword(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let rest = rest.strip_prefix("async").map_or(rest, skip_trivia);
    let keyword = text.len() - rest.len();
    debug_assert!(rest.starts_with("function"), "a function declaration starts with `async` or `function`");
    keyword + "function".len()
}

/// The import statement, without a line end.
fn import_statement(imports: &[(&str, &str)], runtime: &str) -> String {
    let specifiers: Vec<String> = imports
        .iter()
        .map(|(imported, local)| if imported == local { local.to_string() } else { format!("{imported} as {local}") })
        .collect();
    format!("import {{ {} }} from {};", specifiers.join(", "), js_string(runtime))
}

/// `registerServerReference(<binding>, "<fnId>", "<fnName>");` and `eol`,
/// mapped to where the function's export (or the function) starts.
pub(crate) fn registration(
    function: &ServerFunction,
    binding: &str,
    import_name: &str,
    eol: &str,
    at: Span,
) -> Piece<'static> {
    let text =
        format!("{import_name}({binding}, {}, {});{eol}", js_string(&function.fn_id), js_string(&function.fn_name));
    Piece::Generated { text: text.into(), at: Some(offset(at.lo)) }
}

/// The file's line ending: CRLF when its first line ends so.
pub(crate) fn line_ending(text: &str) -> &'static str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Where the import goes, given the byte offset where the prologue ends: at
/// the start of the next line when only blanks and comments follow on the
/// prologue's line (no column moves), else right after the prologue.
/// Returns the offset and whether the import must bring its own line breaks.
fn import_offset(text: &str, prologue_end: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut i = prologue_end;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\n' => return (i + 1, false),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                return match memchr::memchr(b'\n', &bytes[i..]) {
                    Some(newline) => (i + newline + 1, false),
                    None => (text.len(), true),
                };
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                Some(close) if !bytes[i + 2..i + 2 + close].contains(&b'\n') => i += close + 4,
                _ => break,
            },
            _ => break,
        }
    }
    if i >= bytes.len() {
        (text.len(), true)
    } else {
        (prologue_end, true)
    }
}
