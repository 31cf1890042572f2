//! A compiler instance for one build or dev session: its options, and a
//! cache of prepared modules ([`crate::cache`]), so that the graph analysis
//! and both targets parse a module once. Only modules that needed analysis
//! (their text has `use server`, or a `*.server.*` name) are kept, and the
//! graph analysis drops the entries of files that are gone.

use crate::cache::ModuleCache;
use crate::diagnostics::Diagnostic;
use crate::graph::{analyze_graph_with, GraphResult};
use crate::options::{CompileOptions, GraphInput, GraphOptions, ModuleOptions};
use crate::prefilter::needs_analysis;
use crate::prepare::prepare_source;
use crate::transform::{emit, TransformOutput};

pub struct Compiler {
    compile: CompileOptions,
    cache: ModuleCache,
}

impl Compiler {
    /// `compile.root` should be set (absolute); see [`CompileOptions::root`].
    pub fn new(compile: CompileOptions) -> Self {
        Compiler { compile, cache: ModuleCache::new(true) }
    }

    /// A compiler that keeps nothing: each transform is [`crate::transform`]'s.
    pub fn stateless(compile: CompileOptions) -> Self {
        Compiler { compile, cache: ModuleCache::new(false) }
    }

    /// [`crate::transform`] with this compiler's options, reusing the module
    /// prepared from the same file with the same text.
    pub fn transform(&self, source: &str, module: ModuleOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
        let filename = module.filename.as_str();
        if !needs_analysis(source.as_bytes(), filename) {
            return Ok(TransformOutput::unchanged(source));
        }
        // What is kept serves both targets and the graph analysis; else this target only.
        let only = if self.cache.keeps() { None } else { Some(module.target) };
        let prepared =
            self.cache.get_or_prepare(filename, source, || prepare_source(source, filename, &self.compile, only));
        emit(&prepared, source, &module, &self.compile.runtime)
    }

    /// [`crate::analyze_graph`] with this compiler's options; the server
    /// modules it analyzes are kept for the transforms that follow.
    pub fn analyze_graph(&self, input: GraphInput) -> GraphResult {
        let GraphInput { roots, server, unresolved_imports } = input;
        let options = GraphOptions { roots, server, unresolved_imports, compile: self.compile.clone() };
        let result = analyze_graph_with(&options, Some(&self.cache));
        self.cache.retain_existing();
        result
    }

    /// How many modules were parsed for analysis since the compiler was made.
    pub fn parses(&self) -> usize {
        self.cache.parses()
    }

    /// How many analyzed modules are kept.
    pub fn kept(&self) -> usize {
        self.cache.kept()
    }
}
