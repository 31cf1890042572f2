//! Turning SWC positions into 1-based lines and character columns, for a
//! text we parsed ourselves or through a host's source map.

use swc_core::common::{BytePos, SourceMapper, Span};

use crate::diagnostics::Frame;
use crate::parse::offset;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

/// Where a span is, and the line it starts on.
pub trait Locate {
    fn locate(&self, pos: BytePos) -> LineColumn;
    fn frame(&self, span: Span) -> Option<Frame>;
}

/// A text parsed by [`crate::parse::parse_module`]. Lines end at `\n`, as in
/// SWC's own source map, so both ways of applying the pass agree.
pub(crate) struct TextLocator<'a> {
    pub text: &'a str,
}

impl Locate for TextLocator<'_> {
    fn locate(&self, pos: BytePos) -> LineColumn {
        let offset = offset(pos).min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        LineColumn { line: line as u32, column: column as u32 }
    }

    fn frame(&self, span: Span) -> Option<Frame> {
        Some(Frame::in_source(self.text, offset(span.lo), offset(span.hi)))
    }
}

/// A host's source map: a Rust bundler's `SourceMap`, or the Wasm plugin's
/// proxy to the host.
pub struct SourceMapLocator<'a>(pub &'a dyn SourceMapper);

impl Locate for SourceMapLocator<'_> {
    fn locate(&self, pos: BytePos) -> LineColumn {
        let loc = self.0.lookup_char_pos(pos);
        LineColumn { line: loc.line as u32, column: loc.col.0 as u32 + 1 }
    }

    fn frame(&self, span: Span) -> Option<Frame> {
        let loc = self.0.lookup_char_pos(span.lo);
        let line_text = loc.file.get_line(loc.line.checked_sub(1)?)?;
        let start = line_text.char_indices().nth(loc.col.0).map_or(line_text.len(), |(i, _)| i);
        let length = (span.hi.0.saturating_sub(span.lo.0)) as usize;
        let end = (start + length).min(line_text.len());
        Some(Frame::in_source(&line_text, start, end))
    }
}
