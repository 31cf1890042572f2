//! Server modules generated from export forms: every accepted and rejected
//! form of SPEC section 2, in any order and combination, with names chosen
//! to collide with each other and with the runtime's.

use std::fmt::Write;

use arbitrary::Arbitrary;

#[derive(Arbitrary, Debug)]
pub struct GeneratedModule {
    pub prologue: Prologue,
    pub file: FileKind,
    pub items: Vec<Item>,
}

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prologue {
    UseServer,
    SingleQuoted,
    AfterUseStrict,
    AfterHashbangAndComments,
    Escaped,
    WithUseClient,
    Missing,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum FileKind {
    Ts,
    Tsx,
    Js,
    ServerTs,
}

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    A,
    B,
    C,
    CreateServerReference,
    RegisterServerReference,
    Dollar,
    Unicode,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ExportName {
    Ident(Name),
    Reserved,
    Default,
    Dash,
    Empty,
    Padded,
    Escaped,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Param {
    Plain,
    Optional,
    Defaulted,
    Rest,
    Object,
    Array,
    ObjectWithDefault,
}

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    None,
    Paren,
    As,
    Satisfies,
    NonNull,
    Call,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ValueKind {
    Const,
    Let,
    Var,
    Class,
    Enum,
    Namespace,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Item {
    Function { name: Name, is_async: bool, generator: bool, params: Vec<Param> },
    Arrow { name: Name, is_async: bool, params: Vec<Param>, wrap: Wrap },
    FunctionExpression { name: Name, generator: bool, params: Vec<Param>, wrap: Wrap },
    LocalFunction { name: Name, generator: bool },
    Alias { local: Name, exported: ExportName },
    Overloads { name: Name },
    DefaultExport,
    ExportEquals { local: Name },
    ReExport,
    ExportImported { name: Name },
    Value { name: Name, kind: ValueKind },
    Declare { name: Name, kind: ValueKind },
    TypeOnly { name: Name },
    LateDirective,
    InlineDirective { name: Name },
    Comment(u8),
}

impl Name {
    pub fn text(self) -> &'static str {
        match self {
            Name::A => "a",
            Name::B => "b",
            Name::C => "c",
            Name::CreateServerReference => "createServerReference",
            Name::RegisterServerReference => "registerServerReference",
            Name::Dollar => "$x$1",
            Name::Unicode => "größe",
        }
    }
}

impl ExportName {
    fn text(self) -> String {
        match self {
            ExportName::Ident(name) => name.text().to_string(),
            ExportName::Reserved => "delete".into(),
            ExportName::Default => "default".into(),
            ExportName::Dash => "\"g-h\"".into(),
            ExportName::Empty => "\"\"".into(),
            ExportName::Padded => "\" padded\"".into(),
            ExportName::Escaped => "\"\\u0067-\\u0068\"".into(),
        }
    }
}

fn params(params: &[Param]) -> String {
    let rendered: Vec<String> = params
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, param)| match param {
            Param::Plain => format!("p{i}: string"),
            Param::Optional => format!("p{i}?: number"),
            Param::Defaulted => format!("p{i} = {i}"),
            Param::Rest => format!("...p{i}: string[]"),
            Param::Object => format!("{{ k{i} }}: {{ k{i}: string }}"),
            Param::Array => format!("[e{i}]: string[]"),
            Param::ObjectWithDefault => format!("{{ k{i} = 1 }}: {{ k{i}?: number }}"),
        })
        .collect();
    rendered.join(", ")
}

fn wrap(function: String, wrap: Wrap) -> String {
    match wrap {
        Wrap::None => function,
        Wrap::Paren => format!("({function})"),
        Wrap::As => format!("({function}) as (...args: any[]) => any"),
        Wrap::Satisfies => format!("({function}) satisfies Function"),
        Wrap::NonNull => format!("({function})!"),
        Wrap::Call => format!("wrap({function})"),
    }
}

fn value(kind: ValueKind, name: &str) -> String {
    match kind {
        ValueKind::Const => format!("const {name} = \"secret value\";"),
        ValueKind::Let => format!("let {name} = 1;"),
        ValueKind::Var => format!("var {name} = 1;"),
        ValueKind::Class => format!("class {name} {{}}"),
        ValueKind::Enum => format!("enum {name} {{ A }}"),
        ValueKind::Namespace => format!("namespace {name} {{ export const inner = 1; }}"),
    }
}

fn declared(kind: ValueKind, name: &str) -> String {
    match kind {
        ValueKind::Const => format!("declare const {name}: string;"),
        ValueKind::Let => format!("declare let {name}: string;"),
        ValueKind::Var => format!("declare function {name}(): void;"),
        ValueKind::Class => format!("declare class {name} {{}}"),
        ValueKind::Enum => format!("declare enum {name} {{ A }}"),
        ValueKind::Namespace => format!("declare namespace {name} {{ const inner: number; }}"),
    }
}

impl GeneratedModule {
    pub fn filename(&self) -> &'static str {
        match self.file {
            FileKind::Ts => "src/generated.ts",
            FileKind::Tsx => "src/generated.tsx",
            FileKind::Js => "src/generated.js",
            FileKind::ServerTs => "src/generated.server.ts",
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        match self.prologue {
            Prologue::UseServer => out.push_str("\"use server\";\n"),
            Prologue::SingleQuoted => out.push_str("'use server'\n"),
            Prologue::AfterUseStrict => out.push_str("\"use strict\";\n\"use server\";\n"),
            Prologue::AfterHashbangAndComments => out.push_str("#!/usr/bin/env node\n// c\n/* c */ \"use server\";\n"),
            Prologue::Escaped => out.push_str("\"use\\x20server\"; // not \"use server\"\n"),
            Prologue::WithUseClient => out.push_str("\"use client\";\n\"use server\";\n"),
            Prologue::Missing => out.push_str("// use server is missing\n"),
        }
        out.push_str("import { helper } from \"./helper\";\n");
        for (index, item) in self.items.iter().take(24).enumerate() {
            self.render_item(&mut out, index, item);
        }
        out
    }

    fn render_item(&self, out: &mut String, index: usize, item: &Item) {
        let js = matches!(self.file, FileKind::Js);
        let strip = |text: String| if js { strip_types(&text) } else { text };
        let line = match item {
            Item::Function { name, is_async, generator, params: p } => format!(
                "export {}function{} {}({}) {{ return helper({index}); }}",
                if *is_async { "async " } else { "" },
                if *generator { "*" } else { "" },
                name.text(),
                params(p)
            ),
            Item::Arrow { name, is_async, params: p, wrap: w } => format!(
                "export const {} = {};",
                name.text(),
                wrap(format!("{}({}) => helper({index})", if *is_async { "async " } else { "" }, params(p)), *w)
            ),
            Item::FunctionExpression { name, generator, params: p, wrap: w } => format!(
                "export const {} = {};",
                name.text(),
                wrap(format!("async function{}({}) {{ return \"body {index}\"; }}", if *generator { "*" } else { "" }, params(p)), *w)
            ),
            Item::LocalFunction { name, generator } => {
                format!("function{} {}() {{ return \"local {index}\"; }}", if *generator { "*" } else { "" }, name.text())
            }
            Item::Alias { local, exported } => format!("export {{ {} as {} }};", local.text(), exported.text()),
            Item::Overloads { name } => format!(
                "export function {0}(x: string): string;\nexport function {0}(x: number): string;\nexport function {0}(x: any) {{ return String(x); }}",
                name.text()
            ),
            Item::DefaultExport => "export default async function () {}".into(),
            Item::ExportEquals { local } => format!("export = {};", local.text()),
            Item::ReExport => "export * from \"./elsewhere\";".into(),
            Item::ExportImported { name } => format!("import {{ {0} as imported{index} }} from \"./other\";\nexport {{ imported{index} as {0} }};", name.text()),
            Item::Value { name, kind } => format!("export {}", value(*kind, name.text())),
            Item::Declare { name, kind } => format!("export {}", declared(*kind, name.text())),
            Item::TypeOnly { name } => format!("export type T{index} = {{ {}: string }};", name.text()),
            Item::LateDirective => "\"use server\";".into(),
            Item::InlineDirective { name } => format!("function inline{index}() {{ \"use server\"; return {}; }}", name.text()),
            Item::Comment(byte) => format!("// comment {byte} with a \"string\" and `code`"),
        };
        writeln!(out, "{}", strip(line)).unwrap();
    }
}

/// A crude type stripper for `.js` files: enough for the forms above.
fn strip_types(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in [
        (": string[]", ""),
        (": string", ""),
        (": number", ""),
        ("?: number", ""),
        (" as (...args: any[]) => any", ""),
        (" satisfies Function", ""),
        (")!", ")"),
    ] {
        out = out.replace(from, to);
    }
    out
}
