//! The `fnwire` command line: parses arguments, calls `fnwire_transform`,
//! prints. Exit 0 on success, 1 when a diagnostic is an error, 2 on bad usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fnwire_transform::{
    decode_source, module_path, needs_analysis, render_all, to_json, transform, Diagnostic, Target, TransformOptions,
};

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
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Client,
    Server,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

const EXIT_DIAGNOSTICS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Transform { file, target, root, format, id_salt } => {
            run_transform(&file, target, root, format, id_salt)
        }
    }
}

/// The path as given, made absolute against the working directory.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn run_transform(
    file: &Path,
    target: TargetArg,
    root: Option<PathBuf>,
    format: Format,
    id_salt: Option<String>,
) -> ExitCode {
    let root = absolute(&root.unwrap_or_else(|| PathBuf::from(".")));
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => return usage_error(format_args!("cannot read `{}`: {error}", file.display())),
    };
    let filename = file.to_string_lossy().into_owned();
    let mut options = TransformOptions::new(
        absolute(file).to_string_lossy().into_owned(),
        root,
        match target {
            TargetArg::Client => Target::Client,
            TargetArg::Server => Target::Server,
        },
    );
    options.id_salt = id_salt;
    if !needs_analysis(&bytes, &filename) {
        // Not a server module: the bytes go out as they came in.
        return match format {
            Format::Text => write_stdout(&bytes),
            Format::Json => print_json(&serde_json::json!({
                "code": String::from_utf8_lossy(&bytes),
                "isServerModule": false,
                "serverFunctions": [],
            })),
        };
    }
    let source = match decode_source(&bytes, &module_path(Path::new(&options.filename), &options.root)) {
        Ok(source) => source,
        Err(diagnostic) => return report(&[diagnostic], format),
    };
    match transform(source, &options) {
        Ok(output) => match format {
            Format::Text => write_stdout(output.code.as_bytes()),
            Format::Json => print_json(&output),
        },
        Err(diagnostics) => report(&diagnostics, format),
    }
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => usage_error(format_args!("cannot write the output: {error}")),
    }
}

fn print_json(value: &impl serde::Serialize) -> ExitCode {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    text.push('\n');
    write_stdout(text.as_bytes())
}

/// Diagnostics: rendered to stderr, or as JSON to stdout. Exit 1.
fn report(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
    match format {
        Format::Text => {
            let count = diagnostics.len();
            eprintln!(
                "{}\n\nerror: {count} problem{} found",
                render_all(diagnostics),
                if count == 1 { "" } else { "s" }
            );
        }
        Format::Json => {
            print_json(&to_json(diagnostics));
        }
    }
    ExitCode::from(EXIT_DIAGNOSTICS)
}
