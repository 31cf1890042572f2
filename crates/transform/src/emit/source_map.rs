//! Source maps for the text path. The mappings string is written as the
//! text is walked, in one pass: no token list to sort and re-encode (that
//! was most of the server target's cost). Columns are UTF-16 code units, as
//! source map consumers count them. Tests decode every map with
//! `swc_sourcemap`.

use std::fmt::Write;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A v3 source map with one source, built in generated order.
pub(crate) struct MapBuilder {
    /// Base64 VLQ text, ASCII only.
    mappings: Vec<u8>,
    /// The previous mapping: generated line and column, original line and column.
    previous: (u32, u32, u32, u32),
    line_has_mapping: bool,
}

impl MapBuilder {
    pub fn new() -> Self {
        MapBuilder { mappings: Vec::new(), previous: (0, 0, 0, 0), line_has_mapping: false }
    }

    /// Maps a 0-based generated position to a 0-based original one. Calls
    /// come in generated order.
    pub fn add(&mut self, generated: (u32, u32), original: (u32, u32)) {
        let (mut line, mut column, original_line, original_column) = self.previous;
        // Most mappings of copied text: same line, both columns moved by the
        // same small step, so each field is one digit.
        let step = generated.1.wrapping_sub(column);
        if self.line_has_mapping
            && generated.0 == line
            && original.0 == original_line
            && original.1.wrapping_sub(original_column) == step
            && step < 16
        {
            let digit = BASE64[step as usize * 2];
            self.mappings.extend_from_slice(&[b',', digit, b'A', b'A', digit]);
            self.previous = (generated.0, generated.1, original.0, original.1);
            return;
        }
        while line < generated.0 {
            self.mappings.push(b';');
            line += 1;
            column = 0;
            self.line_has_mapping = false;
        }
        if self.line_has_mapping {
            self.mappings.push(b',');
        }
        self.vlq(generated.1 as i64 - column as i64);
        self.vlq(0); // the one source
        self.vlq(original.0 as i64 - original_line as i64);
        self.vlq(original.1 as i64 - original_column as i64);
        self.previous = (generated.0, generated.1, original.0, original.1);
        self.line_has_mapping = true;
    }

    fn vlq(&mut self, value: i64) {
        let mut rest = if value < 0 { ((-value) << 1) | 1 } else { value << 1 } as u64;
        loop {
            let mut digit = (rest & 0b11111) as usize;
            rest >>= 5;
            if rest > 0 {
                digit |= 0b100000;
            }
            self.mappings.push(BASE64[digit]);
            if rest == 0 {
                break;
            }
        }
    }

    /// The map as JSON; `contents` becomes `sourcesContent`.
    pub fn into_json(self, source: &str, contents: Option<&str>) -> String {
        let json = |text: &str| serde_json::to_string(text).expect("a string serializes");
        let mut map = String::with_capacity(self.mappings.len() + contents.map_or(0, str::len) + source.len() + 96);
        write!(map, "{{\"version\":3,\"sources\":[{}],", json(source)).unwrap();
        if let Some(contents) = contents {
            write!(map, "\"sourcesContent\":[{}],", json(contents)).unwrap();
        }
        map.push_str("\"names\":[],\"mappings\":\"");
        map.push_str(std::str::from_utf8(&self.mappings).expect("base64 digits and separators are ASCII"));
        map.push_str("\"}");
        map
    }
}

const SPACE: u8 = 0;
const NEWLINE: u8 = 1;
const WORD: u8 = 2;
const PUNCT: u8 = 3;
/// A UTF-8 lead byte of a character outside the BMP: two UTF-16 units.
const ASTRAL: u8 = 4;
/// A UTF-8 lead byte of any other non-ASCII character: one unit.
const WIDE: u8 = 5;
const CONTINUATION: u8 = 6;

const CLASSES: [u8; 256] = {
    let mut table = [PUNCT; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'\n' => NEWLINE,
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' => WORD,
            0x80..=0xbf => CONTINUATION,
            0xf0..=0xff => ASTRAL,
            0xc0..=0xef => WIDE,
            _ => PUNCT,
        };
        byte += 1;
    }
    table
};

/// Writes identity mappings for original text copied into the output
/// unchanged: at the first token of each line and at the start of each word
/// (identifiers, keywords, numbers, non-ASCII text), which is where
/// debuggers and stack traces point.
pub(crate) struct CopyMapper<'a> {
    pub map: &'a mut MapBuilder,
    /// The next generated position, 0-based, UTF-16.
    pub generated: (u32, u32),
}

impl CopyMapper<'_> {
    /// Maps `segment`, which starts at `original` in the source and at
    /// `self.generated` in the output; advances `self.generated` past it.
    pub fn copy(&mut self, segment: &str, original: (u32, u32)) {
        let bytes = segment.as_bytes();
        let (mut line, mut column) = self.generated;
        let (mut original_line, mut original_column) = original;
        let mut start = 0;
        loop {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let text = &bytes[start..end];
            let width = if text.is_ascii() {
                self.map_ascii_line(text, (line, column), (original_line, original_column))
            } else {
                self.map_line(text, (line, column), (original_line, original_column))
            };
            if end == bytes.len() {
                self.generated = (line, column + width);
                return;
            }
            line += 1;
            original_line += 1;
            column = 0;
            original_column = 0;
            start = end + 1;
        }
    }

    /// An ASCII line: columns are byte offsets. Word starts come from a
    /// bitmask per 64 bytes, without a branch per byte. Returns the width.
    fn map_ascii_line(&mut self, text: &[u8], generated: (u32, u32), original: (u32, u32)) -> u32 {
        let mut add = |offset: usize| {
            let offset = offset as u32;
            self.map.add((generated.0, generated.1 + offset), (original.0, original.1 + offset));
        };
        let first = text.iter().position(|byte| CLASSES[*byte as usize] != SPACE);
        if let Some(first) = first.filter(|first| CLASSES[text[*first] as usize] != WORD) {
            add(first);
        }
        let mut previous_is_word = 0u64;
        for (chunk_index, chunk) in text.chunks(64).enumerate() {
            let mut words = 0u64;
            for (i, byte) in chunk.iter().enumerate() {
                words |= u64::from(CLASSES[*byte as usize] == WORD) << i;
            }
            let mut starts = words & !((words << 1) | previous_is_word);
            previous_is_word = (words >> (chunk.len() - 1)) & 1;
            while starts != 0 {
                add(chunk_index * 64 + starts.trailing_zeros() as usize);
                starts &= starts - 1;
            }
        }
        text.len() as u32
    }

    /// Any other line, character by character. Returns the width in UTF-16 units.
    fn map_line(&mut self, text: &[u8], generated: (u32, u32), original: (u32, u32)) -> u32 {
        let mut column = 0;
        let mut in_word = false;
        let mut line_mapped = false;
        for &byte in text {
            let class = CLASSES[byte as usize];
            let starts_token = match class {
                WORD | WIDE | ASTRAL => !in_word,
                PUNCT => !line_mapped,
                CONTINUATION => continue,
                _ => false,
            };
            if starts_token {
                self.map.add((generated.0, generated.1 + column), (original.0, original.1 + column));
                line_mapped = true;
            }
            in_word = matches!(class, WORD | WIDE | ASTRAL);
            column += if class == ASTRAL { 2 } else { 1 };
        }
        column
    }

    /// Advances past generated text that maps to nothing.
    pub fn skip(&mut self, inserted: &str) {
        let (mut line, mut column) = self.generated;
        for c in inserted.chars() {
            if c == '\n' {
                line += 1;
                column = 0;
            } else {
                column += c.len_utf16() as u32;
            }
        }
        self.generated = (line, column);
    }
}
