//! The output formats of every command, in one place: each format's name (as typed after
//! `--format`), what it is for (its doc comment), the file extension its pages take; and, per
//! command, the formats it writes. The command line reads its `--format` lists and help from here, so a
//! new format, or a format offered by one more command, is one edit.

/// An output format. Which commands write it is said by the per-command lists
/// ([`Format::CHECK`], [`Format::COMPARE`], ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a person at a terminal: miette diagnostics with snippets (`check`, `standards
    /// lint`), plain text (`compare`, `coverage`).
    Human,
    /// One line per finding.
    Concise,
    /// JSON for scripts (for `check`, the report of cli.md).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// JUnit XML for CI dashboards.
    Junit,
    /// Markdown for a pull-request comment or an email.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// One row per finding.
    Csv,
    /// Nothing per finding: the tally, `--summary` and `--statistics` only.
    None,
    /// Plain `diff`-style text (`standards diff`).
    Text,
    /// A table of the standards (`standards list`).
    Table,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: &'static [Format] = &[
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::None,
        Format::Text,
        Format::Table,
    ];
    /// What `check` writes.
    pub const CHECK: &'static [Format] = &[
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::None,
    ];
    /// What `compare` writes.
    pub const COMPARE: &'static [Format] = &[Format::Human, Format::Markdown, Format::Json, Format::Html];
    /// What `standards diff` writes.
    pub const DIFF: &'static [Format] = &[Format::Text, Format::Json, Format::Markdown];
    /// What `standards lint` writes.
    pub const LINT: &'static [Format] = &[Format::Human, Format::Json, Format::Sarif, Format::Github];
    /// What `coverage` writes.
    pub const COVERAGE: &'static [Format] = &[Format::Human, Format::Markdown, Format::Json];
    /// What `standards list` writes.
    pub const LIST: &'static [Format] = &[Format::Table, Format::Json];

    /// Its name, as typed after `--format`.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::None => "none",
            Format::Text => "text",
            Format::Table => "table",
        }
    }

    /// The extension of a file in this format (without the dot), as a batch's pages take
    /// it (`none`, which writes nothing, has the plain-text one).
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Human | Format::Concise | Format::Github | Format::Text | Format::Table | Format::None => "txt",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "xml",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }

    /// The other names it answers to after `--format`: `md` for `markdown`, the short name
    /// `check` has always accepted. They belong to the format, not to a command, so every
    /// command that writes the format accepts them; help and completions show only
    /// [`Format::name`].
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["md"],
            _ => &[],
        }
    }

    /// The format of this name, or of one of its [aliases](Format::aliases), among `allowed`.
    pub fn named(name: &str, allowed: &[Format]) -> Option<Format> {
        allowed
            .iter()
            .copied()
            .find(|f| f.name() == name || f.aliases().contains(&name))
    }

    /// A `check` format from its name or an alias.
    pub fn parse(name: &str) -> Option<Format> {
        Format::named(name, Format::CHECK)
    }

    /// The names of `formats`, in order.
    pub fn names(formats: &[Format]) -> Vec<&'static str> {
        formats.iter().map(|f| f.name()).collect()
    }

    /// The names of `formats` as a reader says them: `human, json, sarif or github`.
    pub fn names_or(formats: &[Format]) -> String {
        match Format::names(formats).split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_command_offers_known_formats_once() {
        for list in [
            Format::CHECK,
            Format::COMPARE,
            Format::DIFF,
            Format::LINT,
            Format::COVERAGE,
            Format::LIST,
        ] {
            let mut names = Format::names(list);
            assert!(list.iter().all(|f| Format::ALL.contains(f)));
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len(), "{list:?}");
        }
    }

    #[test]
    fn names_round_trip_and_are_distinct() {
        for f in Format::ALL {
            assert_eq!(Format::named(f.name(), Format::ALL), Some(*f));
        }
        assert_eq!(Format::parse("md"), Some(Format::Markdown));
        assert_eq!(Format::parse("text"), None, "text is standards diff's, not check's");
    }

    /// An alias is the format's, so every command that writes the format takes it, and no
    /// command that does not write it does; no alias is another format's name or alias.
    #[test]
    fn aliases_are_accepted_by_every_command_that_writes_the_format() {
        for list in [
            Format::CHECK,
            Format::COMPARE,
            Format::DIFF,
            Format::LINT,
            Format::COVERAGE,
            Format::LIST,
        ] {
            for f in Format::ALL {
                for alias in f.aliases() {
                    let expected = list.contains(f).then_some(*f);
                    assert_eq!(Format::named(alias, list), expected, "{alias} in {list:?}");
                }
            }
        }
        assert_eq!(Format::named("md", Format::COMPARE), Some(Format::Markdown));
        assert_eq!(Format::named("md", Format::DIFF), Some(Format::Markdown));
        assert_eq!(Format::named("md", Format::COVERAGE), Some(Format::Markdown));
        assert_eq!(Format::named("md", Format::LINT), None);
        let mut all: Vec<&str> = Format::ALL
            .iter()
            .flat_map(|f| std::iter::once(f.name()).chain(f.aliases().iter().copied()))
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "a name or alias used twice");
    }

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(Format::names_or(Format::LINT), "human, json, sarif or github");
        assert_eq!(Format::names_or(Format::LIST), "table or json");
        assert_eq!(Format::names_or(&[Format::Json]), "json");
        assert_eq!(Format::names_or(&[]), "");
    }
}
