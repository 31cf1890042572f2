//! Resolving import specifiers as a bundler does, with `oxc_resolver`:
//! tsconfig `paths`/`baseUrl` (the nearest tsconfig.json, comments allowed),
//! extensions, index files, `.js` written for `.ts`, packages with `exports`
//! and the `import` condition; Node builtins are external.

use std::path::{Path, PathBuf};

use oxc_resolver::{ResolveError, ResolveOptions, Resolver, TsconfigDiscovery};

use crate::source::{is_module_extension, MODULE_EXTENSIONS};

pub(crate) enum Resolved {
    /// A module file to follow.
    Module(PathBuf),
    /// Not part of the graph: a Node builtin, a virtual module, or an asset
    /// (CSS, JSON, images) that holds no imports of code.
    External,
    Unresolved(String),
}

pub(crate) struct ModuleResolver {
    resolver: Resolver,
}

impl ModuleResolver {
    pub fn new() -> Self {
        let strings = |items: &[&str]| items.iter().map(|item| item.to_string()).collect::<Vec<_>>();
        let resolver = Resolver::new(ResolveOptions {
            tsconfig: Some(TsconfigDiscovery::Auto),
            // JSON resolves too, as an asset.
            extensions: MODULE_EXTENSIONS
                .iter()
                .map(|(extension, _)| format!(".{extension}"))
                .chain([".json".into()])
                .collect(),
            extension_alias: vec![
                (".js".into(), strings(&[".ts", ".tsx", ".js", ".jsx"])),
                (".jsx".into(), strings(&[".tsx", ".jsx"])),
                (".mjs".into(), strings(&[".mts", ".mjs"])),
                (".cjs".into(), strings(&[".cts", ".cjs"])),
            ],
            condition_names: strings(&["import", "module", "default"]),
            main_fields: strings(&["module", "main"]),
            builtin_modules: true,
            ..ResolveOptions::default()
        });
        ModuleResolver { resolver }
    }

    /// Resolves `specifier` as imported from the file `from`.
    pub fn resolve(&self, from: &Path, specifier: &str) -> Resolved {
        // Virtual modules of bundler plugins are not files.
        if specifier.starts_with("virtual:") || specifier.starts_with('\0') {
            return Resolved::External;
        }
        // A query (`?raw`, `?url`) asks the bundler for a variant of the file.
        let path_part = specifier.split_once('?').map_or(specifier, |(path, _)| path);
        match self.resolver.resolve_file(from, path_part) {
            Ok(resolution) => {
                let path = resolution.into_path_buf();
                let is_code = path.extension().and_then(|e| e.to_str()).is_some_and(is_module_extension);
                let is_declaration = path.to_str().is_some_and(|p| p.ends_with(".d.ts"));
                if is_code && !is_declaration && path_part.len() == specifier.len() {
                    Resolved::Module(path)
                } else {
                    Resolved::External
                }
            }
            Err(ResolveError::Builtin { .. }) => Resolved::External,
            Err(error) => Resolved::Unresolved(error.to_string()),
        }
    }
}
