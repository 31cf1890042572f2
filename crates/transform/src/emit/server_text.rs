//! The server module, spliced as text: the original, unchanged, with the
//! runtime import after the directive prologue and one registration per
//! server function appended.

use std::fmt::Write;

use crate::analysis::ServerFunction;
use crate::emit::client_text::js_string;
use crate::names::REGISTER_SERVER_REFERENCE;

/// The import statement, without a line end.
pub(crate) fn import_statement(import_name: &str, runtime: &str) -> String {
    let specifier = if import_name == REGISTER_SERVER_REFERENCE {
        import_name.to_string()
    } else {
        format!("{REGISTER_SERVER_REFERENCE} as {import_name}")
    };
    format!("import {{ {specifier} }} from {};", js_string(runtime))
}

/// The registrations, each followed by `eol`.
pub(crate) fn registrations(functions: &[ServerFunction], import_name: &str, eol: &str) -> String {
    let mut code = String::new();
    for function in functions {
        write!(
            code,
            "{import_name}({}, {}, {});{eol}",
            function.local_name,
            js_string(&function.fn_id),
            js_string(&function.fn_name)
        )
        .unwrap();
    }
    code
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
pub(crate) fn import_offset(text: &str, prologue_end: usize) -> (usize, bool) {
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
