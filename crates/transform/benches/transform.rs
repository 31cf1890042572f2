//! Per-file transform time for both targets against SWC's parse alone of the
//! same file (the floor), and the prefilter over ordinary modules.
//!
//! `cargo bench -p fnwire_transform` (add `--features bench-mimalloc` to
//! measure with mimalloc as the allocator).

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fnwire_transform::{needs_analysis, syntax_for, transform, Target, TransformOptions};
use swc_core::common::BytePos;
use swc_core::ecma::ast::EsVersion;
use swc_core::ecma::parser::{lexer::Lexer, Parser, StringInput};

#[cfg(feature = "bench-mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Realistic TypeScript: imports, typed async functions, arrows, helpers,
/// comments, template strings, until the text reaches `size` bytes.
fn module(size: usize, directive: bool) -> String {
    let mut source = String::new();
    if directive {
        source.push_str("\"use server\";\n");
    }
    source.push_str("import { db } from \"./db\";\nimport type { Order, User } from \"./types\";\n\n");
    let mut index = 0;
    while source.len() < size {
        write!(
            source,
            r#"
/** Lists the open orders of a user, one page at a time ({index}). */
export async function listOrders{index}(userId: string, page: number): Promise<Order[]> {{
  const limit = 20;
  const rows = await db.orders.findMany({{ where: {{ userId, status: "open" }}, skip: page * limit, take: limit }});
  // Keep only orders that have items.
  return rows
    .filter((row) => row.items.length > 0)
    .map((row) => ({{ ...row, total: row.items.reduce((sum, item) => sum + item.price * item.quantity, 0) }}));
}}

export const updateUser{index} = async (id: string, patch: Partial<User> = {{}}) => {{
  if (!id) throw new Error(`missing id for update ${{id}} in batch {index}`);
  return db.users.update({{ where: {{ id }}, data: patch }});
}};

function sizeLabel{index}(value: number): string {{
  return value > 100 ? "large" : value > 10 ? "medium" : "small";
}}
"#
        )
        .unwrap();
        index += 1;
    }
    source
}

const FILENAME: &str = "src/api/orders.server.ts";

fn parse_only(source: &str) -> swc_core::ecma::ast::Module {
    let end = BytePos(1 + source.len() as u32);
    let lexer = Lexer::new(syntax_for(FILENAME), EsVersion::latest(), StringInput::new(source, BytePos(1), end), None);
    Parser::new_from(lexer).parse_typescript_module().expect("the corpus parses")
}

fn per_file(c: &mut Criterion) {
    for (label, size) in [("2KB", 2_000), ("20KB", 20_000), ("200KB", 200_000)] {
        let source = module(size, true);
        let mut group = c.benchmark_group(format!("transform/{label}"));
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function("swc-parse-only", |b| b.iter(|| parse_only(black_box(&source))));
        for (name, target) in [("client", Target::Client), ("server", Target::Server)] {
            let options = TransformOptions::new(FILENAME, "/app", target);
            group.bench_with_input(BenchmarkId::new("fnwire", name), &options, |b, options| {
                b.iter(|| transform(black_box(&source), options).expect("the corpus is valid"))
            });
        }
        group.finish();
    }
}

fn prefilter(c: &mut Criterion) {
    let mut group = c.benchmark_group("prefilter");
    for (label, size) in [("20KB", 20_000), ("200KB", 200_000), ("2MB", 2_000_000)] {
        let source = module(size, false);
        assert!(!needs_analysis(source.as_bytes(), "src/orders.ts"));
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(label, |b| b.iter(|| needs_analysis(black_box(source.as_bytes()), "src/orders.ts")));
    }
    group.finish();
}

criterion_group!(benches, per_file, prefilter);
criterion_main!(benches);
