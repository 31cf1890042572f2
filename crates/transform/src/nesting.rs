//! An upper estimate of how deeply a module nests, from one pass over its
//! bytes, for inputs too large to size the stack by their length alone.
//!
//! Parsing, visiting and dropping recurse once per level of brackets
//! (`(`, `[`, `{`, `${`) and once per operator or keyword of an expression
//! chain (`!!!x`, `a ? b : c ? …`, `x => y => …`, `new new …`). The estimate
//! counts both: the bracket depth plus, at every open bracket level, the
//! operators and nesting keywords since that level's last `;` or `,`, and
//! every `else` of the level (an `else if` chain nests across statements).
//! Comments, strings, template text and regular expressions are skipped so
//! that their brackets do not count.

/// Keywords that open a nested expression or statement.
const NESTING_KEYWORDS: [&[u8]; 17] = [
    b"new",
    b"typeof",
    b"void",
    b"delete",
    b"await",
    b"yield",
    b"if",
    b"for",
    b"while",
    b"do",
    b"return",
    b"throw",
    b"case",
    b"async",
    b"function",
    b"class",
    b"extends",
];

/// What a closing `}` ends.
#[derive(PartialEq, Eq)]
enum Level {
    Bracket,
    /// `${ … }` inside a template literal.
    Substitution,
}

struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
    /// Each open level, with the run and the `else` count of the level outside it.
    levels: Vec<(Level, usize, usize)>,
    /// Operators since the current level's last `;` or `,`.
    run: usize,
    /// `else`s in the current level.
    elses: usize,
    /// Depth plus every level's run: the estimate at this point.
    total: usize,
    max: usize,
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$' || byte >= 0x80
}

/// The estimate, or the first value past `limit` when the text goes deeper.
pub(crate) fn nesting_estimate(text: &[u8], limit: usize) -> usize {
    let mut scanner = Scanner { text, at: 0, levels: Vec::new(), run: 0, elses: 0, total: 0, max: 0 };
    // The last significant byte, to tell a regular expression from a division.
    let mut previous = b'(';
    while scanner.at < text.len() && scanner.max <= limit {
        let byte = text[scanner.at];
        match byte {
            b'/' if text.get(scanner.at + 1) == Some(&b'/') => {
                scanner.at = memchr::memchr(b'\n', &text[scanner.at..]).map_or(text.len(), |i| scanner.at + i);
                continue;
            }
            b'/' if text.get(scanner.at + 1) == Some(&b'*') => {
                scanner.at =
                    memchr::memmem::find(&text[scanner.at + 2..], b"*/").map_or(text.len(), |i| scanner.at + i + 4);
                continue;
            }
            b'/' if b"(,=:[!&|?{};+-*%<>~^".contains(&previous) => scanner.skip_regex(),
            b'"' | b'\'' => scanner.skip_string(byte),
            b'`' => scanner.skip_template(),
            b'(' | b'[' | b'{' => scanner.open(Level::Bracket),
            b'}' if scanner.levels.last().is_some_and(|(level, ..)| *level == Level::Substitution) => {
                scanner.close();
                scanner.skip_template();
            }
            b')' | b']' | b'}' => scanner.close(),
            b';' | b',' => scanner.reset_run(),
            b'!' | b'~' | b'+' | b'-' | b'*' | b'%' | b'<' | b'>' | b'=' | b'&' | b'|' | b'^' | b'?' | b':' | b'.'
            | b'/' => scanner.operator(),
            byte if is_word(byte) => {
                let start = scanner.at;
                while scanner.at < text.len() && is_word(text[scanner.at]) {
                    scanner.at += 1;
                }
                let word = &text[start..scanner.at];
                if word == b"else" {
                    scanner.elses += 1;
                    scanner.total += 1;
                    scanner.note();
                } else if NESTING_KEYWORDS.contains(&word) {
                    scanner.operator();
                }
                previous = b'a';
                continue;
            }
            _ => {}
        }
        if !byte.is_ascii_whitespace() {
            previous = byte;
        }
        scanner.at += 1;
    }
    scanner.max
}

impl Scanner<'_> {
    fn note(&mut self) {
        self.max = self.max.max(self.total);
    }

    fn open(&mut self, level: Level) {
        self.levels.push((level, self.run, self.elses));
        self.run = 0;
        self.elses = 0;
        self.total += 1;
        self.note();
    }

    fn close(&mut self) {
        if let Some((_, outer_run, outer_elses)) = self.levels.pop() {
            self.total -= 1 + self.run + self.elses;
            self.run = outer_run;
            self.elses = outer_elses;
        }
    }

    fn operator(&mut self) {
        self.run += 1;
        self.total += 1;
        self.note();
    }

    fn reset_run(&mut self) {
        self.total -= self.run;
        self.run = 0;
    }

    /// From an opening quote to the byte after the closing one.
    fn skip_string(&mut self, quote: u8) {
        self.at += 1;
        while self.at < self.text.len() {
            match self.text[self.at] {
                b'\\' => self.at += 1,
                byte if byte == quote || byte == b'\n' => return,
                _ => {}
            }
            self.at += 1;
        }
    }

    /// From a backquote or the `}` of a substitution: template text up to
    /// the closing backquote, or into the next `${`, which opens a level.
    fn skip_template(&mut self) {
        self.at += 1;
        while self.at < self.text.len() {
            match self.text[self.at] {
                b'\\' => self.at += 1,
                b'`' => return,
                b'$' if self.text.get(self.at + 1) == Some(&b'{') => {
                    self.at += 1;
                    self.open(Level::Substitution);
                    return;
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    /// A regular expression literal, character classes included.
    fn skip_regex(&mut self) {
        self.at += 1;
        let mut in_class = false;
        while self.at < self.text.len() {
            match self.text[self.at] {
                b'\\' => self.at += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => return,
                b'\n' => return,
                _ => {}
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_brackets_and_chains() {
        let nesting_estimate = |text: &[u8]| super::nesting_estimate(text, usize::MAX);
        assert_eq!(nesting_estimate(b"x"), 0);
        assert!(nesting_estimate(&[b'('; 1000]) >= 1000);
        assert!(nesting_estimate("!".repeat(1000).as_bytes()) >= 1000);
        assert!(nesting_estimate("x => ".repeat(1000).as_bytes()) >= 1000);
        assert!(nesting_estimate("a ? b : ".repeat(1000).as_bytes()) >= 1000);
        assert!(nesting_estimate("if (a) x; else ".repeat(1000).as_bytes()) >= 1000);
        assert!(nesting_estimate("`${".repeat(1000).as_bytes()) >= 1000);
    }

    #[test]
    fn stops_past_the_limit() {
        assert_eq!(super::nesting_estimate(&[b'['; 1_000_000], 10), 11);
    }

    #[test]
    fn skips_what_holds_no_code() {
        let nesting_estimate = |text: &[u8]| super::nesting_estimate(text, usize::MAX);
        let quiet = "const a = \"((((\"; // ((((\n/* [[[[ */ const r = /[(]{2}\\(/; const t = `((( ${b} (((`;";
        assert!(nesting_estimate(quiet.as_bytes()) < 8, "{}", nesting_estimate(quiet.as_bytes()));
        // Statements end their runs: a long flat module stays shallow.
        let flat = "export const a = b + c;\n".repeat(10_000);
        assert!(nesting_estimate(flat.as_bytes()) < 8);
    }
}
