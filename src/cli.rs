//! Command-line arguments (clap derive). Parsing only validates; commands do the work.

/// The version with the shipped standards' name, version and size.
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{}\nembedded standards: {}",
            env!("CARGO_PKG_VERSION"),
            carecheck_shipped::DESCRIPTION
        )
    })
}

use carecheck_core::schema::KINDS;
use carecheck_report::Format;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

/// `--format` of a command that writes one of `formats` (their names and order come from
/// `carecheck_report::Format`): clap lists the names in help and completions, refuses any
/// other with its usual message, and hands the command a [`Format`].
#[derive(Clone)]
pub struct FormatParser(&'static [Format]);

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        let offered = self
            .0
            .iter()
            .map(|f| PossibleValue::new(f.name()).aliases(f.aliases().iter().copied()));
        let name = PossibleValuesParser::new(offered).parse_ref(cmd, arg, value)?;
        Format::named(&name, self.0).ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|f| PossibleValue::new(f.name()))))
    }
}

/// The provider kinds as a reader says them: `childrens_home, ... or supported_accommodation`.
fn kinds_or() -> String {
    match KINDS.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => KINDS.join(", "),
    }
}

/// The help of a `--format FORMAT[:PATH]` that `check` repeats.
fn check_format_help() -> String {
    format!(
        "Output format, optionally to a file: {} (e.g. --format html:report.html). Repeatable",
        Format::names(Format::CHECK).join(", ")
    )
}

/// The help of `compare`'s `--format`.
fn compare_format_help() -> String {
    format!(
        "{}, optionally to a file (html:compare.html); repeatable, each to its own file [default: human]",
        Format::names_or(Format::COMPARE)
    )
}

/// carecheck: check children's care providers' self-assessments against the universal
/// care standards.
#[derive(Debug, Parser)]
#[command(
    name = "carecheck",
    version,
    long_version = long_version(),
    about = "Check children's care providers' self-assessments against executable universal care standards",
    after_help = "Examples:\n  carecheck check examples/                 check every .yaml file under examples/\n  carecheck check home.yaml --format json   the JSON report\n  carecheck check - < home.yaml             read standard input\n  carecheck standards list                  the shipped standards\n  carecheck explain LR-001                  what a standard requires and why\n  carecheck standards lint my-draft/        check a draft set (for CI)\n  carecheck init --kind childrens_home      a template to fill in\n  carecheck my-home.yaml                    check it, and open the HTML report written beside it\n\nExit codes: 0 no finding reached --fail-on; 1 at least one did; 2 the run could not be trusted (bad flag, bad standards, unreadable or invalid input file)."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check self-assessment files (directories are walked; `-` reads standard input).
    #[command(
        after_help = "Examples:\n  carecheck check home.yaml                        a manager's own check\n  carecheck check home.yaml --fix                  put right the slips whose fix is certain\n  carecheck check home.yaml --as-of 2026-12-01     as an inspector arriving on that day\n  carecheck check submissions/ --format none --summary --statistics\n                                                   a batch: one row per file, one per standard\n  carecheck check submissions/ --format json:report.json --format html:report.html\n  carecheck check home.yaml --baseline last.json   what changed since last.json\n\nExit codes: 0 every file was read and no finding reached --fail-on; 1 at least one failed finding did; 2 the run could not be trusted (a bad flag, bad standards, or an input file that could not be read or parsed or held values that are not valid; the other files are still checked and reported). Not-reported and waived findings never set 1."
    )]
    Check(Box<CheckArgs>),
    /// List, lint, document or compare standards sets.
    #[command(subcommand)]
    Standards(StandardsCommand),
    /// Explain a standard, a test or a parameter: requirement, rationale, citation, fields, examples.
    Explain(ExplainArgs),
    /// Print the JSON Schema of the self-assessment format, for editors (`--paths`: every
    /// field path with its type, allowed words and the standards that read it).
    Schema(SchemaArgs),
    /// Print shell completions: bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Write the manual page (roff) to standard output or a file.
    Man(ManArgs),
    /// Write a commented self-assessment template for a provider kind.
    Init(InitArgs),
    /// Compare two self-assessments of one provider (or two folders, matched by URN):
    /// what was fixed, what is new, what is still open, by test.
    Compare(CompareArgs),
    /// Convert a self-assessment between a workbook (.xlsx, .ods) and a YAML file, keeping
    /// every value.
    #[command(
        after_help = "Examples:\n  carecheck convert my-home.yaml --to xlsx      writes my-home.xlsx\n  carecheck convert my-home.xlsx --to yaml      writes my-home.yaml\n  carecheck convert my-home.ods --to yaml -o -  to standard output"
    )]
    Convert(ConvertArgs),
    /// The coverage map: every provision of the regime, the kinds of provider it binds, and
    /// whether carecheck checks it (and with which standards), plans to, cannot, or leaves it
    /// out, with the reason.
    #[command(
        after_help = "Examples:\n  carecheck coverage                                    every instrument, provision by provision\n  carecheck coverage --by kind --kind fostering_service what binds a fostering service\n  carecheck coverage --decision planned -f markdown     what is still to be written\n  carecheck coverage --by test -f json                  each standard and the provisions it checks\n\nHow to read it and how to add a provision: docs/coverage.md."
    )]
    Coverage(CoverageArgs),
}

/// `carecheck coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Group the table by instrument, by kind of provider, or by test.
    #[arg(long, default_value = "instrument", value_parser = ["instrument", "kind", "test"])]
    pub by: String,
    /// Only the provisions that bind this kind of provider (repeatable).
    #[arg(long, value_parser = PossibleValuesParser::new(KINDS.iter().copied()))]
    pub kind: Vec<String>,
    /// Only the provisions with this decision (repeatable).
    #[arg(long, value_parser = ["checked", "planned", "not_checkable", "out_of_scope"])]
    pub decision: Vec<String>,
    #[arg(long, short = 'f', default_value = "human", value_parser = FormatParser(Format::COVERAGE),
          help = Format::names_or(Format::COVERAGE))]
    pub format: Format,
    /// A standards directory (with its `coverage/` folder) to use instead of the shipped one.
    #[arg(long, value_name = "DIR")]
    pub standards: Option<String>,
}

/// `carecheck convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The self-assessment to convert (.yaml, .yml, .xlsx, .xlsm or .ods).
    pub file: String,
    /// What to write: xlsx (a workbook) or yaml.
    #[arg(long, value_parser = ["xlsx", "yaml"])]
    pub to: String,
    /// Where to write (default: the file's name with the new extension; `-` for standard
    /// output, YAML only). Never overwrites a file.
    #[arg(long, short = 'o')]
    pub output: Option<String>,
}

/// `carecheck schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Instead of the JSON Schema, list every field path with its type, allowed words and the
    /// standards that read it.
    #[arg(long)]
    pub paths: bool,
}

/// `carecheck completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    #[arg(value_parser = ["bash", "zsh", "fish", "elvish", "powershell"])]
    pub shell: String,
}

/// `carecheck man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write here instead of standard output (e.g. carecheck.1).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
}

/// `carecheck compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier self-assessment (a file or a folder).
    pub old: String,
    /// The later self-assessment (a file or a folder).
    pub new: String,
    /// Which standards and parameters.
    #[command(flatten)]
    pub set: SetArgs,
    #[arg(long, short = 'f', value_name = "FORMAT[:PATH]", help = compare_format_help())]
    pub format: Vec<String>,
}

/// Where the standards come from, and how their parameters are set.
#[derive(Debug, Args, Clone, Default)]
pub struct SetArgs {
    /// A standards directory to use instead of the shipped (embedded) standards.
    #[arg(long, value_name = "DIR")]
    pub standards: Option<String>,
    /// Override a parameter, e.g. --param notify_without_delay_hours=12 (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// A TOML file whose [parameters] table overrides parameters.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
}

/// `carecheck check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    /// Which standards and parameters.
    #[command(flatten)]
    pub set: SetArgs,
    #[arg(long = "format", short = 'f', value_name = "FORMAT[:PATH]", help = check_format_help())]
    pub formats: Vec<String>,
    /// The lowest severity of a failed finding that makes the exit code 1.
    #[arg(long, value_name = "LEVEL", default_value = "error", value_parser = ["error", "warning", "info", "never"])]
    pub fail_on: String,
    /// Only these standard ids, id prefixes (CARE-) or test ids (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub select: Vec<String>,
    /// Skip these standard ids, id prefixes or test ids.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub ignore: Vec<String>,
    /// Compute every date rule at this date (YYYY-MM-DD) instead of each file's assessment.as_of.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// After the findings, a table with one row per file.
    #[arg(long)]
    pub summary: bool,
    /// After the findings, a table with one row per standard: records and providers, and the
    /// share of providers failing.
    #[arg(long)]
    pub statistics: bool,
    /// Sort the --statistics table by the share of providers failing, highest first.
    #[arg(long, requires = "statistics")]
    pub sort_by_share: bool,
    /// The --summary and --statistics tables as CSV (for a spreadsheet) instead of boxes.
    #[arg(long)]
    pub tables_csv: bool,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Show only findings that reach --fail-on, and no tally.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Turn off the personal-data guard (names, dates of birth, postcodes...). The report says it was off.
    #[arg(long)]
    pub allow_personal_data: bool,
    /// A previous JSON report: every finding is marked new or persisting, and the ones gone
    /// are listed as resolved. Files are matched by provider URN, else by path.
    #[arg(long, value_name = "PREVIOUS.json")]
    pub baseline: Option<String>,
    /// With --baseline: only new findings can make the exit code 1 (known, accepted debt does not).
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
    /// Fail a file (an `incomplete` error) when fewer than this per cent of the checks that
    /// apply to it could be made (the rest are not reported).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_completeness: Option<u8>,
    /// Only files of these provider kinds (comma-separated or repeated); the others are skipped and counted.
    #[arg(long, value_delimiter = ',', value_name = "KIND", value_parser = PossibleValuesParser::new(KINDS.iter().copied()))]
    pub kind: Vec<String>,
    /// Skip files and folders whose path matches this glob (`*`, `?`, `**`); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Put right, in place, every slip whose fix is certain (a date written 03/07/2026, `yes`
    /// for true, a misspelt field name with one close match), keeping every other byte, and
    /// print what changed. Guesses are listed, never applied.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show what --fix would change, as a unified diff, without writing (exit 1 when there is
    /// something to change).
    #[arg(long)]
    pub diff: bool,
}

/// `carecheck standards ...`.
#[derive(Debug, Subcommand)]
pub enum StandardsCommand {
    /// A table of the standards (or JSON with --format json).
    List(ListArgs),
    /// Check a standards draft for CI: every problem with file:line:col, then every example run.
    Lint(LintArgs),
    /// Write a Markdown reference of a set: each test, each standard, a coverage matrix.
    Doc(DocArgs),
    /// What a change to the standards does: standards added, removed, changed, and the findings
    /// that appear or disappear on the given self-assessments.
    Diff(DiffArgs),
}

/// `carecheck standards doc`.
#[derive(Debug, Args)]
pub struct DocArgs {
    /// The standards directory (default: the embedded, shipped set).
    pub dir: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE.md")]
    pub output: Option<String>,
}

/// `carecheck standards diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The standards as they are.
    pub old: String,
    /// The draft.
    pub new: String,
    /// Self-assessments to run both sets on.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Compute date rules at this date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// After the per-standard totals, every finding that would appear or disappear.
    #[arg(long)]
    pub lines: bool,
    #[arg(long, short = 'f', default_value = "text", value_parser = FormatParser(Format::DIFF),
          help = format!("{} (for a pull-request comment)", Format::names_or(Format::DIFF)))]
    pub format: Format,
}

/// `carecheck standards lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// The standards directory to check.
    #[arg(default_value = "standards")]
    pub dir: String,
    #[arg(long, short = 'f', default_value = "human", value_parser = FormatParser(Format::LINT),
          help = Format::names_or(Format::LINT))]
    pub format: Format,
    /// The lowest severity that makes the exit code 1: error (default), warning, or never.
    #[arg(long, value_name = "LEVEL", default_value = "error", value_parser = ["error", "warning", "never"])]
    pub fail_on: String,
}

/// `carecheck standards list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which standards and parameters.
    #[command(flatten)]
    pub set: SetArgs,
    #[arg(long, short = 'f', default_value = "table", value_parser = FormatParser(Format::LIST),
          help = Format::names_or(Format::LIST))]
    pub format: Format,
    /// List the parameters instead of the standards.
    #[arg(long)]
    pub params: bool,
}

/// `carecheck explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A standard id (LR-001), a test id (least-restrictive) or a parameter name.
    pub id: String,
    /// Which standards and parameters.
    #[command(flatten)]
    pub set: SetArgs,
}

/// `carecheck init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long, help = kinds_or())]
    pub kind: String,
    /// How many child records to write.
    #[arg(long, default_value_t = 1)]
    pub children: usize,
    /// How many foster household records to write (fostering services: H-01, H-02, ...).
    #[arg(long, default_value_t = 1)]
    pub households: usize,
    /// How many staff records to write (S-01, S-02, ...); 0 writes an example entry to copy.
    #[arg(long, default_value_t = 0)]
    pub staff: usize,
    /// yaml (a commented text file) or xlsx (a workbook with dropdowns and notes; needs
    /// --output).
    #[arg(long, value_parser = ["yaml", "xlsx"], default_value = "yaml")]
    pub format: String,
    /// Write to this file instead of standard output (refuses to overwrite).
    #[arg(long, short = 'o')]
    pub output: Option<String>,
    /// The template's assessment.as_of (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    #[test]
    fn arguments_are_consistent() {
        super::Cli::command().debug_assert();
    }

    /// Every command's `--format` offers exactly the formats `carecheck_report::Format` says
    /// it writes, in that order, and hands back the one named.
    #[test]
    fn format_flags_offer_the_report_crates_lists() {
        use carecheck_report::Format;
        let cmd = super::Cli::command();
        for (path, list) in [
            (&["coverage"][..], Format::COVERAGE),
            (&["standards", "lint"][..], Format::LINT),
            (&["standards", "diff"][..], Format::DIFF),
            (&["standards", "list"][..], Format::LIST),
        ] {
            let mut c = &cmd;
            for p in path {
                c = c.find_subcommand(p).expect("the subcommand");
            }
            let offered: Vec<String> = c
                .get_arguments()
                .find(|a| a.get_id() == "format")
                .map(|a| {
                    a.get_possible_values()
                        .iter()
                        .map(|v| v.get_name().to_string())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(offered, Format::names(list), "{path:?}");
        }
        let parsed = super::Cli::try_parse_from(["carecheck", "standards", "lint", "-f", "sarif"]).expect("parses");
        let super::Command::Standards(super::StandardsCommand::Lint(a)) = parsed.command else {
            panic!("not lint")
        };
        assert_eq!(a.format, Format::Sarif);
        // an alias is the format's, whichever command writes it (`check` and `compare` read
        // theirs in src/commands through the same `Format::named`)
        for (args, command) in [
            (&["standards", "diff", "a", "b", "-f", "md"][..], "diff"),
            (&["coverage", "-f", "md"][..], "coverage"),
        ] {
            let parsed = super::Cli::try_parse_from(std::iter::once(&"carecheck").chain(args)).expect("parses");
            let format = match parsed.command {
                super::Command::Standards(super::StandardsCommand::Diff(a)) => a.format,
                super::Command::Coverage(a) => a.format,
                _ => panic!("not {command}"),
            };
            assert_eq!(format, Format::Markdown, "{command}");
        }
        assert!(super::Cli::try_parse_from(["carecheck", "standards", "lint", "-f", "md"]).is_err());
    }

    /// `coverage --kind` and `--decision` list their words for clap; they must be the format's.
    #[test]
    fn coverage_filters_offer_the_formats_words() {
        let cmd = super::Cli::command();
        let cov = cmd.find_subcommand("coverage").expect("the coverage command");
        let words = |name: &str| -> Vec<String> {
            cov.get_arguments()
                .find(|a| a.get_id() == name)
                .map(|a| {
                    a.get_possible_values()
                        .iter()
                        .map(|v| v.get_name().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(words("kind"), carecheck_core::schema::KINDS);
        assert_eq!(words("decision"), carecheck_core::coverage::DECISIONS);
    }
}
