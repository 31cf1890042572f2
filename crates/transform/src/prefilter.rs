//! The prefilter: most modules are not server modules and must cost nothing.

use memchr::memmem;

use crate::parse::is_module_extension;

/// True when `source` might be a server module (or must be checked as one):
/// it contains the bytes `use server`, or its name is `*.server.*`.
/// Works on bytes, so that a file need not be valid UTF-8 to pass through.
pub fn needs_analysis(source: &[u8], filename: &str) -> bool {
    is_server_file_name(filename) || memmem::find(source, b"use server").is_some()
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
    fn finds_the_directive_bytes_anywhere() {
        assert!(needs_analysis(b"x\n'use server'", "a.ts"));
        assert!(!needs_analysis(b"export const a = 1", "a.ts"));
        assert!(needs_analysis(b"", "a.server.ts"));
    }
}
