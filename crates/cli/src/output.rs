//! What every command prints: code or JSON on stdout, diagnostics on stderr
//! (or as JSON on stdout), and the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use fnwire_transform::{render_all, to_json, Diagnostic};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub const EXIT_DIAGNOSTICS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// The path as given, made absolute against the working directory.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

pub fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => usage_error(format_args!("cannot write the output: {error}")),
    }
}

pub fn print_json(value: &impl serde::Serialize) -> ExitCode {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    text.push('\n');
    write_stdout(text.as_bytes())
}

/// Renders diagnostics to stderr (text) or prints them as JSON. Exit 1.
pub fn report(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
    match format {
        Format::Text => print_diagnostics(diagnostics),
        Format::Json => {
            print_json(&to_json(diagnostics));
        }
    }
    ExitCode::from(EXIT_DIAGNOSTICS)
}

/// rustc-style diagnostics and a count, on stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let count = diagnostics.len();
    eprintln!("{}\n\nerror: {count} problem{} found", render_all(diagnostics), if count == 1 { "" } else { "s" });
}
