//! Turning SWC positions into 1-based lines and character columns, and the
//! line a diagnostic underlines (its frame), for a
//! text we parsed ourselves or through a host's source map.

use swc_core::common::{BytePos, SourceMapper, Span};

use crate::source::offset;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

/// The part of a source line a diagnostic underlines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub line_text: String,
    /// Byte range within `line_text`.
    pub underline: std::ops::Range<usize>,
}

impl Frame {
    /// The frame for the byte range `start..end` of `source`, clipped to the
    /// line where it starts.
    pub fn in_source(source: &str, start: usize, end: usize) -> Frame {
        let start = floor_char_boundary(source, start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..].find(['\n', '\r']).map_or(source.len(), |i| start + i);
        let end = floor_char_boundary(source, end.clamp(start, line_end));
        Frame {
            line_text: source[line_start..line_end].to_string(),
            underline: start - line_start..end.max(start) - line_start,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where a span is, and the line it starts on.
pub trait Locate {
    fn locate(&self, pos: BytePos) -> LineColumn;
    fn frame(&self, span: Span) -> Option<Frame>;
}

/// Where each line of a text starts. Lines end at `\n`, as in SWC's own
/// source map, so both ways of applying the pass agree.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
        LineIndex { text, line_starts: std::iter::once(0).chain(newlines).collect() }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 0-based line of byte `offset`, and the text from its start to `offset`.
    pub fn line_of(&self, offset: usize) -> (usize, &'a str) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        (line, self.text.get(self.line_starts[line]..offset).unwrap_or(""))
    }

    /// The 0-based line and UTF-16 column of byte `offset`, as source maps count.
    pub fn utf16_position(&self, offset: usize) -> (u32, u32) {
        let (line, before) = self.line_of(offset);
        (line as u32, before.chars().map(char::len_utf16).sum::<usize>() as u32)
    }
}

/// A text parsed by `parse::parse_module`.
pub(crate) struct TextLocator<'a> {
    pub lines: LineIndex<'a>,
}

impl Locate for TextLocator<'_> {
    fn locate(&self, pos: BytePos) -> LineColumn {
        let (line, before) = self.lines.line_of(offset(pos));
        LineColumn { line: line as u32 + 1, column: before.chars().count() as u32 + 1 }
    }

    fn frame(&self, span: Span) -> Option<Frame> {
        Some(Frame::in_source(self.lines.text, offset(span.lo), offset(span.hi)))
    }
}

/// A host's source map: a Rust bundler's `SourceMap`, or the Wasm plugin's
/// proxy to the host.
pub struct SourceMapLocator<'a>(pub &'a dyn SourceMapper);

/// A position a transform made up (a dummy span, one reserved for comments,
/// or one marked synthesized, as TypeScript's enum lowering leaves them): no
/// source map knows it, and the Wasm plugin's host panics when asked, which
/// would abort a Node process. Such a position is 1:1, without a frame.
fn is_synthesized(pos: BytePos) -> bool {
    pos.is_dummy() || pos.is_reserved_for_comments() || pos == BytePos::SYNTHESIZED
}

impl Locate for SourceMapLocator<'_> {
    fn locate(&self, pos: BytePos) -> LineColumn {
        if is_synthesized(pos) {
            return LineColumn { line: 1, column: 1 };
        }
        let loc = self.0.lookup_char_pos(pos);
        LineColumn { line: loc.line as u32, column: loc.col.0 as u32 + 1 }
    }

    fn frame(&self, span: Span) -> Option<Frame> {
        if is_synthesized(span.lo) {
            return None;
        }
        let loc = self.0.lookup_char_pos(span.lo);
        let line_text = loc.file.get_line(loc.line.checked_sub(1)?)?;
        let start = line_text.char_indices().nth(loc.col.0).map_or(line_text.len(), |(i, _)| i);
        let length = (span.hi.0.saturating_sub(span.lo.0)) as usize;
        let end = (start + length).min(line_text.len());
        Some(Frame::in_source(&line_text, start, end))
    }
}
