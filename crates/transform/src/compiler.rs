//! A compiler instance for one build or dev session: its options, and each
//! analyzed module kept by file name and text, so that the graph analysis
//! and both targets parse a module once. Only modules that needed analysis
//! (their text has `use server`, or a `*.server.*` name) are kept; a file's
//! new text replaces its old entry, and the graph analysis drops the
//! entries of files that are gone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::graph::{analyze_graph_with, GraphResult};
use crate::options::{CompileOptions, GraphInput, GraphOptions, ModuleOptions, TransformOptions};
use crate::prefilter::needs_analysis;
use crate::transform::{emit, prepare, Prepared, TransformOutput};

pub(crate) type Analyzed = Arc<Result<Prepared, Vec<Diagnostic>>>;

pub struct Compiler {
    compile: CompileOptions,
    modules: Mutex<FxHashMap<String, Entry>>,
    parses: AtomicUsize,
}

struct Entry {
    source: Arc<str>,
    analyzed: Analyzed,
}

impl Compiler {
    /// `compile.root` should be set (absolute); see [`CompileOptions::root`].
    pub fn new(compile: CompileOptions) -> Self {
        Compiler { compile, modules: Mutex::new(FxHashMap::default()), parses: AtomicUsize::new(0) }
    }

    pub fn options(&self) -> &CompileOptions {
        &self.compile
    }

    /// [`crate::transform`] with this compiler's options, reusing the analysis
    /// of the same file with the same text.
    pub fn transform(&self, source: &str, module: ModuleOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
        let ModuleOptions { filename, target, source_map } = module;
        let filename = filename.as_str();
        if !needs_analysis(source.as_bytes(), filename) {
            return Ok(TransformOutput::unchanged(source));
        }
        let analyzed = match self.cached(filename, source) {
            Some(analyzed) => analyzed,
            None => {
                let analyzed = Arc::new(prepare(source, filename, &self.compile));
                self.keep(filename, source, analyzed.clone());
                analyzed
            }
        };
        let options =
            TransformOptions { filename: filename.to_string(), target, source_map, compile: self.compile.clone() };
        match &*analyzed {
            Ok(prepared) => Ok(emit(prepared, source, &options)),
            Err(diagnostics) => Err(diagnostics.clone()),
        }
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

    fn cached(&self, filename: &str, source: &str) -> Option<Analyzed> {
        let modules = self.modules.lock().expect("not poisoned");
        let entry = modules.get(filename)?;
        (*entry.source == *source).then(|| entry.analyzed.clone())
    }

    /// Keeps the analysis of a module just parsed.
    pub(crate) fn keep(&self, filename: &str, source: &str, analyzed: Analyzed) {
        self.parses.fetch_add(1, Ordering::Relaxed);
        let entry = Entry { source: source.into(), analyzed };
        self.modules.lock().expect("not poisoned").insert(filename.to_string(), entry);
    }
}
