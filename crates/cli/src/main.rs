//! The `fnwire` command line: parses arguments, calls `fnwire_transform`,
//! prints. Exit 0 on success, 1 when a diagnostic is an error, 2 on bad usage.

mod analyze_cmd;
mod build_cmd;
mod output;
mod transform_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fnwire_transform::Target;

use output::Format;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "fnwire",
    version,
    about = "Compile \"use server\" modules into client stubs and server registrations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile one module for the client or the server target.
    Transform {
        /// The module to compile.
        file: PathBuf,
        #[arg(long, value_enum)]
        target: TargetArg,
        /// Ids and diagnostics use paths relative to this directory [default: the working directory].
        #[arg(long)]
        root: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fed to the id hash first, so ids cannot be guessed from paths.
        #[arg(long)]
        id_salt: Option<String>,
    },
    /// Follow the imports of the roots; check every reachable module; list the server modules.
    Analyze {
        /// Entry modules: app, page and server entries.
        #[arg(required = true)]
        roots: Vec<PathBuf>,
        /// Paths and ids are relative to this directory [default: the working directory].
        #[arg(long)]
        root: Option<PathBuf>,
        /// Server functions are off: any reachable server module is an error.
        #[arg(long)]
        no_server: bool,
        /// Write the manifest to this file (when there is no error).
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long)]
        id_salt: Option<String>,
    },
    /// Analyze SRC's roots and write client/ and server/ trees and manifest.json.
    Build {
        /// A source folder (its entries are index, main, app, client, server or entry.{ts,tsx,mts,js,jsx,mjs}) or an entry file.
        src: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Entry modules, instead of SRC's conventional ones (repeatable).
        #[arg(long = "entry")]
        entries: Vec<PathBuf>,
        #[arg(long)]
        root: Option<PathBuf>,
        #[arg(long)]
        id_salt: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Client,
    Server,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Transform { file, target, root, format, id_salt } => {
            let target = match target {
                TargetArg::Client => Target::Client,
                TargetArg::Server => Target::Server,
            };
            transform_cmd::run(&file, target, root, format, id_salt)
        }
        Command::Analyze { roots, root, no_server, manifest, format, id_salt } => {
            analyze_cmd::run(analyze_cmd::AnalyzeArgs { roots, root, server: !no_server, manifest, format, id_salt })
        }
        Command::Build { src, out, entries, root, id_salt } => {
            build_cmd::run(build_cmd::BuildArgs { src, out, entries, root, id_salt })
        }
    }
}
