//! The `fnwire` binary as a user runs it: exit codes, stdout and stderr,
//! text and JSON (SPEC section 6).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fnwire-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, relative: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

fn fnwire(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fnwire")).current_dir(dir).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const USERS: &str = r#""use server";
import { db } from "./db";

export async function getUsers() {
  return db.users.findMany();
}
export const search = async (query: string, options = {}) => [];
"#;

#[test]
fn text_output_for_both_targets() {
    let dir = scratch("text");
    write(&dir, "src/users.server.ts", USERS);
    let client = fnwire(&dir, &["transform", "src/users.server.ts", "--target", "client"]);
    assert_eq!(client.status.code(), Some(0), "{}", stderr(&client));
    let code = stdout(&client);
    assert!(code.starts_with("import { createServerReference } from \"fnwire/client\";\n"), "{code}");
    assert!(code.contains("export const getUsers = /*#__PURE__*/ createServerReference(\""), "{code}");
    assert!(code.contains("\"search\");\n"), "flexible signature has no arity: {code}");
    assert!(!code.contains("db"), "nothing of the original: {code}");

    let server = fnwire(&dir, &["transform", "src/users.server.ts", "--target", "server"]);
    assert_eq!(server.status.code(), Some(0));
    let code = stdout(&server);
    assert!(
        code.starts_with("\"use server\";\nimport { registerServerReference } from \"fnwire/server\";\n"),
        "{code}"
    );
    assert!(code.contains("import { db } from \"./db\";"));
    assert!(code.contains("registerServerReference(getUsers, \""), "{code}");
    assert!(code.ends_with("\", \"search\");\n"), "{code}");
}

#[test]
fn json_output_is_the_node_result_object() {
    let dir = scratch("json");
    write(&dir, "src/users.server.ts", USERS);
    let output = fnwire(&dir, &["transform", "src/users.server.ts", "--target", "client", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(result["isServerModule"], true);
    assert!(result["code"].as_str().unwrap().contains("createServerReference"));
    let map: Value = serde_json::from_str(result["map"].as_str().unwrap()).unwrap();
    assert_eq!(map["version"], 3);
    assert!(map.get("sourcesContent").is_none());
    let functions = result["serverFunctions"].as_array().unwrap();
    assert_eq!(functions.len(), 2);
    let get_users = &functions[0];
    // fnId = sha256("src/users.server.ts:getUsers")[..16]
    assert_eq!(get_users["fnId"], fnwire_transform::fn_id("src/users.server.ts", "getUsers", None));
    assert_eq!(get_users["fnName"], "getUsers");
    assert_eq!(get_users["exportName"], "getUsers");
    assert_eq!(get_users["localName"], "getUsers");
    assert_eq!(get_users["arity"], 0);
    assert_eq!((get_users["line"].as_u64(), get_users["column"].as_u64()), (Some(4), Some(1)));
    assert!(functions[1].get("arity").is_none(), "arity is absent, not null");
}

#[test]
fn root_decides_the_module_path() {
    let dir = scratch("root");
    write(&dir, "app/src/a.server.ts", "\"use server\";\nexport async function f() {}\n");
    let output =
        fnwire(&dir, &["transform", "app/src/a.server.ts", "--target", "client", "--root", "app", "--format", "json"]);
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(result["serverFunctions"][0]["fnId"], fnwire_transform::fn_id("src/a.server.ts", "f", None));
    let salted = fnwire(
        &dir,
        &[
            "transform",
            "app/src/a.server.ts",
            "--target",
            "client",
            "--root",
            "app",
            "--id-salt",
            "s",
            "--format",
            "json",
        ],
    );
    let result: Value = serde_json::from_str(&stdout(&salted)).unwrap();
    assert_eq!(result["serverFunctions"][0]["fnId"], fnwire_transform::fn_id("src/a.server.ts", "f", Some("s")));
}

#[test]
fn diagnostics_as_text_go_to_stderr_with_a_code_frame() {
    let dir = scratch("diag-text");
    write(
        &dir,
        "src/bad.ts",
        "\"use server\";\nexport const VERSION = \"1\";\nexport default async function main() {}\n",
    );
    let output = fnwire(&dir, &["transform", "src/bad.ts", "--target", "server"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let text = stderr(&output);
    assert!(text.contains("error[FW012]"), "{text}");
    assert!(text.contains("--> src/bad.ts:2:1"), "{text}");
    assert!(text.contains("2 | export const VERSION = \"1\";"), "{text}");
    assert!(text.contains("error[FW010]"), "every error in one pass: {text}");
    assert!(text.contains("--> src/bad.ts:3:1"), "{text}");
}

#[test]
fn warnings_go_to_stderr_and_the_module_compiles() {
    let dir = scratch("warnings");
    write(&dir, "src/near.ts", "\"use server\";\nexport async function save() {\n  \"use sever\";\n  return 1;\n}\n");
    let output = fnwire(&dir, &["transform", "src/near.ts", "--target", "client"]);
    assert_eq!(output.status.code(), Some(0), "a warning does not fail the build");
    assert!(stdout(&output).contains("createServerReference("), "{}", stdout(&output));
    let text = stderr(&output);
    assert!(text.contains("warning[FW008]"), "{text}");
    assert!(text.contains("--> src/near.ts:3:3"), "{text}");

    let json = fnwire(&dir, &["transform", "src/near.ts", "--target", "client", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    let result: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(result["warnings"][0]["code"], "FW008");
    assert_eq!(result["warnings"][0]["severity"], "warning");

    write(&dir, "src/main.ts", "import { save } from \"./near\";\nexport const run = save;\n");
    let build = fnwire(&dir, &["build", "src/main.ts", "--out", "out"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(stderr(&build).contains("warning[FW008]"), "{}", stderr(&build));
}

#[test]
fn diagnostics_as_json_go_to_stdout() {
    let dir = scratch("diag-json");
    write(&dir, "src/bad.ts", "\"use server\";\nexport { x } from \"./x\";\n");
    let output = fnwire(&dir, &["transform", "src/bad.ts", "--target", "client", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        result["diagnostics"][0],
        serde_json::json!({
            "code": "FW011",
            "severity": "error",
            "message": result["diagnostics"][0]["message"],
            "file": "src/bad.ts",
            "line": 2,
            "column": 10,
        })
    );
    assert_eq!(result["diagnostics"][0].as_object().unwrap().len(), 6);
}

#[test]
fn parse_errors_are_fw001_not_a_crash() {
    let dir = scratch("parse");
    write(&dir, "bad.ts", "\"use server\";\nexport async function f( {\n");
    let output = fnwire(&dir, &["transform", "bad.ts", "--target", "client", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(result["diagnostics"][0]["code"], "FW001");
    assert!(result["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Server function module could not be parsed: "));
}

#[test]
fn other_modules_pass_through_byte_for_byte() {
    let dir = scratch("passthrough");
    // Not UTF-8, and not valid syntax: never parsed, returned as is.
    let bytes: &[u8] = b"export const x = \xff\xfe (;\r\n";
    write(&dir, "plain.ts", bytes);
    let output = fnwire(&dir, &["transform", "plain.ts", "--target", "client"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, bytes);
    let json = fnwire(&dir, &["transform", "plain.ts", "--target", "server", "--format", "json"]);
    let result: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(result["isServerModule"], false);
    assert_eq!(result["serverFunctions"], serde_json::json!([]));
}

#[test]
fn invalid_utf8_in_a_server_module_is_fw001() {
    let dir = scratch("utf8");
    write(&dir, "a.server.ts", b"\"use server\";\nexport async function f() { return \"\xff\"; }\n");
    let output = fnwire(&dir, &["transform", "a.server.ts", "--target", "client"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[FW001]") && text.contains("not valid UTF-8"), "{text}");
    assert!(text.contains("a.server.ts:2:"), "{text}");
}

#[test]
fn bad_usage_exits_2() {
    let dir = scratch("usage");
    write(&dir, "a.ts", "export {}\n");
    for args in [
        &["transform", "a.ts"][..],
        &["transform", "a.ts", "--target", "browser"],
        &["transform", "a.ts", "--target", "client", "--format", "yaml"],
        &["transform", "a.ts", "--target", "client", "--unknown"],
        &["transform", "missing.ts", "--target", "client"],
        &["frobnicate"],
    ] {
        let output = fnwire(&dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn deeply_nested_input_is_no_crash() {
    let dir = scratch("deep");
    let depth = 20_000;
    let source =
        format!("\"use server\";\nexport const f = async () => {}1{};\n", "(".repeat(depth), ")".repeat(depth));
    write(&dir, "deep.ts", source);
    let output = fnwire(&dir, &["transform", "deep.ts", "--target", "server", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let unclosed = format!("\"use server\";\nexport const f = async () => {}\n", "[".repeat(depth));
    write(&dir, "open.ts", unclosed);
    let output = fnwire(&dir, &["transform", "open.ts", "--target", "client"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("FW001"));
}

fn graph_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/graph").join(name)
}

#[test]
fn analyze_lists_reachable_server_modules() {
    let app = graph_fixture("g1-edges-and-reachability");
    let output = fnwire(&app, &["analyze", "src/main.ts"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("src/api/b.server.ts\n  imported through src/main.ts → src/reexported.ts → src/api/b.server.ts"),
        "{text}"
    );
    assert!(!text.contains("types-only"), "type-only imports are not followed: {text}");
    assert!(text.contains("4 server modules, 4 server functions"), "{text}");

    let json = fnwire(&app, &["analyze", "src/main.ts", "--format", "json"]);
    let result: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let modules: Vec<&str> =
        result["serverModules"].as_array().unwrap().iter().map(|module| module["module"].as_str().unwrap()).collect();
    assert_eq!(
        modules,
        ["src/api/b.server.ts", "src/api/lazy.server.ts", "src/api/side.server.ts", "src/api/star.server.ts"]
    );
    assert_eq!(result["manifest"]["version"], 1);
    assert_eq!(result["diagnostics"], serde_json::json!([]));
}

#[test]
fn analyze_writes_the_same_manifest_every_time() {
    let app = graph_fixture("g2-resolution");
    let out = scratch("manifest");
    let manifest = out.join("manifest.json");
    let manifest_arg = manifest.to_string_lossy().into_owned();
    let first = fnwire(&app, &["analyze", "src/main.ts", "--manifest", &manifest_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let bytes = std::fs::read(&manifest).unwrap();
    fnwire(&app, &["analyze", "src/main.ts", "--manifest", &manifest_arg]);
    assert_eq!(std::fs::read(&manifest).unwrap(), bytes);
    let parsed: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(parsed["functions"].as_object().unwrap().len(), 5);
}

#[test]
fn analyze_errors_exit_1_with_the_chain() {
    let app = graph_fixture("g3-unresolved-import");
    let output = fnwire(&app, &["analyze", "src/main.ts"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[FW022]: cannot resolve \"./does-not-exist\" imported by src/page.ts"), "{text}");
    assert!(text.contains("(import chain: src/main.ts → src/page.ts)"), "{text}");

    let off = fnwire(
        &graph_fixture("g4-server-functions-off"),
        &["analyze", "src/main.ts", "--no-server", "--format", "json"],
    );
    assert_eq!(off.status.code(), Some(1));
    let result: Value = serde_json::from_str(&stdout(&off)).unwrap();
    assert_eq!(result["diagnostics"][0]["code"], "FW020");
    let on = fnwire(&graph_fixture("g4-server-functions-off"), &["analyze", "src/main.ts"]);
    assert_eq!(on.status.code(), Some(0), "the same app with server functions on");
}

#[test]
fn build_writes_client_and_server_trees_and_the_manifest() {
    let app = graph_fixture("g7-cycles");
    let out = scratch("build");
    let out_arg = out.to_string_lossy().into_owned();
    let output = fnwire(&app, &["build", "src", "--out", &out_arg, "--entry", "src/a.ts"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let client = std::fs::read_to_string(out.join("client/api/shared.server.ts")).unwrap();
    assert!(client.contains("export const shared = /*#__PURE__*/ createServerReference("), "{client}");
    assert!(!client.contains("x + y"));
    let server = std::fs::read_to_string(out.join("server/api/shared.server.ts")).unwrap();
    assert!(server.contains("return x + y;") && server.contains("registerServerReference(shared, "), "{server}");
    assert_eq!(
        std::fs::read_to_string(out.join("client/a.ts")).unwrap(),
        std::fs::read_to_string(app.join("src/a.ts")).unwrap()
    );
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let (id, entry) = manifest["functions"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(id, &fnwire_transform::fn_id("src/api/shared.server.ts", "shared", None));
    assert_eq!(entry, &serde_json::json!({ "module": "src/api/shared.server.ts", "export": "shared", "arity": 2 }));

    // No conventional entry in `src`: a usage error naming --entry.
    let none = fnwire(&app, &["build", "src", "--out", &out_arg]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--entry"));
}

/// SPEC section 9's options as flags, on `transform`, `analyze` and `build`.
#[test]
fn dialect_flags_on_every_command() {
    let dir = scratch("dialects");
    write(&dir, "src/actions.ts", "\"use server\";\nexport const save = action(async (x: string) => x);\nexport default async function remove(id: string) {}\ndeclare function action<T>(fn: T): T;\n");
    write(&dir, "src/records.server.ts", "export async function list() {\n  return [];\n}\n");
    write(
        &dir,
        "src/Item.tsx",
        "export function Item({ id }: { id: string }) {\n  async function rename(title: string) {\n    \"use server\";\n    return [id, title];\n  }\n  return rename;\n}\n",
    );
    write(&dir, "src/main.ts", "import \"./actions\";\nimport \"./records.server\";\nimport \"./Item\";\n");
    let flags = ["--wrapped-exports", "--default-export", "--server-files", "implicit", "--inline-functions", "hoist"];

    let strict = fnwire(&dir, &["transform", "src/actions.ts", "--target", "client", "--format", "json"]);
    assert_eq!(strict.status.code(), Some(1), "without the flags: FW012 and FW010");
    let codes: Value = serde_json::from_str(&stdout(&strict)).unwrap();
    let codes: Vec<&str> =
        codes["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["FW012", "FW010"]);

    let mut args = vec!["transform", "src/actions.ts", "--target", "client", "--format", "json"];
    args.extend(flags);
    let output = fnwire(&dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(result["code"].as_str().unwrap().contains("export default /*#__PURE__*/ createServerReference("));
    let names: Vec<&str> =
        result["serverFunctions"].as_array().unwrap().iter().map(|f| f["exportName"].as_str().unwrap()).collect();
    assert_eq!(names, ["save", "default"]);

    let mut args = vec!["analyze", "src/main.ts", "--format", "json"];
    args.extend(flags);
    let output = fnwire(&dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let modules: Vec<&str> =
        result["serverModules"].as_array().unwrap().iter().map(|m| m["module"].as_str().unwrap()).collect();
    assert_eq!(modules, ["src/Item.tsx", "src/actions.ts", "src/records.server.ts"]);
    let inline = result["manifest"]["functions"].as_object().unwrap().values().find(|f| f["inline"] == true).unwrap();
    assert_eq!(
        inline,
        &serde_json::json!({ "module": "src/Item.tsx", "export": "Item.rename", "arity": 1, "inline": true })
    );

    let out = dir.join("out").to_string_lossy().into_owned();
    let mut args = vec!["build", "src", "--out", &out, "--entry", "src/main.ts"];
    args.extend(flags);
    let output = fnwire(&dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let server = std::fs::read_to_string(dir.join("out/server/Item.tsx")).unwrap();
    assert!(server.contains("async function rename$server(id, title: string)"), "{server}");

    let bad = fnwire(&dir, &["transform", "src/actions.ts", "--target", "client", "--inline-functions", "yes"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--inline-functions"), "{}", stderr(&bad));
}

/// Section 16: `manifest diff` for CI, its exit codes and JSON; the build id of every manifest.
#[test]
fn manifest_diff_exits_1_when_live_pages_would_break() {
    let dir = scratch("diff");
    let manifest = |functions: &str| {
        format!(r#"{{ "version": 1, "buildId": "0123456789abcdef", "functions": {{ {functions} }} }}"#)
    };
    let save = r#""s1": { "module": "src/a.server.ts", "export": "save", "arity": 1 }"#;
    let load = r#""l1": { "module": "src/a.server.ts", "export": "load", "arity": 0 }"#;
    write(&dir, "old.json", manifest(&format!("{save}, {load}")));
    write(&dir, "same.json", manifest(&format!("{load}, {save}")));
    write(
        &dir,
        "added.json",
        manifest(&format!(r#"{save}, {load}, "n1": {{ "module": "src/b.server.ts", "export": "fresh", "arity": 0 }}"#)),
    );
    write(&dir, "removed.json", manifest(save));
    write(
        &dir,
        "arity.json",
        manifest(&format!(r#"{save}, "l1": {{ "module": "src/a.server.ts", "export": "load", "arity": 1 }}"#)),
    );
    write(
        &dir,
        "method.json",
        manifest(&format!(
            r#"{save}, "l1": {{ "module": "src/a.server.ts", "export": "load", "arity": 0, "method": "GET" }}"#
        )),
    );
    write(
        &dir,
        "moved.json",
        manifest(&format!(r#"{save}, "l2": {{ "module": "src/lib/a.server.ts", "export": "load", "arity": 0 }}"#)),
    );
    let diff = |new: &str, format: &str| fnwire(&dir, &["manifest", "diff", "old.json", new, "--format", format]);

    for (new, code, first_line) in [
        ("same.json", 0, "0 removed, 0 renamed, 0 changed, 0 added: pages of the old build keep working"),
        ("added.json", 0, "added    src/b.server.ts:fresh (n1)"),
        ("removed.json", 1, "removed  src/a.server.ts:load (l1)"),
        ("arity.json", 1, "changed  src/a.server.ts:load (l1): arity 0, POST -> arity 1, POST"),
        ("method.json", 1, "changed  src/a.server.ts:load (l1): arity 0, POST -> arity 0, GET"),
        ("moved.json", 1, "renamed  src/a.server.ts:load -> src/lib/a.server.ts:load (l1 -> l2): its file moved"),
    ] {
        let output = diff(new, "text");
        assert_eq!(output.status.code(), Some(code), "{new}: {}", stderr(&output));
        assert_eq!(stdout(&output).lines().next(), Some(first_line), "{new}");
    }
    let json: Value = serde_json::from_str(&stdout(&diff("moved.json", "json"))).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "removed": [],
            "added": [],
            "changed": [],
            "renamed": [{
                "fnId": "l1", "module": "src/a.server.ts", "export": "load",
                "from": { "fnId": "l1", "module": "src/a.server.ts" },
                "to": { "fnId": "l2", "module": "src/lib/a.server.ts" }
            }]
        })
    );
    // What is not a manifest is bad usage: exit 2, naming the file.
    write(&dir, "broken.json", "{ not json");
    let broken = diff("broken.json", "text");
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("`broken.json` is not JSON"), "{}", stderr(&broken));
    let missing = diff("missing.json", "text");
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read `missing.json`"));
}

#[test]
fn every_manifest_has_its_build_id() {
    let app = graph_fixture("g7-cycles");
    let out = scratch("build-id");
    let out_arg = out.to_string_lossy().into_owned();
    let manifest_arg = out.join("analyzed.json").to_string_lossy().into_owned();
    assert_eq!(fnwire(&app, &["build", "src", "--out", &out_arg, "--entry", "src/a.ts"]).status.code(), Some(0));
    assert_eq!(fnwire(&app, &["analyze", "src/a.ts", "--manifest", &manifest_arg]).status.code(), Some(0));
    let built: Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let analyzed: Value = serde_json::from_str(&std::fs::read_to_string(&manifest_arg).unwrap()).unwrap();
    let functions = serde_json::to_string(&built["functions"]).unwrap();
    assert_eq!(built["buildId"], fnwire_transform::build_id(&functions).as_str());
    assert_eq!(built, analyzed, "the same sources give the same manifest and build id on both commands");
    // The client tree's stubs carry it; the server tree has no use for it.
    let build_id = built["buildId"].as_str().unwrap();
    let client = std::fs::read_to_string(out.join("client/api/shared.server.ts")).unwrap();
    assert!(client.contains(&format!(", 2, {{ buildId: \"{build_id}\" }})")), "{client}");
    assert!(!std::fs::read_to_string(out.join("server/api/shared.server.ts")).unwrap().contains(build_id));
    // `transform --build-id` writes it into the stubs it emits.
    let transformed = fnwire(
        &app,
        &["transform", "src/api/shared.server.ts", "--target", "client", "--build-id", "0123456789abcdef"],
    );
    assert!(stdout(&transformed).contains(r#"{ buildId: "0123456789abcdef" }"#), "{}", stdout(&transformed));
    let empty = fnwire(&app, &["transform", "src/api/shared.server.ts", "--target", "client", "--build-id", ""]);
    assert_eq!(empty.status.code(), Some(2));
    // A salt changes every id, and so the build id.
    let salted = fnwire(&app, &["analyze", "src/a.ts", "--id-salt", "x", "--manifest", &manifest_arg]);
    assert_eq!(salted.status.code(), Some(0));
    let salted: Value = serde_json::from_str(&std::fs::read_to_string(&manifest_arg).unwrap()).unwrap();
    assert_ne!(salted["buildId"], built["buildId"]);
}
