//! The diagnostic codes (SPEC section 6, defined here once) and their rendering.

use std::fmt;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::{Deserialize, Serialize};
use swc_core::common::Span;

use crate::position::{Frame, Locate};

/// A stable diagnostic code. Codes never change meaning; messages may improve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// The module could not be parsed.
    FW001,
    /// No server function exported.
    FW002,
    /// `*.server.*` file without the directive.
    FW003,
    /// `"use server"` after the prologue.
    FW004,
    /// `"use client"` and `"use server"` together.
    FW005,
    /// Inline `"use server"` function in a module that is not a server module.
    FW006,
    /// `"use server"` in a function body after other statements.
    FW007,
    /// A near miss of a directive (misspelled, parenthesized, unknown
    /// `"use …"`): the only warning among the codes of a module.
    FW008,
    /// `"use client"` in a function body.
    FW009,
    /// Default export (incl. `export { f as default }` and `export =`).
    FW010,
    /// Runtime re-export (`export … from`, `export *`, an exported imported
    /// binding, `export import x = …`).
    FW011,
    /// Exported value that is not a function.
    FW012,
    /// Ambient `declare` export of a value.
    FW013,
    /// Generator or async generator.
    FW014,
    /// Empty or padded string-literal export name.
    FW015,
    /// The same exported name twice.
    FW016,
    /// Inline server function that is not `async`.
    FW017,
    /// Inline server function as a method/accessor/constructor, or using its
    /// own `this`/`super`/`arguments`/`new.target`.
    FW018,
    /// Inline server function assigning to a captured binding.
    FW019,
    /// Server module reachable while server functions are off.
    FW020,
    /// Two functions with the same fnId.
    FW021,
    /// An import in the graph that cannot be resolved.
    FW022,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FW001 => "FW001",
            Code::FW002 => "FW002",
            Code::FW003 => "FW003",
            Code::FW004 => "FW004",
            Code::FW005 => "FW005",
            Code::FW006 => "FW006",
            Code::FW007 => "FW007",
            Code::FW008 => "FW008",
            Code::FW009 => "FW009",
            Code::FW010 => "FW010",
            Code::FW011 => "FW011",
            Code::FW012 => "FW012",
            Code::FW013 => "FW013",
            Code::FW014 => "FW014",
            Code::FW015 => "FW015",
            Code::FW016 => "FW016",
            Code::FW017 => "FW017",
            Code::FW018 => "FW018",
            Code::FW019 => "FW019",
            Code::FW020 => "FW020",
            Code::FW021 => "FW021",
            Code::FW022 => "FW022",
        }
    }
}

impl Code {
    /// How a problem with this code is reported (section 6's table).
    pub fn severity(self) -> Severity {
        match self {
            Code::FW008 => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem in one file. Serializes to the JSON shape of SPEC section 6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Relative to the root, with `/` separators.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// The source line the diagnostic points into, for the code frame.
    #[serde(skip)]
    pub frame: Option<Frame>,
    /// Where it points in SWC's position space, for hosts that render their
    /// own frames (the Wasm plugin reports through SWC's handler).
    #[serde(skip)]
    pub span: Option<swc_core::common::Span>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>, file: &str, line: u32, column: u32) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: file.to_string(),
            line,
            column,
            frame: None,
            span: None,
        }
    }

    pub fn with_frame(mut self, frame: Frame) -> Self {
        self.frame = Some(frame);
        self
    }

    /// rustc-style text with a code frame, without colour.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(&self.message).id(self.code.as_str());
        let report = match &self.frame {
            Some(frame) => {
                let underline = if frame.underline.is_empty() {
                    // Point at one character so the caret is visible.
                    let end = frame.line_text[frame.underline.start..]
                        .chars()
                        .next()
                        .map_or(frame.underline.start, |c| frame.underline.start + c.len_utf8());
                    frame.underline.start..end
                } else {
                    frame.underline.clone()
                };
                [title.element(
                    Snippet::source(frame.line_text.as_str())
                        .line_start(self.line as usize)
                        .path(self.file.as_str())
                        .annotation(AnnotationKind::Primary.span(underline)),
                )]
            }
            None => [title.element(
                annotate_snippets::Origin::path(self.file.as_str())
                    .line(self.line as usize)
                    .char_column(self.column as usize),
            )],
        };
        Renderer::plain().render(&report)
    }
}

/// A problem found in a module, before it is given a file, line and column.
pub(crate) struct Problem {
    pub code: Code,
    pub span: Span,
    pub message: String,
}

impl Problem {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Problem { code, span, message: message.into() }
    }

    pub fn into_diagnostic(self, file: &str, locator: &dyn Locate) -> Diagnostic {
        let position = locator.locate(self.span.lo);
        let mut diagnostic = Diagnostic::error(self.code, self.message, file, position.line, position.column);
        diagnostic.severity = self.code.severity();
        diagnostic.span = Some(self.span);
        match locator.frame(self.span) {
            Some(frame) => diagnostic.with_frame(frame),
            None => diagnostic,
        }
    }
}

/// Problems as diagnostics, in source order: the errors (with the
/// warnings among them) when there is one, else the warnings alone.
pub(crate) fn split_problems(
    mut problems: Vec<Problem>,
    file: &str,
    locator: &dyn Locate,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    problems.sort_by_key(|problem| (problem.span.lo, problem.code));
    let has_error = problems.iter().any(|problem| problem.code.severity() == Severity::Error);
    let diagnostics = problems.into_iter().map(|problem| problem.into_diagnostic(file, locator)).collect();
    if has_error {
        Err(diagnostics)
    } else {
        Ok(diagnostics)
    }
}

/// Every diagnostic rendered, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(Diagnostic::render).collect::<Vec<_>>().join("\n\n")
}

/// `{ "diagnostics": [...] }`, the JSON shape of SPEC section 6.
pub fn to_json(diagnostics: &[Diagnostic]) -> serde_json::Value {
    serde_json::json!({ "diagnostics": diagnostics })
}
