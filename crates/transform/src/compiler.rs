//! A compiler instance for one build or dev session: its options, and each
//! analyzed module kept by file name and text, so that the graph analysis
//! and both targets parse a module once. Only modules that needed analysis
//! (their text has `use server`, or a `*.server.*` name) are kept; a file's
//! new text replaces its old entry, and the graph analysis drops the
//! entries of files that are gone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::graph::{analyze_graph_with, GraphResult};
use crate::options::{CompileOptions, GraphInput, GraphOptions, ModuleOptions};
use crate::prefilter::needs_analysis;
use crate::transform::{analyze_source, emit, Analyzed, TransformOutput};

pub struct Compiler {
    compile: CompileOptions,
    /// False for a compiler that keeps nothing (the stateless API's).
    keeps: bool,
    modules: Mutex<FxHashMap<String, Entry>>,
    parses: AtomicUsize,
}

struct Entry {
    source: Arc<str>,
    /// Set once: a second transform of the same text while the first still
    /// analyzes it (a client and a server build side by side) waits for it.
    analyzed: Arc<OnceLock<Arc<Analyzed>>>,
}

impl Compiler {
    /// `compile.root` should be set (absolute); see [`CompileOptions::root`].
    pub fn new(compile: CompileOptions) -> Self {
        Compiler { compile, keeps: true, modules: Mutex::new(FxHashMap::default()), parses: AtomicUsize::new(0) }
    }

    /// A compiler that keeps no analysis: each transform is [`crate::transform`]'s.
    pub fn stateless(compile: CompileOptions) -> Self {
        Compiler { keeps: false, ..Compiler::new(compile) }
    }

    /// [`crate::transform`] with this compiler's options, reusing the analysis
    /// of the same file with the same text.
    pub fn transform(&self, source: &str, module: ModuleOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
        let filename = module.filename.as_str();
        if !needs_analysis(source.as_bytes(), filename) {
            return Ok(TransformOutput::unchanged(source));
        }
        // What is kept serves both targets and the graph analysis; else this target only.
        let only = if self.keeps { None } else { Some(module.target) };
        let analyze = || {
            self.parses.fetch_add(1, Ordering::Relaxed);
            Arc::new(analyze_source(source, filename, &self.compile, only))
        };
        let slot;
        let analyzed = if self.keeps {
            slot = self.slot(filename, source);
            slot.get_or_init(analyze).clone()
        } else {
            analyze()
        };
        emit(&analyzed, source, &module, &self.compile.runtime)
    }

    /// [`crate::analyze_graph`] with this compiler's options; the server
    /// modules it analyzes are kept for the transforms that follow.
    pub fn analyze_graph(&self, input: GraphInput) -> GraphResult {
        let GraphInput { roots, server, unresolved_imports } = input;
        let options = GraphOptions { roots, server, unresolved_imports, compile: self.compile.clone() };
        let result = analyze_graph_with(&options, Some(self));
        self.modules.lock().expect("not poisoned").retain(|filename, _| std::fs::metadata(filename).is_ok());
        result
    }

    /// How many modules were parsed for analysis since the compiler was made.
    pub fn parses(&self) -> usize {
        self.parses.load(Ordering::Relaxed)
    }

    /// How many analyzed modules are kept.
    pub fn kept(&self) -> usize {
        self.modules.lock().expect("not poisoned").len()
    }

    /// Where the analysis of `filename` with the text `source` is kept: the
    /// same for the same text, a new one (replacing the file's entry) for new text.
    fn slot(&self, filename: &str, source: &str) -> Arc<OnceLock<Arc<Analyzed>>> {
        let mut modules = self.modules.lock().expect("not poisoned");
        match modules.get(filename) {
            Some(entry) if *entry.source == *source => entry.analyzed.clone(),
            _ => {
                let analyzed = Arc::new(OnceLock::new());
                modules.insert(filename.to_string(), Entry { source: source.into(), analyzed: analyzed.clone() });
                analyzed
            }
        }
    }

    /// The analysis kept for `filename` when its text is `source`, once made.
    pub(crate) fn cached(&self, filename: &str, source: &str) -> Option<Arc<Analyzed>> {
        let modules = self.modules.lock().expect("not poisoned");
        let entry = modules.get(filename).filter(|entry| *entry.source == *source)?;
        entry.analyzed.get().cloned()
    }

    /// Keeps the analysis of a module the graph analysis just parsed (unless
    /// a transform kept one meanwhile).
    pub(crate) fn keep(&self, filename: &str, source: &str, analyzed: Arc<Analyzed>) {
        self.parses.fetch_add(1, Ordering::Relaxed);
        if !self.keeps {
            return;
        }
        let _ = self.slot(filename, source).set(analyzed);
    }
}
