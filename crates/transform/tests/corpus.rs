//! Runs the corpus of `tests/corpus/` (its README says the format): modules
//! in the shapes other compilers of "use server" are tested against, each
//! with the verdict fnwire gives, through the text path for both targets.

use std::fs;
use std::path::{Path, PathBuf};

use fnwire_transform::{transform, Target, TransformOptions, TransformOutput};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// What a case's header says.
struct Case {
    name: String,
    source: String,
    expect: String,
    options: serde_json::Value,
}

fn load_cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension != "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let source = fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let header = |prefix: &str| source.lines().find_map(|line| line.strip_prefix(prefix)).map(str::to_string);
            let expect = header("// expect: ").unwrap_or_else(|| panic!("{name}: no `// expect:` line"));
            let options = header("// options: ").map_or_else(
                || serde_json::json!({ "wrappedExports": true, "defaultExport": true, "inlineFunctions": "hoist" }),
                |json| serde_json::from_str(&json).unwrap(),
            );
            Case { name, source, expect, options }
        })
        .collect()
}

impl Case {
    fn options(&self, target: Target) -> TransformOptions {
        let mut json = self.options.clone();
        let object = json.as_object_mut().unwrap();
        object.insert("filename".into(), self.name.clone().into());
        object.insert("root".into(), corpus_dir().to_string_lossy().into_owned().into());
        let target = match target {
            Target::Client => "client",
            Target::Server => "server",
        };
        object.insert("target".into(), target.into());
        TransformOptions::from_json(&json).unwrap()
    }
}

/// The values a server function's binding is bound to in the server
/// output (`<binding>.bind(null, …)` or `bindLive(<binding>, () => […], n)`).
fn captures(server: &TransformOutput, fn_id: &str) -> String {
    let registered = format!(", \"{fn_id}\", ");
    let line = server.code.lines().find(|line| line.contains(&registered)).expect("registered");
    let binding = line.split_once('(').unwrap().1.split_once(", ").unwrap().0;
    let between = |open: &str, close: char| {
        let start = server.code.find(open)? + open.len();
        Some(server.code[start..].split(close).next().unwrap_or_default().to_string())
    };
    between(&format!("{binding}.bind(null, "), ')')
        .or_else(|| between(&format!("({binding}, () => ["), ']'))
        .unwrap_or_default()
}

fn verdict(case: &Case) -> String {
    let client = transform(&case.source, &case.options(Target::Client));
    let server = transform(&case.source, &case.options(Target::Server));
    let codes = |diagnostics: &[fnwire_transform::Diagnostic]| {
        diagnostics.iter().map(|diagnostic| diagnostic.code.as_str()).collect::<Vec<_>>().join(" ")
    };
    match (client, server) {
        (Err(client), Err(server)) => {
            assert_eq!(client, server, "{}: same diagnostics for both targets", case.name);
            format!("errors {}", codes(&client))
        }
        (Ok(client), Ok(server)) => {
            assert_eq!(client.server_functions, server.server_functions, "{}: same functions", case.name);
            assert_eq!(client.warnings, server.warnings, "{}: same warnings", case.name);
            if !client.warnings.is_empty() {
                return format!("warnings {}", codes(&client.warnings));
            }
            if client.server_functions.is_empty() {
                assert_eq!(client.code, case.source, "{}: passes through", case.name);
                return "unchanged".into();
            }
            let functions: Vec<String> = client
                .server_functions
                .iter()
                .map(|function| format!("{}({})", function.local_name, captures(&server, &function.fn_id)))
                .collect();
            format!("functions {}", functions.join(" "))
        }
        (client, server) => panic!("{}: the targets disagree: {client:?} / {server:?}", case.name),
    }
}

#[test]
fn corpus() {
    let cases = load_cases();
    assert!(cases.len() >= 20, "the corpus is all there: {}", cases.len());
    let disagreements: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let verdict = verdict(case);
            (verdict != case.expect)
                .then(|| format!("{}: expected `{}`, fnwire says `{verdict}`", case.name, case.expect))
        })
        .collect();
    assert!(disagreements.is_empty(), "\n{}", disagreements.join("\n"));
}
