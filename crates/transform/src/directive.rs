//! Section 1: which modules are server modules, and directives that do not
//! stand where they take effect (FW003, FW004, FW005, FW007, FW008, FW009).
//! Inline directives (FW006) are found with the inline server functions
//! (`inline/`).

use swc_core::common::{BytePos, Span, Spanned};
use swc_core::ecma::ast::{
    ArrowExpr, ArrowFunctionBody, Constructor, Expr, Function, Lit, Module, ModuleItem, Stmt, Str,
};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::diagnostics::Problem;
use crate::messages;
use crate::options::ServerFiles;
use crate::source::is_server_file_name;

pub(crate) enum ModuleKind {
    Server {
        /// The `"use server"` directive itself; `None` for a `*.server.*`
        /// file that is a server module by its name (`serverFiles: "implicit"`).
        directive: Option<Span>,
        /// The end of the last statement of the directive prologue, if any.
        prologue_end: Option<BytePos>,
        /// How many module items the prologue has.
        prologue_len: usize,
    },
    /// Not a server module; its prologue, for a runtime import when it has
    /// inline server functions.
    Other { prologue_end: Option<BytePos>, prologue_len: usize },
}

/// The directive a statement is, if it is a string literal expression
/// statement. The raw text decides: an escaped spelling is no directive.
fn directive_of(stmt: &Stmt) -> Option<(&Str, Directive)> {
    let Stmt::Expr(expr_stmt) = stmt else { return None };
    let Expr::Lit(Lit::Str(string)) = &*expr_stmt.expr else { return None };
    let directive = match string.raw.as_deref() {
        Some("\"use server\"" | "'use server'") => Directive::UseServer,
        Some("\"use client\"" | "'use client'") => Directive::UseClient,
        Some(_) => Directive::Other,
        // A host that dropped raw text: the value is all there is.
        None => match string.value.as_atom().map(|atom| atom.as_str()) {
            Some("use server") => Directive::UseServer,
            Some("use client") => Directive::UseClient,
            _ => Directive::Other,
        },
    };
    Some((string, directive))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Directive {
    UseServer,
    UseClient,
    Other,
}

fn item_stmt(item: &ModuleItem) -> Option<&Stmt> {
    match item {
        ModuleItem::Stmt(stmt) => Some(stmt),
        ModuleItem::ModuleDecl(_) => None,
    }
}

pub(crate) fn scan_directives(
    module: &Module,
    filename: &str,
    server_files: ServerFiles,
    problems: &mut Vec<Problem>,
) -> ModuleKind {
    let mut use_server = None;
    let mut use_client = None;
    let mut prologue_end = None;
    let mut prologue_len = 0;
    let mut items = module.body.iter().peekable();
    while let Some((string, directive)) = items.peek().and_then(|item| item_stmt(item)).and_then(directive_of) {
        match directive {
            Directive::UseServer => use_server = use_server.or(Some(string.span)),
            Directive::UseClient => use_client = use_client.or(Some(string.span)),
            Directive::Other => near_miss(string, problems),
        }
        prologue_end = items.next().map(|item| item.span().hi);
        prologue_len += 1;
    }
    if let Some(string) = items.peek().and_then(|item| item_stmt(item)).and_then(parenthesized_string) {
        parenthesized(string, problems);
    }

    for item in items {
        if let Some((string, Directive::UseServer)) = item_stmt(item).and_then(directive_of) {
            problems.push(messages::misplaced_use_server(string.span));
        }
    }

    let implicit = server_files == ServerFiles::Implicit && is_server_file_name(filename);
    if use_server.is_some() || implicit {
        if let Some(client) = use_client {
            problems.push(messages::use_client_beside_use_server(client));
        }
        return ModuleKind::Server { directive: use_server, prologue_end, prologue_len };
    }

    if is_server_file_name(filename) {
        problems.push(messages::server_file_without_directive(Span::new(module.span.lo, module.span.lo)));
    }
    ModuleKind::Other { prologue_end, prologue_len }
}

/// Whether the module's prologue holds `"use client"`: an inline server
/// function there is FW005 (section 1).
pub(crate) fn has_use_client(module: &Module) -> bool {
    module
        .body
        .iter()
        .map_while(|item| item_stmt(item).and_then(directive_of))
        .any(|(_, directive)| directive == Directive::UseClient)
}

/// FW007, FW008 and FW009 in every function body of the module (section 1).
pub(crate) fn check_function_directives(module: &Module, problems: &mut Vec<Problem>) {
    module.visit_with(&mut FunctionDirectives { problems });
}

struct FunctionDirectives<'p> {
    problems: &'p mut Vec<Problem>,
}

impl FunctionDirectives<'_> {
    fn body(&mut self, stmts: &[Stmt]) {
        let mut rest = stmts.iter().peekable();
        while let Some((string, directive)) = rest.peek().and_then(|stmt| directive_of(stmt)) {
            match directive {
                Directive::UseClient => self.problems.push(messages::use_client_in_function(string.span)),
                Directive::Other => near_miss(string, self.problems),
                Directive::UseServer => {}
            }
            rest.next();
        }
        if let Some(string) = rest.peek().and_then(|stmt| parenthesized_string(stmt)) {
            parenthesized(string, self.problems);
        }
        for stmt in rest {
            if let Some((string, Directive::UseServer)) = directive_of(stmt) {
                self.problems.push(messages::use_server_after_statements(string.span));
            }
        }
    }
}

impl Visit for FunctionDirectives<'_> {
    fn visit_function(&mut self, function: &Function) {
        if let Some(body) = &function.body {
            self.body(&body.stmts);
        }
        function.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        if let ArrowFunctionBody::FunctionBody(body) = &*arrow.body {
            self.body(&body.stmts);
        }
        arrow.visit_children_with(self);
    }

    fn visit_constructor(&mut self, constructor: &Constructor) {
        if let Some(body) = &constructor.body {
            self.body(&body.stmts);
        }
        constructor.visit_children_with(self);
    }
}

/// `("use server")`: an expression statement, but no directive.
fn parenthesized_string(stmt: &Stmt) -> Option<&Str> {
    let Stmt::Expr(expr_stmt) = stmt else { return None };
    let Expr::Paren(paren) = &*expr_stmt.expr else { return None };
    match &*paren.expr {
        Expr::Lit(Lit::Str(string)) => Some(string),
        _ => None,
    }
}

/// FW008 for a prologue string that is a near miss of a directive: an
/// escaped spelling of one, a string within one edit of `use server` or
/// `use client`, or another `use <word>`.
fn near_miss(string: &Str, problems: &mut Vec<Problem>) {
    let Some(value) = string.value.as_atom().map(|atom| atom.as_str()) else { return };
    // The one directive a prologue may hold besides fnwire's own (section 1).
    if value == "use strict" {
        return;
    }
    let near = ["use server", "use client"].into_iter().find(|directive| within_one_edit(value, directive));
    let unknown_word = value
        .strip_prefix("use ")
        .is_some_and(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()));
    match near {
        Some(directive) => problems.push(messages::near_miss_of(string.span, value, directive)),
        None if unknown_word => problems.push(messages::unknown_use_directive(string.span, value)),
        None => {}
    }
}

/// FW008 for `("use server")` and parenthesized near misses.
fn parenthesized(string: &Str, problems: &mut Vec<Problem>) {
    let Some(value) = string.value.as_atom().map(|atom| atom.as_str()) else { return };
    if let Some(directive) =
        ["use server", "use client"].into_iter().find(|directive| within_one_edit(value, directive))
    {
        problems.push(messages::parenthesized_directive(string.span, directive));
    }
}

/// At most one character inserted, deleted or replaced (an equal string too).
fn within_one_edit(value: &str, target: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (value.chars().collect(), target.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return true;
    }
    let rest_of_short = if short.len() == long.len() { prefix + 1 } else { prefix };
    short[rest_of_short..] == long[prefix + 1..]
}

/// The `"use server"` directive of a function body's prologue, if it has one.
pub(crate) fn use_server_directive(stmts: &[Stmt]) -> Option<Span> {
    stmts
        .iter()
        .map_while(directive_of)
        .find(|(_, directive)| *directive == Directive::UseServer)
        .map(|(string, _)| string.span)
}

/// For a module that does not parse: whether its text starts with a
/// `"use server"` directive, so that the parse error is reported (FW001)
/// rather than the module passed through. Reads the prologue as SWC would:
/// after a hashbang, white space and comments, a run of string-literal
/// statements.
pub(crate) fn prologue_text_has_use_server(text: &str) -> bool {
    let mut rest = text;
    if rest.starts_with("#!") {
        rest = rest.find('\n').map_or("", |newline| &rest[newline..]);
    }
    loop {
        rest = skip_trivia(rest);
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return false;
        };
        let Some(end) = string_literal_end(rest, quote) else { return false };
        let literal = &rest[..end];
        rest = &rest[end..];
        let after = skip_trivia(rest);
        let ends_statement = after.is_empty()
            || after.starts_with(';')
            || after.starts_with('}')
            || rest[..rest.len() - after.len()].contains(['\n', '\r', '\u{2028}', '\u{2029}']);
        if !ends_statement {
            return false;
        }
        if literal == "\"use server\"" || literal == "'use server'" {
            return true;
        }
        rest = after.strip_prefix(';').unwrap_or(after);
    }
}

/// Skips white space, line terminators and comments.
pub(crate) fn skip_trivia(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(comment) = trimmed.strip_prefix("//") {
            text = comment.find(['\n', '\r', '\u{2028}', '\u{2029}']).map_or("", |end| &comment[end..]);
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            text = comment.find("*/").map_or("", |end| &comment[end + 2..]);
        } else {
            return trimmed;
        }
    }
}

/// The byte length of the string literal at the start of `text`, quotes
/// included; `None` when it is not closed on its line.
fn string_literal_end(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' | '\r' => return None,
            c if c == quote => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prologue_text_has_use_server as has;
    use super::within_one_edit;

    #[test]
    fn one_edit() {
        for near in ["use sever", "use  server", "use servers", "Use server", "use server", "usе server", "use serve"]
        {
            assert!(within_one_edit(near, "use server"), "{near}");
        }
        for far in ["use svr", "use action", "use server is fine", "", "use  servers"] {
            assert!(!within_one_edit(far, "use server"), "{far}");
        }
    }

    #[test]
    fn finds_the_directive_in_the_text_of_a_broken_module() {
        assert!(has("\"use server\";\nexport const x = ( ;"));
        assert!(has("#!/usr/bin/env node\n// c\n/* c */ 'use strict'; \"use server\"\nbroken("));
        assert!(has("\u{feff}\"use strict\"\n'use server'\n"));
        assert!(!has("\"use\\x20server\";"));
        assert!(!has("x; \"use server\";"));
        assert!(!has("\"use server\" + x;"));
        assert!(!has("(\"use server\");"));
        assert!(!has("\"unterminated\n\"use server\";"));
    }
}
