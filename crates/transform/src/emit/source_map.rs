//! Source maps for the text path, built with `swc_sourcemap`. Columns are in
//! UTF-16 code units, as source map consumers count them.

use swc_sourcemap::SourceMapBuilder;

pub(crate) struct MapBuilder {
    builder: SourceMapBuilder,
    source: u32,
}

impl MapBuilder {
    /// A map into `filename`; `contents` goes into `sourcesContent`.
    pub fn new(filename: &str, contents: Option<&str>) -> Self {
        let mut builder = SourceMapBuilder::new(None);
        let source = builder.add_source(filename.to_string().into());
        if let Some(contents) = contents {
            builder.set_source_contents(source, Some(contents.to_string().into()));
        }
        MapBuilder { builder, source }
    }

    /// Maps a 0-based generated position to a 0-based original one.
    pub fn add(&mut self, generated: (u32, u32), original: (u32, u32)) {
        self.builder.add_raw(generated.0, generated.1, original.0, original.1, Some(self.source), None, false);
    }

    pub fn into_json(self) -> String {
        let mut json = Vec::new();
        self.builder.into_sourcemap().to_writer(&mut json).expect("writing a source map to memory cannot fail");
        String::from_utf8(json).expect("a source map is JSON text")
    }
}

/// The 0-based line and UTF-16 column of byte `offset` in `text`.
pub(crate) fn utf16_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    (line as u32, column as u32)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Newline,
    Word,
    Punct,
    /// A UTF-8 lead byte of a character outside the BMP: two UTF-16 units.
    Astral,
    /// A UTF-8 lead byte of any other non-ASCII character: one unit.
    Wide,
    Continuation,
}

const fn class_of(byte: u8) -> Class {
    match byte {
        b'\n' => Class::Newline,
        b' ' | b'\t' | b'\r' | 0x0b | 0x0c => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' => Class::Word,
        0x80..=0xbf => Class::Continuation,
        0xf0..=0xff => Class::Astral,
        0xc0..=0xef => Class::Wide,
        _ => Class::Punct,
    }
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::Punct; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = class_of(byte as u8);
        byte += 1;
    }
    table
};

/// Writes identity mappings for original text copied into the output
/// unchanged: one at each token boundary (the start of a word, or of a run
/// of punctuation), which is where debuggers and stack traces point.
pub(crate) struct CopyMapper<'a> {
    pub map: &'a mut MapBuilder,
    /// The next generated position, 0-based, UTF-16.
    pub generated: (u32, u32),
}

impl CopyMapper<'_> {
    /// Maps `segment`, which starts at `original` in the source and at
    /// `self.generated` in the output; advances `self.generated` past it.
    pub fn copy(&mut self, segment: &str, original: (u32, u32)) {
        let (mut gen_line, mut gen_col) = self.generated;
        let (mut orig_line, mut orig_col) = original;
        let mut previous = Class::Space;
        for &byte in segment.as_bytes() {
            let class = CLASSES[byte as usize];
            match class {
                Class::Newline => {
                    gen_line += 1;
                    orig_line += 1;
                    gen_col = 0;
                    orig_col = 0;
                    previous = Class::Space;
                }
                Class::Space => {
                    gen_col += 1;
                    orig_col += 1;
                    previous = Class::Space;
                }
                Class::Continuation => {}
                Class::Word | Class::Punct | Class::Wide | Class::Astral => {
                    // Non-ASCII characters read as word characters.
                    let kind = if class == Class::Punct { Class::Punct } else { Class::Word };
                    if kind != previous {
                        self.map.add((gen_line, gen_col), (orig_line, orig_col));
                    }
                    previous = kind;
                    let width = if class == Class::Astral { 2 } else { 1 };
                    gen_col += width;
                    orig_col += width;
                }
            }
        }
        self.generated = (gen_line, gen_col);
    }

    /// Advances past generated text that maps to nothing.
    pub fn skip(&mut self, inserted: &str) {
        let (mut line, mut col) = self.generated;
        for c in inserted.chars() {
            if c == '\n' {
                line += 1;
                col = 0;
            } else {
                col += c.len_utf16() as u32;
            }
        }
        self.generated = (line, col);
    }
}
