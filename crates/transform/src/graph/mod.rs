//! SPEC section 5: from explicit roots, follow static imports, check every
//! reachable module, and list the reachable server modules with a manifest.
//!
//! Breadth-first by levels, so each module's import chain is a shortest one;
//! the modules of a level are read and parsed in parallel. Files outside the
//! graph are never read.

mod diff;
mod manifest;
mod module;
mod resolve;
pub(crate) mod scan;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use diff::{diff_manifests, ManifestDiff, ManifestReadError};
pub use manifest::{Manifest, ManifestFunction, ServerModuleEntry};

use crate::cache::ModuleCache;
use crate::diagnostics::{Diagnostic, Severity};
use crate::fn_id::module_path;
use crate::messages;
use crate::options::GraphOptions;
use crate::types::ServerFunction;
use module::{read_module, ModuleContext, ModuleReport};
use resolve::ModuleResolver;

/// The shape of the Node `analyzeGraph` result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphResult {
    pub manifest: Manifest,
    /// Sorted by module.
    pub server_modules: Vec<ServerModuleEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every reachable module, absolute, in the order reached.
    #[serde(skip)]
    pub modules: Vec<PathBuf>,
}

/// A module reached, and the module that first imported it.
struct Visit {
    path: PathBuf,
    /// Relative to the root, with `/`.
    module_path: String,
    importer: Option<usize>,
}

struct Graph {
    root: PathBuf,
    resolver: ModuleResolver,
    visits: Vec<Visit>,
    index: FxHashMap<PathBuf, usize>,
}

pub fn analyze_graph(options: &GraphOptions) -> GraphResult {
    analyze_graph_with(options, None)
}

/// [`analyze_graph`], keeping each prepared module in `cache` when given.
pub(crate) fn analyze_graph_with(options: &GraphOptions, cache: Option<&ModuleCache>) -> GraphResult {
    // Resolved paths have their symlinks resolved; the root must too, for
    // the relative paths to hold.
    let root = options.compile.root();
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut graph = Graph { root, resolver: ModuleResolver::new(), visits: Vec::new(), index: FxHashMap::default() };
    let mut diagnostics = Vec::new();
    let mut frontier = Vec::new();
    for entry in &options.roots {
        let path = graph.root.join(entry);
        match std::fs::canonicalize(&path) {
            Ok(path) => frontier.extend(graph.visit(path, None)),
            Err(error) => diagnostics.push(messages::unreadable_root(entry, error, &module_path(&path, &graph.root))),
        }
    }

    let mut server_modules = Vec::new();
    while !frontier.is_empty() {
        let reports: Vec<(usize, ModuleReport)> = frontier
            .par_iter()
            .map(|&id| {
                let visit = &graph.visits[id];
                let context = ModuleContext {
                    path: &visit.path,
                    module_path: &visit.module_path,
                    resolver: &graph.resolver,
                    options,
                    cache,
                };
                (id, read_module(&context))
            })
            .collect();
        let mut next = Vec::new();
        for (id, report) in reports {
            for path in report.imports {
                next.extend(graph.visit(path, Some(id)));
            }
            if !report.diagnostics.is_empty() {
                // Every error says how its module was reached.
                let chain = graph.chain(id).join(" → ");
                diagnostics.extend(report.diagnostics.into_iter().map(|mut diagnostic| {
                    diagnostic.message = format!("{} (import chain: {chain})", diagnostic.message);
                    diagnostic
                }));
            }
            if let Some(functions) = report.server {
                let module = graph.visits[id].module_path.clone();
                server_modules.push(ServerModuleEntry { module, import_chain: graph.chain(id), functions });
            }
        }
        next.sort_by(|a, b| graph.visits[*a].path.cmp(&graph.visits[*b].path));
        frontier = next;
    }

    server_modules.sort_by(|a, b| a.module.cmp(&b.module));
    diagnostics.extend(duplicate_ids(&server_modules));
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code)));
    let modules = graph.visits.into_iter().map(|visit| visit.path).collect();
    GraphResult { manifest: Manifest::of(&server_modules), server_modules, diagnostics, modules }
}

impl GraphResult {
    /// Whether a diagnostic is an error, not only a warning.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }
}

impl Graph {
    /// Records a newly reached module; `None` when it was reached before.
    fn visit(&mut self, path: PathBuf, importer: Option<usize>) -> Option<usize> {
        if self.index.contains_key(&path) {
            return None;
        }
        let id = self.visits.len();
        self.index.insert(path.clone(), id);
        let module_path = module_path(&path, &self.root);
        self.visits.push(Visit { path, module_path, importer });
        Some(id)
    }

    /// The modules from a root to `id`.
    fn chain(&self, id: usize) -> Vec<String> {
        let mut chain = vec![self.visits[id].module_path.clone()];
        let mut current = id;
        while let Some(importer) = self.visits[current].importer {
            chain.push(self.visits[importer].module_path.clone());
            current = importer;
        }
        chain.reverse();
        chain
    }
}

/// FW021: two functions with the same fnId, naming both.
fn duplicate_ids(server_modules: &[ServerModuleEntry]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, (&ServerModuleEntry, &ServerFunction)> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for module in server_modules {
        for function in &module.functions {
            match first.get(function.fn_id.as_str()) {
                None => {
                    first.insert(&function.fn_id, (module, function));
                }
                Some((other_module, other)) => diagnostics.push(messages::duplicate_id(
                    (other.display_name(), &other_module.module),
                    (function.display_name(), &module.module),
                    &function.fn_id,
                    function.line,
                    function.column,
                )),
            }
        }
    }
    diagnostics
}
