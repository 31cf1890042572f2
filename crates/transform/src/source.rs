//! Facts about a module's file name and text that every step reads: which
//! files are modules (section 5), which names are `*.server.*` (section 1),
//! the byte-order mark, and where SWC puts the text's bytes. Imports
//! nothing of the crate.

use swc_core::common::BytePos;

/// The extensions of the module files fnwire reads (prefilter, resolver,
/// parser, `fnwire build`), and whether each is JavaScript (parsed without
/// types) or TypeScript. `.jsx` and `.tsx` hold JSX.
pub const MODULE_EXTENSIONS: [(&str, Language); 8] = [
    ("ts", Language::TypeScript),
    ("tsx", Language::TypeScript),
    ("mts", Language::TypeScript),
    ("cts", Language::TypeScript),
    ("js", Language::JavaScript),
    ("jsx", Language::JavaScript),
    ("mjs", Language::JavaScript),
    ("cjs", Language::JavaScript),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    TypeScript,
    JavaScript,
}

/// Whether `extension` (without the dot) is one of [`MODULE_EXTENSIONS`].
pub fn is_module_extension(extension: &str) -> bool {
    MODULE_EXTENSIONS.iter().any(|(known, _)| *known == extension)
}

/// The language of a file name's extension, if it is a module's.
pub(crate) fn language_of(extension: &str) -> Option<Language> {
    MODULE_EXTENSIONS.iter().find(|(known, _)| *known == extension).map(|(_, language)| *language)
}

/// `*.server.<module extension>`: a file meant never to reach a
/// client as source.
pub fn is_server_file_name(filename: &str) -> bool {
    let name = filename.rsplit(['/', '\\']).next().unwrap_or(filename);
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    is_module_extension(extension) && stem.strip_suffix(".server").is_some_and(|base| !base.is_empty())
}

/// A source split into its byte-order mark (empty when it has none) and
/// the text after it, which is what is parsed: SWC's positions exclude the
/// mark (section 1.3).
pub(crate) fn split_bom(source: &str) -> (&str, &str) {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    (&source[..source.len() - text.len()], text)
}

/// Where the first byte of a parsed text sits in SWC's position space
/// (`BytePos(0)` is reserved for dummy spans).
pub(crate) const START: BytePos = BytePos(1);

/// Byte offset in the parsed text of a position SWC gave it.
pub(crate) fn offset(pos: BytePos) -> usize {
    pos.0.saturating_sub(START.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_file_names() {
        for name in ["a.server.ts", "src/x/users.server.tsx", "C:\\app\\a.server.mjs", "a.b.server.cjs"] {
            assert!(is_server_file_name(name), "{name}");
        }
        for name in ["server.ts", ".server.ts", "a.server.d.ts", "a.server.json", "a.servers.ts", "a.ts"] {
            assert!(!is_server_file_name(name), "{name}");
        }
    }

    #[test]
    fn splits_the_byte_order_mark() {
        assert_eq!(split_bom("\u{feff}x"), ("\u{feff}", "x"));
        assert_eq!(split_bom("x"), ("", "x"));
    }
}
