//! The prepared modules of one build or dev session, kept by file name and
//! text, so that the graph analysis and both targets parse a module once.
//! The graph and the compiler instance talk to this cache, not to each
//! other. A file's new text replaces its old entry.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use rustc_hash::FxHashMap;

use crate::types::PreparedModule;

pub(crate) struct ModuleCache {
    /// False for a cache that keeps nothing (the stateless API's).
    keeps: bool,
    modules: Mutex<FxHashMap<String, Entry>>,
    parses: AtomicUsize,
}

struct Entry {
    source: Arc<str>,
    /// Set once: a second transform of the same text while the first still
    /// prepares it (a client and a server build side by side) waits for it.
    prepared: Arc<OnceLock<Arc<PreparedModule>>>,
}

impl ModuleCache {
    pub fn new(keeps: bool) -> Self {
        ModuleCache { keeps, modules: Mutex::new(FxHashMap::default()), parses: AtomicUsize::new(0) }
    }

    /// Whether what is prepared is kept, and so must serve both targets and the graph.
    pub fn keeps(&self) -> bool {
        self.keeps
    }

    /// The module kept for `filename` with the text `source`, else the one
    /// `prepare` parses (and keeps it, when this cache keeps).
    pub fn get_or_prepare(
        &self,
        filename: &str,
        source: &str,
        prepare: impl FnOnce() -> PreparedModule,
    ) -> Arc<PreparedModule> {
        let prepare = || {
            self.parses.fetch_add(1, Ordering::Relaxed);
            Arc::new(prepare())
        };
        if self.keeps {
            self.slot(filename, source).get_or_init(prepare).clone()
        } else {
            prepare()
        }
    }

    /// The module kept for `filename` when its text is `source`, once prepared.
    pub fn cached(&self, filename: &str, source: &str) -> Option<Arc<PreparedModule>> {
        let modules = self.modules();
        let entry = modules.get(filename).filter(|entry| *entry.source == *source)?;
        entry.prepared.get().cloned()
    }

    /// Keeps a module the graph analysis just parsed (unless a transform
    /// kept one meanwhile).
    pub fn keep(&self, filename: &str, source: &str, prepared: Arc<PreparedModule>) {
        self.parses.fetch_add(1, Ordering::Relaxed);
        if self.keeps {
            let _ = self.slot(filename, source).set(prepared);
        }
    }

    /// Drops the entries of files that are gone.
    pub fn retain_existing(&self) {
        self.modules().retain(|filename, _| std::fs::metadata(filename).is_ok());
    }

    /// How many modules were parsed since the cache was made.
    pub fn parses(&self) -> usize {
        self.parses.load(Ordering::Relaxed)
    }

    /// How many prepared modules are kept.
    pub fn kept(&self) -> usize {
        self.modules().len()
    }

    /// A panic elsewhere while the map was held leaves whole entries: go on with them.
    fn modules(&self) -> MutexGuard<'_, FxHashMap<String, Entry>> {
        self.modules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the module `filename` with the text `source` is kept: the
    /// same for the same text, a new one (replacing the file's entry) for new text.
    fn slot(&self, filename: &str, source: &str) -> Arc<OnceLock<Arc<PreparedModule>>> {
        let mut modules = self.modules();
        match modules.get(filename) {
            Some(entry) if *entry.source == *source => entry.prepared.clone(),
            _ => {
                let prepared = Arc::new(OnceLock::new());
                modules.insert(filename.to_string(), Entry { source: source.into(), prepared: prepared.clone() });
                prepared
            }
        }
    }
}
