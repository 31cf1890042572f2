//! Parsing with SWC, the syntax chosen by the file's extension.

use swc_core::common::{BytePos, Span, Spanned};
use swc_core::ecma::ast::{EsVersion, Module};
use swc_core::ecma::parser::{lexer::Lexer, EsSyntax, Parser, StringInput, Syntax, TsSyntax};

use crate::diagnostics::Diagnostic;
use crate::directive::prologue_text_has_use_server;
use crate::messages;
use crate::position::{Frame, Locate, TextLocator};
use crate::source::{is_server_file_name, language_of, offset, Language, START};

pub(crate) struct ParseError {
    pub message: String,
    pub span: Span,
}

/// JavaScript extensions as JavaScript with JSX; everything else, unknown
/// extensions included, as TypeScript (`.tsx` with JSX).
pub fn syntax_for(filename: &str) -> Syntax {
    let extension = filename.rsplit_once('.').map_or("", |(_, ext)| ext);
    match language_of(extension) {
        Some(Language::JavaScript) => Syntax::Es(EsSyntax {
            jsx: true,
            decorators: true,
            import_attributes: true,
            explicit_resource_management: true,
            ..Default::default()
        }),
        _ => Syntax::Typescript(TsSyntax { tsx: extension == "tsx", decorators: true, ..Default::default() }),
    }
}

/// Parses `text` (without a byte-order mark) as a module. Every error the
/// parser reports, recoverable ones included, fails the parse.
pub(crate) fn parse_module(text: &str, filename: &str) -> Result<Module, Vec<ParseError>> {
    let syntax = syntax_for(filename);
    let end = BytePos(START.0 + text.len() as u32);
    let lexer = Lexer::new(syntax, EsVersion::latest(), StringInput::new(text, START, end), None);
    let mut parser = Parser::new_from(lexer);
    let result = if syntax.typescript() { parser.parse_typescript_module() } else { parser.parse_module() };
    let mut errors: Vec<ParseError> = parser
        .take_errors()
        .into_iter()
        .map(|error| ParseError { span: error.span(), message: error.into_kind().msg().into_owned() })
        .collect();
    match result {
        Ok(module) if errors.is_empty() => Ok(module),
        Ok(_) => Err(errors),
        Err(error) => {
            errors.push(ParseError { span: error.span(), message: error.into_kind().msg().into_owned() });
            errors.sort_by_key(|error| error.span.lo);
            Err(errors)
        }
    }
}

/// Whether a module that does not parse is fnwire's to report (FW001): its
/// name or the text of its prologue says it is a server module. Any other
/// module is its bundler's to report.
pub(crate) fn is_ours_to_judge(text: &str, filename: &str) -> bool {
    is_server_file_name(filename) || prologue_text_has_use_server(text)
}

/// The parser's errors as FW001 diagnostics, each with its frame.
pub(crate) fn parse_failures(errors: Vec<ParseError>, module_path: &str, locator: &TextLocator) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .map(|error| {
            let position = locator.locate(error.span.lo);
            let frame = Frame::in_source(locator.lines.text(), offset(error.span.lo), offset(error.span.hi));
            messages::parse_failure(error.message, module_path, position.line, position.column).with_frame(frame)
        })
        .collect()
}

/// A file's bytes as text; FW001 where they are not UTF-8.
pub fn decode_source<'a>(bytes: &'a [u8], module_path: &str) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = memchr::memchr_iter(b'\n', valid).count() + 1;
        let line_start = memchr::memrchr(b'\n', valid).map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        let reason = format!("the file is not valid UTF-8 (invalid byte at offset {})", error.valid_up_to());
        messages::parse_failure(reason, module_path, line as u32, column as u32)
    })
}
