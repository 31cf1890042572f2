//! The prefilter: most modules are not server modules and must cost nothing.

use memchr::memmem;

use crate::source::is_server_file_name;

/// True when `source` might be a server module (or must be checked as one):
/// it contains the bytes `use server`, or its name is `*.server.*`.
/// Works on bytes, so that a file need not be valid UTF-8 to pass through.
pub fn needs_analysis(source: &[u8], filename: &str) -> bool {
    is_server_file_name(filename) || memmem::find(source, b"use server").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_directive_bytes_anywhere() {
        assert!(needs_analysis(b"x\n'use server'", "a.ts"));
        assert!(!needs_analysis(b"export const a = 1", "a.ts"));
        assert!(needs_analysis(b"", "a.server.ts"));
    }
}
