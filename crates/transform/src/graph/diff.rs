//! `fnwire manifest diff` (section 16): what changed between two builds'
//! manifests, for a check in CI before a deploy. Pages of the old build call
//! the old ids: a function removed, moved to another file (a new id), or
//! called differently (arity, method) breaks them; an added one does not.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One manifest entry as the diff reads it: manifests of older versions
/// (without `buildId`) and unknown members are accepted.
#[derive(Clone, Debug, Deserialize)]
struct Entry {
    module: String,
    export: String,
    #[serde(default)]
    arity: Option<u32>,
    #[serde(default)]
    method: Option<String>,
}

impl Entry {
    /// A stub's call shape: the method defaults to POST.
    fn signature(&self) -> Signature {
        Signature { arity: self.arity, method: self.method.clone().unwrap_or_else(|| "POST".to_string()) }
    }
}

#[derive(Deserialize)]
struct ManifestFile {
    functions: BTreeMap<String, Entry>,
}

/// How a stub calls a function: what must not change under a live page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// Absent for a function whose arity the compiler cannot know (a wrapped export).
    pub arity: Option<u32>,
    pub method: String,
}

/// A function only one side has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub fn_id: String,
    pub module: String,
    pub export: String,
}

/// A function both sides have, called differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    pub fn_id: String,
    pub module: String,
    pub export: String,
    pub from: Signature,
    pub to: Signature,
}

/// Where a function was, or is: its id and module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub fn_id: String,
    pub module: String,
}

/// A function whose file moved: the same export name and arity under a new id
/// (a change of method besides is also listed under `changed`, by its new id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Renamed {
    /// The old id and module, as every entry names them.
    pub fn_id: String,
    pub module: String,
    pub export: String,
    pub from: Place,
    pub to: Place,
}

/// The difference of two manifests, each list in id order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ManifestDiff {
    pub removed: Vec<Listed>,
    pub added: Vec<Listed>,
    pub changed: Vec<Changed>,
    pub renamed: Vec<Renamed>,
}

impl ManifestDiff {
    /// True when pages of the old build would call something the new one
    /// lacks or calls differently: exit code 1 in CI.
    pub fn breaks_live_clients(&self) -> bool {
        !(self.removed.is_empty() && self.changed.is_empty() && self.renamed.is_empty())
    }

    /// One line per difference, and a verdict.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        let at = |module: &str, export: &str| format!("{module}:{export}");
        for entry in &self.removed {
            text.push_str(&format!("removed  {} ({})\n", at(&entry.module, &entry.export), entry.fn_id));
        }
        for entry in &self.renamed {
            text.push_str(&format!(
                "renamed  {} -> {} ({} -> {}): its file moved\n",
                at(&entry.from.module, &entry.export),
                at(&entry.to.module, &entry.export),
                entry.from.fn_id,
                entry.to.fn_id
            ));
        }
        for entry in &self.changed {
            text.push_str(&format!(
                "changed  {} ({}): {} -> {}\n",
                at(&entry.module, &entry.export),
                entry.fn_id,
                describe(&entry.from),
                describe(&entry.to)
            ));
        }
        for entry in &self.added {
            text.push_str(&format!("added    {} ({})\n", at(&entry.module, &entry.export), entry.fn_id));
        }
        let counts = format!(
            "{} removed, {} renamed, {} changed, {} added",
            self.removed.len(),
            self.renamed.len(),
            self.changed.len(),
            self.added.len()
        );
        if self.breaks_live_clients() {
            text.push_str(&format!(
                "{counts}: pages of the old build would call functions this build lacks or calls differently\n"
            ));
        } else {
            text.push_str(&format!("{counts}: pages of the old build keep working\n"));
        }
        text
    }
}

fn describe(signature: &Signature) -> String {
    let arity = signature.arity.map_or_else(|| "arity unknown".to_string(), |arity| format!("arity {arity}"));
    format!("{arity}, {}", signature.method)
}

/// Why a manifest could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestReadError {
    pub message: String,
}

/// Compares two manifests (JSON values, as `manifest.json` holds them).
/// `which` names them in errors ("OLD", "NEW", or their paths).
pub fn diff_manifests(old: &Value, new: &Value, which: [&str; 2]) -> Result<ManifestDiff, ManifestReadError> {
    let old = read(old, which[0])?.functions;
    let new = read(new, which[1])?.functions;
    let mut diff = ManifestDiff::default();
    let listed = |fn_id: &str, entry: &Entry| Listed {
        fn_id: fn_id.to_string(),
        module: entry.module.clone(),
        export: entry.export.clone(),
    };
    for (fn_id, before) in &old {
        if let Some(after) = new.get(fn_id) {
            let (from, to) = (before.signature(), after.signature());
            if from != to {
                let Listed { fn_id, module, export } = listed(fn_id, after);
                diff.changed.push(Changed { fn_id, module, export, from, to });
            }
        }
    }
    let mut added: Vec<(&String, &Entry)> = new.iter().filter(|(fn_id, _)| !old.contains_key(*fn_id)).collect();
    for (fn_id, before) in old.iter().filter(|(fn_id, _)| !new.contains_key(*fn_id)) {
        // The same export with the same arity in another file: a move, not a removal and an addition.
        let moved = added.iter().position(|(_, after)| {
            after.export == before.export && after.module != before.module && after.arity == before.arity
        });
        match moved {
            Some(index) => {
                let (new_id, after) = added.remove(index);
                // Moved and now called with another method: live stubs of it break twice over, and both are said.
                let (from, to) = (before.signature(), after.signature());
                if from != to {
                    let Listed { fn_id, module, export } = listed(new_id, after);
                    diff.changed.push(Changed { fn_id, module, export, from, to });
                }
                diff.renamed.push(Renamed {
                    fn_id: fn_id.clone(),
                    module: before.module.clone(),
                    export: before.export.clone(),
                    from: Place { fn_id: fn_id.clone(), module: before.module.clone() },
                    to: Place { fn_id: new_id.clone(), module: after.module.clone() },
                });
            }
            None => diff.removed.push(listed(fn_id, before)),
        }
    }
    diff.added = added.into_iter().map(|(fn_id, entry)| listed(fn_id, entry)).collect();
    Ok(diff)
}

fn read(value: &Value, which: &str) -> Result<ManifestFile, ManifestReadError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let at = if path == "." { String::new() } else { format!(" (at `{path}`)") };
        ManifestReadError {
            message: format!(
                "{which} is not a fnwire manifest: an object with `functions`, each with `module` and `export`{at}"
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn manifest(functions: Value) -> Value {
        json!({ "version": 1, "buildId": "0000000000000000", "functions": functions })
    }

    fn diff(old: Value, new: Value) -> ManifestDiff {
        diff_manifests(&manifest(old), &manifest(new), ["OLD", "NEW"]).unwrap()
    }

    #[test]
    fn identical_manifests_differ_in_nothing() {
        let functions = json!({ "a1": { "module": "src/a.server.ts", "export": "a", "arity": 1 } });
        let result = diff(functions.clone(), functions);
        assert_eq!(result, ManifestDiff::default());
        assert!(!result.breaks_live_clients());
        assert_eq!(result.to_text(), "0 removed, 0 renamed, 0 changed, 0 added: pages of the old build keep working\n");
    }

    #[test]
    fn an_added_function_breaks_nothing() {
        let result = diff(json!({}), json!({ "b1": { "module": "src/b.server.ts", "export": "b", "arity": 0 } }));
        assert_eq!(
            result.added,
            vec![Listed { fn_id: "b1".into(), module: "src/b.server.ts".into(), export: "b".into() }]
        );
        assert!(!result.breaks_live_clients());
    }

    #[test]
    fn a_removed_function_breaks_live_clients() {
        let result = diff(json!({ "a1": { "module": "src/a.server.ts", "export": "a", "arity": 0 } }), json!({}));
        assert_eq!(result.removed.len(), 1);
        assert!(result.breaks_live_clients());
        assert!(result.to_text().starts_with("removed  src/a.server.ts:a (a1)\n"));
    }

    #[test]
    fn arity_and_method_changes_are_changes() {
        let result = diff(
            json!({
                "a1": { "module": "m.ts", "export": "a", "arity": 1 },
                "g1": { "module": "m.ts", "export": "g", "arity": 1, "method": "GET" },
                "w1": { "module": "m.ts", "export": "w" }
            }),
            json!({
                "a1": { "module": "m.ts", "export": "a", "arity": 2 },
                "g1": { "module": "m.ts", "export": "g", "arity": 1 },
                "w1": { "module": "m.ts", "export": "w" }
            }),
        );
        let changes: Vec<_> =
            result.changed.iter().map(|change| (change.fn_id.as_str(), &change.from, &change.to)).collect();
        let post = |arity| Signature { arity: Some(arity), method: "POST".into() };
        assert_eq!(
            changes,
            vec![("a1", &post(1), &post(2)), ("g1", &Signature { arity: Some(1), method: "GET".into() }, &post(1)),]
        );
        assert!(result.breaks_live_clients());
        assert!(result.to_text().contains("changed  m.ts:a (a1): arity 1, POST -> arity 2, POST\n"));
    }

    #[test]
    fn a_moved_file_is_a_rename_when_export_and_arity_match() {
        let result = diff(
            json!({
                "old1": { "module": "src/a.server.ts", "export": "save", "arity": 1 },
                "old2": { "module": "src/a.server.ts", "export": "load", "arity": 1 }
            }),
            json!({
                "new1": { "module": "src/lib/a.server.ts", "export": "save", "arity": 1 },
                "new2": { "module": "src/lib/a.server.ts", "export": "load", "arity": 2 }
            }),
        );
        assert_eq!(
            result.renamed,
            vec![Renamed {
                fn_id: "old1".into(),
                module: "src/a.server.ts".into(),
                export: "save".into(),
                from: Place { fn_id: "old1".into(), module: "src/a.server.ts".into() },
                to: Place { fn_id: "new1".into(), module: "src/lib/a.server.ts".into() },
            }]
        );
        // Another arity: not the same function moved, but one removed and one added.
        assert_eq!(result.removed.iter().map(|entry| entry.fn_id.as_str()).collect::<Vec<_>>(), ["old2"]);
        assert_eq!(result.added.iter().map(|entry| entry.fn_id.as_str()).collect::<Vec<_>>(), ["new2"]);
        assert!(result.breaks_live_clients());
    }

    #[test]
    fn a_move_that_also_changes_the_method_is_a_rename_and_a_change() {
        let result = diff(
            json!({ "q1": { "module": "src/a.server.ts", "export": "q", "arity": 1, "method": "GET" } }),
            json!({ "q2": { "module": "src/b.server.ts", "export": "q", "arity": 1 } }),
        );
        assert_eq!(result.renamed.len(), 1);
        assert_eq!((result.renamed[0].from.fn_id.as_str(), result.renamed[0].to.fn_id.as_str()), ("q1", "q2"));
        assert_eq!(
            result.changed,
            vec![Changed {
                fn_id: "q2".into(),
                module: "src/b.server.ts".into(),
                export: "q".into(),
                from: Signature { arity: Some(1), method: "GET".into() },
                to: Signature { arity: Some(1), method: "POST".into() },
            }]
        );
        assert!(result.removed.is_empty() && result.added.is_empty());
        assert!(result.breaks_live_clients());
    }

    #[test]
    fn json_output_names_each_list() {
        let result = diff(json!({ "a1": { "module": "m.ts", "export": "a", "arity": 0 } }), json!({}));
        assert_eq!(
            serde_json::to_value(&result).unwrap(),
            json!({
                "removed": [{ "fnId": "a1", "module": "m.ts", "export": "a" }],
                "added": [],
                "changed": [],
                "renamed": []
            })
        );
    }

    #[test]
    fn what_is_no_manifest_is_an_error_naming_it() {
        let error =
            diff_manifests(&json!({ "version": 1 }), &manifest(json!({})), ["old/manifest.json", "NEW"]).unwrap_err();
        assert!(error.message.starts_with("old/manifest.json is not a fnwire manifest"), "{}", error.message);
    }
}
