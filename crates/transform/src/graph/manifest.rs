//! The manifest: every reachable server function by id, ordered by id, so
//! the same graph gives the same bytes on every run and machine; and the
//! reachable server modules it is made of.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::fn_id::build_id;
use crate::types::{Method, ServerFunction};

/// A reachable server module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerModuleEntry {
    /// Relative to the root, with `/`.
    pub module: String,
    /// From a root to this module, each relative to the root.
    pub import_chain: Vec<String>,
    pub functions: Vec<ServerFunction>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub version: u32,
    /// The hash of `functions` (section 16): what stubs send and handlers compare.
    #[serde(rename = "buildId")]
    pub build_id: String,
    pub functions: BTreeMap<String, ManifestFunction>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManifestFunction {
    /// Relative to the root, with `/`.
    pub module: String,
    pub export: String,
    /// An inline server function, `export` its qualified name. Written before
    /// `arity`, as section 10 gives the entry: the build id hashes this order.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
}

impl Manifest {
    pub fn of(server_modules: &[ServerModuleEntry]) -> Self {
        let functions = server_modules
            .iter()
            .flat_map(|module| {
                module.functions.iter().map(|function| {
                    let entry = ManifestFunction {
                        module: module.module.clone(),
                        export: function.display_name().to_string(),
                        arity: function.arity,
                        method: function.method,
                        inline: function.inline,
                    };
                    (function.fn_id.clone(), entry)
                })
            })
            .collect();
        let build_id = build_id(&serde_json::to_string(&functions).expect("the manifest serializes"));
        Manifest { version: 1, build_id, functions }
    }

    /// Pretty JSON with a final newline, as written to `manifest.json`.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("the manifest serializes");
        json.push('\n');
        json
    }
}
