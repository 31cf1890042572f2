//! Output text assembled from pieces of the original and generated text, and
//! its source map: copied text maps to where it stands in the original,
//! wherever it lands in the output.

use std::borrow::Cow;
use std::ops::Range;

use crate::emit::source_map::{CopyMapper, MapBuilder};
use crate::position::LineIndex;

pub(crate) enum Piece<'a> {
    /// A byte range of the original text, copied unchanged.
    Original(Range<usize>),
    /// Text the compiler wrote; `at` maps its first character to an
    /// original byte offset (a registration to its export), else it maps to
    /// nothing.
    Generated { text: Cow<'a, str>, at: Option<usize> },
}

impl<'a> Piece<'a> {
    pub fn generated(text: impl Into<Cow<'a, str>>) -> Self {
        Piece::Generated { text: text.into(), at: None }
    }
}

/// The original text of length `length` with each range of `edits`
/// replaced by its text (insertions are empty ranges). Edits do not overlap.
pub(crate) fn with_edits<'a>(length: usize, mut edits: Vec<(Range<usize>, String)>) -> Vec<Piece<'a>> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    edited(0..length, &edits)
}

/// The `region` of the original with the edits (sorted) that fall in it. An
/// edit inside a range another edit replaces is not this region's: it
/// belongs to the text that moved (an inline function hoisted, section 10).
pub(crate) fn edited<'a>(region: Range<usize>, edits: &[(Range<usize>, String)]) -> Vec<Piece<'a>> {
    let mut pieces = Vec::with_capacity(edits.len() * 2 + 1);
    let mut copied_to = region.start;
    for (range, replacement) in edits {
        if range.start < copied_to || range.end > region.end {
            continue;
        }
        pieces.push(Piece::Original(copied_to..range.start));
        pieces.push(Piece::generated(replacement.clone()));
        copied_to = range.end;
    }
    pieces.push(Piece::Original(copied_to..region.end));
    pieces
}

/// The pieces in order, after `prefix` (a byte-order mark, which source
/// map positions do not count), and the map when `source` names the file.
pub(crate) fn splice(
    prefix: &str,
    lines: &LineIndex,
    pieces: &[Piece],
    source: Option<(&str, Option<&str>)>,
) -> (String, Option<String>) {
    let text = lines.text();
    let length = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Original(range) => range.len(),
            Piece::Generated { text, .. } => text.len(),
        })
        .sum::<usize>();
    let mut code = String::with_capacity(prefix.len() + length);
    code.push_str(prefix);
    for piece in pieces {
        match piece {
            Piece::Original(range) => code.push_str(&text[range.clone()]),
            Piece::Generated { text, .. } => code.push_str(text),
        }
    }
    let map = source.map(|(filename, contents)| {
        let mut map = MapBuilder::new();
        let mut mapper = CopyMapper { map: &mut map, generated: (0, 0) };
        for piece in pieces {
            match piece {
                Piece::Original(range) => mapper.copy(&text[range.clone()], lines.utf16_position(range.start)),
                Piece::Generated { text, at } => {
                    if let Some(at) = at {
                        mapper.map.add(mapper.generated, lines.utf16_position(*at));
                    }
                    mapper.skip(text);
                }
            }
        }
        map.into_json(filename, contents)
    });
    (code, map)
}
