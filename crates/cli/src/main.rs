//! The `fnwire` command line: parses arguments, calls `fnwire_transform`,
//! prints. Exit 0 on success, 1 when a diagnostic is an error, 2 on bad usage.

mod analyze_cmd;
mod build_cmd;
mod manifest_cmd;
mod output;
mod transform_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use fnwire_transform::{CompileOptions, Target};

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
        target: Target,
        /// The build the client stubs belong to (the manifest's buildId): they send it with every call.
        #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
        build_id: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        compile: CompileOptions,
    },
    /// Follow the imports of the roots; check every reachable module; list the server modules.
    Analyze {
        /// Entry modules: app, page and server entries.
        #[arg(required = true)]
        roots: Vec<PathBuf>,
        /// Server functions are off: any reachable server module is an error.
        #[arg(long)]
        no_server: bool,
        /// Write the manifest to this file (when there is no error).
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        compile: CompileOptions,
    },
    /// Analyze SRC's roots and write client/ and server/ trees and manifest.json.
    Build {
        /// A source folder (its entries are index, main, app, client, server or entry, as modules) or an entry file.
        src: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Entry modules, instead of SRC's conventional ones (repeatable).
        #[arg(long = "entry")]
        entries: Vec<PathBuf>,
        #[command(flatten)]
        compile: CompileOptions,
    },
    /// Work with manifests: `fnwire manifest diff OLD NEW`.
    Manifest {
        #[command(subcommand)]
        command: ManifestCommand,
    },
}

#[derive(Subcommand)]
enum ManifestCommand {
    /// What changed between two builds' manifests; exit 1 when pages of the OLD build would break (a function
    /// removed, moved to another file, or called differently), 0 when functions were only added or nothing changed.
    Diff {
        /// The manifest.json of the build that is live.
        old: PathBuf,
        /// The manifest.json of the build to deploy.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Transform { file, target, build_id, format, compile } => {
            transform_cmd::run(&file, target, build_id, format, with_absolute_root(compile))
        }
        Command::Analyze { roots, no_server, manifest, format, compile } => {
            analyze_cmd::run(analyze_cmd::AnalyzeArgs {
                roots,
                server: !no_server,
                manifest,
                format,
                compile: with_absolute_root(compile),
            })
        }
        Command::Build { src, out, entries, compile } => {
            build_cmd::run(build_cmd::BuildArgs { src, out, entries, compile: with_absolute_root(compile) })
        }
        Command::Manifest { command: ManifestCommand::Diff { old, new, format } } => {
            manifest_cmd::diff(&old, &new, format)
        }
    }
}

/// `--root`, or the working directory, made absolute.
fn with_absolute_root(mut compile: CompileOptions) -> CompileOptions {
    compile.root = Some(output::absolute(compile.root.as_deref().unwrap_or(std::path::Path::new("."))));
    compile
}
