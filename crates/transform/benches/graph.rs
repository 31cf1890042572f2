//! Graph analysis of a generated app of 10,000 modules: 3% server modules,
//! each other module importing a few others (relative, through a tsconfig
//! `paths` alias and through index files), Node builtins and a package.
//!
//! `cargo bench -p fnwire_transform --bench graph`

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use fnwire_transform::{analyze_graph, GraphOptions};

#[cfg(feature = "bench-mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MODULES: usize = 10_000;
/// Every 33rd module is a server module: 3%.
const SERVER_EVERY: usize = 33;

fn is_server(index: usize) -> bool {
    index % SERVER_EVERY == 5
}

/// Where module `index` lives, as imported through the `@/*` alias.
fn alias(index: usize) -> String {
    if is_server(index) {
        format!("@/api/actions{index}.server")
    } else {
        format!("@/features/f{}/m{index}", index % 50)
    }
}

fn component(index: usize) -> String {
    let mut source = String::new();
    // Children: a tree with fan-out 3 reaches every module from module 0;
    // server modules import no components, so module 0 adopts their
    // children. One more edge back to a shared module makes modules shared.
    let mut children: Vec<usize> = (1..=3).map(|k| index * 3 + k).filter(|&child| child < MODULES).collect();
    if index == 0 {
        children.extend((1..MODULES).filter(|&child| is_server((child - 1) / 3)));
    }
    for child in &children {
        writeln!(source, "import {{ value{child} }} from \"{}\";", alias(*child)).unwrap();
    }
    if index > 10 {
        writeln!(source, "import {{ shared }} from \"../../shared\";").unwrap();
    }
    source.push_str("import { readFileSync } from \"node:fs\";\nimport type { Config } from \"@/types\";\nimport { lib } from \"fake-lib\";\n\n");
    write!(
        source,
        r#"/** Component {index}: formats rows for display. */
export interface Row{index} {{
  id: string;
  label: string;
  amount: number;
}}

export function format{index}(rows: Row{index}[], config?: Config): string[] {{
  const currency = config?.currency ?? "EUR";
  return rows
    .filter((row) => row.amount > 0)
    .map((row) => `${{row.label}}: ${{row.amount.toFixed(2)}} ${{currency}}`);
}}

export const value{index} = [{deps}].length + shared + lib + (typeof readFileSync === "function" ? 1 : 0);

export default function Widget{index}(props: {{ rows: Row{index}[] }}) {{
  const lines = format{index}(props.rows);
  // Keep the longest line first.
  return lines.sort((a, b) => b.length - a.length).join("\n");
}}
"#,
        deps = children.iter().map(|child| format!("value{child}")).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    source
}

fn server_module(index: usize) -> String {
    format!(
        r#""use server";
import {{ shared }} from "../shared";

export interface Order{index} {{
  id: string;
  total: number;
}}

const orders = new Map<string, Order{index}>();

export async function listOrders{index}(page: number): Promise<Order{index}[]> {{
  return [...orders.values()].slice(page * 20, page * 20 + 20);
}}

export async function saveOrder{index}(order: Order{index}) {{
  orders.set(order.id, {{ ...order, total: order.total + shared }});
  return order.id;
}}

export const value{index} = async (id?: string) => (id ? orders.get(id) : undefined);
"#
    )
}

/// Writes the app once under the target directory.
fn generate(dir: &Path) {
    let marker = dir.join(".complete");
    if marker.exists() {
        return;
    }
    let _ = fs::remove_dir_all(dir);
    // (Re)generated whenever this marker is missing.
    let write = |path: PathBuf, text: String| {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        dir.join("tsconfig.json"),
        "{\n  // generated\n  \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"src/*\"] } }\n}\n"
            .into(),
    );
    write(
        dir.join("node_modules/fake-lib/package.json"),
        r#"{ "name": "fake-lib", "exports": { ".": { "import": "./index.mjs" } } }"#.into(),
    );
    write(dir.join("node_modules/fake-lib/index.mjs"), "export const lib = 1;\n".into());
    write(dir.join("src/shared.ts"), "export const shared = 1;\n".into());
    write(dir.join("src/types.ts"), "export type Config = { currency?: string };\n".into());
    for index in 0..MODULES {
        if is_server(index) {
            write(dir.join(format!("src/api/actions{index}.server.ts")), server_module(index));
        } else {
            write(dir.join(format!("src/features/f{}/m{index}.ts", index % 50)), component(index));
        }
    }
    fs::write(marker, "").unwrap();
}

fn graph(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-graph-app");
    generate(&dir);
    let options = GraphOptions::new(&dir, vec!["src/features/f0/m0.ts".to_string()]);
    let result = analyze_graph(&options);
    assert!(result.diagnostics.is_empty(), "{:?}", &result.diagnostics[..1]);
    // Every module, src/shared.ts and the package; src/types.ts is only a type import.
    assert_eq!(result.modules.len(), MODULES + 2, "every module is reached");
    assert_eq!(result.server_modules.len(), (0..MODULES).filter(|&i| is_server(i)).count());

    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("analyze 10,000 modules", |b| b.iter(|| analyze_graph(&options)));
    group.finish();
}

criterion_group!(benches, graph);
criterion_main!(benches);
