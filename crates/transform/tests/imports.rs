//! Data flows one way through the crate (issue 22): read from the `use`
//! lines and paths of `src/**/*.rs`, no module reaches itself again.
//!
//! Edges: every `crate::a::b` path (to the longest prefix that is a module,
//! the crate root when none is), and every path through a child module a
//! file declares (`mod detect;` … `detect::Found`). (`super::` stands only
//! in test modules and in `stack.rs`'s inline modules, where it names the
//! file's own module.)
//! Comments are not read, nor a file's `#[cfg(test)]` tail: its tests may
//! use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module as its path from the crate root: `graph::module`; `` for lib.rs.
type ModulePath = String;

fn modules(dir: &Path, prefix: &[String], found: &mut BTreeMap<ModulePath, String>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut segments = prefix.to_vec();
        if path.is_dir() {
            segments.push(name);
            modules(&path, &segments, found);
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        if !matches!(name.as_str(), "lib" | "mod") {
            segments.push(name);
        }
        let text = fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        // Comments (doc links among them) are no imports.
        let code: Vec<&str> = code.lines().map(|line| line.split("//").next().unwrap()).collect();
        let code = code.join("\n");
        found.insert(segments.join("::"), code);
    }
}

/// The identifiers of a path starting at `at` in `code` (`a::b::{c, d}` gives `a`, `b`).
fn path_at(code: &str, at: usize) -> Vec<String> {
    let mut segments = Vec::new();
    let mut rest = &code[at..];
    loop {
        let length = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if length == 0 {
            break;
        }
        segments.push(rest[..length].to_string());
        match rest[length..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    segments
}

/// Where each `word::` stands in `code` as the start of a path.
fn path_starts(code: &str, word: &str) -> Vec<usize> {
    let pattern = format!("{word}::");
    code.match_indices(&pattern)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = code[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
        .collect()
}

/// The longest prefix of `segments` (after `base`) that is a module.
fn module_of(base: &[String], segments: &[String], known: &BTreeMap<ModulePath, String>) -> ModulePath {
    (0..=segments.len())
        .rev()
        .map(|length| base.iter().chain(&segments[..length]).cloned().collect::<Vec<_>>().join("::"))
        .find(|candidate| known.contains_key(candidate))
        .unwrap_or_default()
}

fn edges(known: &BTreeMap<ModulePath, String>) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let mut graph = BTreeMap::new();
    for (module, code) in known {
        let own: Vec<String> = module.split("::").filter(|part| !part.is_empty()).map(String::from).collect();
        let mut targets = BTreeSet::new();
        for at in path_starts(code, "crate") {
            targets.insert(module_of(&[], &path_at(code, at + "crate::".len()), known));
        }
        for child in known.keys().filter_map(|other| {
            let rest = other.strip_prefix(module.as_str())?.trim_start_matches("::");
            (!rest.is_empty()
                && !rest.contains("::")
                && (module.is_empty() || other.starts_with(&format!("{module}::"))))
            .then_some(rest)
        }) {
            for at in path_starts(code, child) {
                targets.insert(module_of(&own, &path_at(code, at), known));
            }
        }
        targets.remove(module);
        graph.insert(module.clone(), targets);
    }
    graph
}

/// A cycle through the graph, as the modules on it, if there is one.
fn find_cycle(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Option<Vec<ModulePath>> {
    fn visit(
        module: &ModulePath,
        graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        done: &mut BTreeSet<ModulePath>,
        stack: &mut Vec<ModulePath>,
    ) -> Option<Vec<ModulePath>> {
        if let Some(start) = stack.iter().position(|on| on == module) {
            let mut cycle = stack[start..].to_vec();
            cycle.push(module.clone());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        stack.push(module.clone());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|module| visit(module, graph, &mut done, &mut Vec::new()))
}

/// The modules each module reaches, itself excluded unless through a cycle.
fn reaches(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>, from: &ModulePath) -> BTreeSet<ModulePath> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&ModulePath> = graph.get(from).into_iter().flatten().collect();
    while let Some(module) = todo.pop() {
        if seen.insert(module.clone()) {
            todo.extend(graph.get(module).into_iter().flatten());
        }
    }
    seen
}

/// Every group of modules that reach each other, for the message.
fn circles(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<String>> {
    let reached: BTreeMap<&ModulePath, BTreeSet<ModulePath>> =
        graph.keys().map(|module| (module, reaches(graph, module))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (module, reach) in &reached {
        let group: Vec<String> = reach
            .iter()
            .filter(|other| reached.get(other).is_some_and(|back| back.contains(*module)))
            .map(|other| name(other).to_string())
            .collect();
        if !group.is_empty() && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

fn name(module: &str) -> &str {
    if module.is_empty() {
        "crate"
    } else {
        module
    }
}

#[test]
fn no_import_circle() {
    let mut known = BTreeMap::new();
    modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &[], &mut known);
    assert!(known.len() > 30, "every module read: {:?}", known.keys());
    let graph = edges(&known);
    if let Some(cycle) = find_cycle(&graph) {
        let shown: Vec<&str> = cycle.iter().map(|module| name(module)).collect();
        let groups: Vec<String> = circles(&graph).iter().map(|group| group.join(", ")).collect();
        panic!("an import circle: {}\nmodules that reach each other:\n{}", shown.join(" → "), groups.join("\n"));
    }
}
