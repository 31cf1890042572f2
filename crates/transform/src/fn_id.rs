//! `fnId`: the stable id of a server function (section 3), the
//! root-relative module path it is computed from, and a build's id
//! (section 16).

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

/// The first 16 lowercase hex digits of SHA-256 of `<salt><module_path>:<export_name>`.
pub fn fn_id(module_path: &str, export_name: &str, id_salt: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    if let Some(salt) = id_salt {
        hasher.update(salt.as_bytes());
    }
    hasher.update(module_path.as_bytes());
    hasher.update(b":");
    hasher.update(export_name.as_bytes());
    hex_prefix(hasher)
}

/// A build's id (section 16): the first 16 lowercase hex digits of SHA-256
/// of its manifest's `functions` object as compact JSON, so the same
/// functions give the same id on every machine.
pub fn build_id(functions_json: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(functions_json.as_bytes());
    hex_prefix(hasher)
}

/// The first 16 lowercase hex digits of the digest.
fn hex_prefix(hasher: Sha256) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = hasher.finalize();
    digest[..8].iter().flat_map(|byte| [HEX[(byte >> 4) as usize] as char, HEX[(byte & 15) as usize] as char]).collect()
}

/// `file` relative to `root`, with `/` separators, computed lexically so that
/// the same tree gives the same path (and so the same ids) on every OS. A
/// relative `file` is taken as relative to `root`.
pub fn module_path(file: &Path, root: &Path) -> String {
    let file = normalize(&root.join(file));
    let root = normalize(root);
    let file_parts: Vec<_> = file.components().collect();
    let root_parts: Vec<_> = root.components().collect();
    let common = file_parts.iter().zip(&root_parts).take_while(|(a, b)| a == b).count();
    let ups = root_parts.len() - common;
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(file_parts[common..].iter().map(|part| part.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_id_is_the_sha256_prefix_of_the_functions_json() {
        // The contract's example (section 16), and the empty manifest's `{}`.
        let functions = r#"{"fe46ba0bfe2ba8d6":{"module":"src/api/users.server.ts","export":"getUsers","arity":0}}"#;
        assert_eq!(build_id(functions), "1917e6f056c47a6b");
        assert_eq!(build_id("{}"), "44136fa355b3678a");
    }

    #[test]
    fn id_is_the_sha256_prefix_of_path_and_name() {
        // printf 'src/api/users.server.ts:getUsers' | sha256sum
        assert_eq!(fn_id("src/api/users.server.ts", "getUsers", None), "fe46ba0bfe2ba8d6");
    }

    #[test]
    fn salt_is_hashed_first() {
        // printf 'peppersrc/a.ts:f' | sha256sum
        assert_eq!(fn_id("src/a.ts", "f", Some("pepper")), fn_id("peppersrc/a.ts", "f", None));
        assert_ne!(fn_id("src/a.ts", "f", Some("pepper")), fn_id("src/a.ts", "f", None));
    }

    #[test]
    fn module_path_is_relative_with_forward_slashes() {
        assert_eq!(module_path(Path::new("/app/src/a.ts"), Path::new("/app")), "src/a.ts");
        assert_eq!(module_path(Path::new("src/./b/../a.ts"), Path::new("/app")), "src/a.ts");
        assert_eq!(module_path(Path::new("/app/src/a.ts"), Path::new("/app/")), "src/a.ts");
        assert_eq!(module_path(Path::new("/other/a.ts"), Path::new("/app/x")), "../../other/a.ts");
    }
}
