//! Reading a workbook (xlsx or ods) into the spanned tree the YAML reader gives, so the
//! loader, the personal-data guard and the standards see no difference.
//!
//! Every cell read becomes one line of a text made for the purpose:
//!
//! ```text
//! Children!F4  row 4 (C-02)  'Placement: start date' = 2024-02-01
//! ```
//!
//! and the tree's spans point into that text. The human report shows the line as its
//! snippet, and each line's [`Place`] tells every other report the sheet, the row, the
//! record's ref, the header and the cell.

use std::io::Cursor;

use calamine::{Data, Reader as _, SheetVisible};
use carecheck_core::check::{Converted, Place};
use carecheck_core::node::{did_you_mean, Key, Node, NodeKind, Problem};
use carecheck_core::schema::Ty;
use carecheck_core::source::{SourceFile, Span};

use crate::layout::{ColKind, Column, Layout, SheetKind, ABOUT, LISTED, NONE, PROVIDER, WORDS};

/// Whether a path names a workbook this crate reads, by its extension.
pub fn is_workbook(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".ods"].iter().any(|e| lower.ends_with(e))
}

/// The [`carecheck_core::check::Reader`] for workbooks: `None` for any other file.
pub fn read_for_check(path: &str, bytes: &[u8]) -> Option<Result<Converted, Problem>> {
    is_workbook(path).then(|| read(path, bytes))
}

/// A column letter from a 0-based index: 0 -> A, 27 -> AB.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The text and places being made.
struct Text {
    s: String,
    places: Vec<Place>,
}

impl Text {
    /// One line for a cell; returns the spans of the header and of the value.
    fn cell(
        &mut self,
        sheet: &str,
        row: u32,
        col: u32,
        record: Option<&str>,
        header: &str,
        value: &str,
    ) -> (Span, Span) {
        use std::fmt::Write as _;
        // written piece by piece: a workbook of 100 children has thousands of cells, and a
        // format! per piece was a third of reading one
        let start = self.s.len();
        let record = record.filter(|r| !r.is_empty());
        let mut cell = column_letters(col);
        let _ = write!(cell, "{}", row + 1);
        let mut text = String::with_capacity(sheet.len() + header.len() + cell.len() + 32);
        text.push_str(sheet);
        let _ = write!(text, ", row {}", row + 1);
        if let Some(r) = record {
            text.push_str(" (");
            text.push_str(r);
            text.push(')');
        }
        text.push_str(", '");
        text.push_str(header);
        text.push_str("', cell ");
        text.push_str(&cell);
        self.places.push(Place {
            start: start as u32,
            row: row as usize + 1,
            column: col as usize + 1,
            text,
        });
        self.s.push_str(sheet);
        self.s.push('!');
        self.s.push_str(&cell);
        let _ = write!(self.s, "  row {}", row + 1);
        if let Some(r) = record {
            self.s.push_str(" (");
            self.s.push_str(r);
            self.s.push(')');
        }
        self.s.push_str("  ");
        let h0 = self.s.len();
        // the header as written, made one line
        self.s.push('\'');
        push_one_line(&mut self.s, header);
        self.s.push('\'');
        let h1 = self.s.len();
        self.s.push_str(" = ");
        let v0 = self.s.len();
        push_one_line(&mut self.s, value);
        let v1 = self.s.len();
        self.s.push('\n');
        (Span::new(h0, h1), Span::new(v0, v1))
    }

    /// A line about a sheet or the file as a whole.
    fn note(&mut self, sheet: &str, row: u32, col: u32, place: String, line: &str) -> Span {
        let start = self.s.len();
        self.places.push(Place {
            start: start as u32,
            row: row as usize + 1,
            column: col as usize + 1,
            text: place,
        });
        self.s
            .push_str(&format!("{sheet}!{}{}  ", column_letters(col), row + 1));
        let v0 = self.s.len();
        self.s.push_str(&one_line(line));
        let v1 = self.s.len();
        self.s.push('\n');
        Span::new(v0, v1)
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// `s` made one line, added to `out` without a string of its own.
fn push_one_line(out: &mut String, s: &str) {
    if s.contains(['\n', '\r']) {
        out.push_str(&one_line(s));
    } else {
        out.push_str(s);
    }
}

/// A cell's value as text, for the line of the made-up text.
fn shown(d: &Data) -> String {
    match d {
        Data::Empty => "(blank)".into(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_datetime(dt.as_f64(), true).unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// An Excel serial date-time as `YYYY-MM-DD` (midnight, and `date_only`) or
/// `YYYY-MM-DD HH:MM[:SS]`.
fn excel_datetime(serial: f64, date_only: bool) -> Option<String> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // whole milliseconds, rounded as Excel keeps them
    let ms = (serial * 86_400_000.0).round() as i64;
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000) / 1000;
    // serial 25569 is 1970-01-01 (Excel's 1900 system, past its 1900 leap-year slip)
    let date = carecheck_core::dates::Date((days - 25_569) as i32);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    Some(if date_only && rest == 0 {
        date.to_string()
    } else if s == 0 {
        format!("{date} {h:02}:{m:02}")
    } else {
        format!("{date} {h:02}:{m:02}:{s:02}")
    })
}

/// An ISO date-time from an OpenDocument cell, written as the YAML form reads it.
fn iso_datetime(s: &str, date_only: bool) -> String {
    let s = s.trim();
    match s.split_once('T') {
        None => s.to_string(),
        Some((d, t)) => {
            let t = t.trim_end_matches('Z');
            let t = t.split('.').next().unwrap_or(t);
            if date_only && t.trim_start_matches(['0', ':']).is_empty() {
                d.to_string()
            } else {
                format!("{d} {}", t.strip_suffix(":00").unwrap_or(t))
            }
        }
    }
}

/// A cell that shows a spreadsheet error (`#DIV/0!`, `#REF!`) where a value belongs: no
/// value can be read from it, and the person who filled it in is told how to put it right.
#[derive(Debug, Clone, PartialEq)]
struct SpreadsheetError(calamine::CellErrorType);

impl std::fmt::Display for SpreadsheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the cell shows the spreadsheet error {}, not a value: correct the formula or type the value",
            self.0
        )
    }
}

/// A cell's value as a node for a column of type `ty`: what a person meant, where that is
/// certain (a whole number typed in a text column is its digits; an Excel date is its
/// date), and otherwise what they wrote, so the loader reports it with its usual fix.
fn value_node(d: &Data, ty: Option<&Ty>, span: Span) -> Result<Node, SpreadsheetError> {
    let kind = match d {
        Data::Empty => NodeKind::Null,
        Data::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                NodeKind::Null
            } else if matches!(ty, Some(Ty::Bool)) && t.eq_ignore_ascii_case("true") {
                NodeKind::Bool(true)
            } else if matches!(ty, Some(Ty::Bool)) && t.eq_ignore_ascii_case("false") {
                NodeKind::Bool(false)
            } else {
                NodeKind::Str(t.to_string())
            }
        }
        Data::Float(f) => number(*f, ty),
        Data::Int(i) => number(*i as f64, ty),
        Data::Bool(b) => NodeKind::Bool(*b),
        Data::DateTime(dt) => {
            let date_only = !matches!(ty, Some(Ty::Timestamp));
            match excel_datetime(dt.as_f64(), date_only) {
                Some(s) if dt.is_datetime() => NodeKind::Str(s),
                _ => number(dt.as_f64(), ty),
            }
        }
        Data::DateTimeIso(s) => NodeKind::Str(iso_datetime(s, !matches!(ty, Some(Ty::Timestamp)))),
        Data::DurationIso(s) => NodeKind::Str(s.trim().to_string()),
        Data::Error(e) => return Err(SpreadsheetError(e.clone())),
    };
    Ok(Node { kind, span })
}

fn number(f: f64, ty: Option<&Ty>) -> NodeKind {
    let whole = f.fract() == 0.0 && f.abs() < 9.0e15;
    match ty {
        // digits typed in a text column (a URN, a ref) are text
        Some(Ty::Str | Ty::Ref(_) | Ty::Enum(_)) if whole => NodeKind::Str(format!("{}", f as i64)),
        Some(Ty::Str | Ty::Ref(_) | Ty::Enum(_)) => NodeKind::Str(f.to_string()),
        _ if whole => NodeKind::Int(f as i64),
        _ => NodeKind::Float(f),
    }
}

/// A mapping being built from columns with paths.
#[derive(Default)]
struct MapB {
    entries: Vec<(Key, Entry)>,
    span: Option<Span>,
}

enum Entry {
    Leaf(Node),
    Map(MapB),
}

impl MapB {
    fn widen(&mut self, s: Span) {
        self.span = Some(match self.span {
            None => s,
            Some(o) => Span::new(o.start.min(s.start) as usize, o.end.max(s.end) as usize),
        });
    }

    fn insert(&mut self, path: &[&str], key_span: Span, node: Node) {
        self.widen(key_span);
        self.widen(node.span);
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let pos = self.entries.iter().position(|(k, _)| k.name == *first);
        if rest.is_empty() {
            let e = (
                Key {
                    name: (*first).to_string(),
                    span: key_span,
                },
                Entry::Leaf(node),
            );
            match pos {
                Some(i) => self.entries[i] = e,
                None => self.entries.push(e),
            }
            return;
        }
        let i = match pos {
            Some(i) if matches!(self.entries[i].1, Entry::Map(_)) => i,
            _ => {
                self.entries.push((
                    Key {
                        name: (*first).to_string(),
                        span: key_span,
                    },
                    Entry::Map(MapB::default()),
                ));
                self.entries.len() - 1
            }
        };
        if let Entry::Map(m) = &mut self.entries[i].1 {
            m.insert(rest, key_span, node);
        }
    }

    /// The node; a blank cell is a field not written, and a mapping of nothing but blanks is
    /// left out, as the YAML file the workbook converts to leaves them out. (A YAML `null`
    /// and an absent field are not always read alike: a due date that is null is "not
    /// done", one left out "not reported"; a blank cell is the latter.)
    fn build(self) -> Option<Node> {
        let span = self.span.unwrap_or_default();
        let mut out = Vec::new();
        for (k, e) in self.entries {
            match e {
                Entry::Leaf(n) if n.kind == NodeKind::Null => {}
                Entry::Leaf(n) => out.push((k, n)),
                Entry::Map(m) => {
                    if let Some(n) = m.build() {
                        out.push((k, n));
                    }
                }
            }
        }
        if out.is_empty() {
            return None;
        }
        Some(Node {
            kind: NodeKind::Map(out),
            span,
        })
    }
}

/// One row of a records or values sheet, as read.
struct Row {
    /// The owning record's ref (lists inside a record).
    owner: Option<(String, Span, u32)>,
    /// The record (or value).
    node: MapB,
    /// For a values sheet: the value.
    value: Option<Node>,
    /// Presence columns: (sheet index, word, span, path).
    presence: Vec<(usize, String, Span, Vec<&'static str>)>,
    /// The record's ref, when it has one.
    reference: Option<String>,
}

struct Reader<'a> {
    layout: &'a Layout,
    text: Text,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Read a workbook's bytes.
pub fn read(path: &str, bytes: &[u8]) -> Result<Converted, Problem> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
        Problem::new(
            format!("`{path}` cannot be read as a workbook ({e})"),
            Span::new(0, 0),
        )
        .label("")
        .help("save it again from your spreadsheet program as an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)")
    })?;
    let layout = Layout::full();
    let mut r = Reader {
        layout,
        text: Text {
            s: String::new(),
            places: Vec::new(),
        },
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    // which sheet of the layout each sheet of the file is
    let meta: Vec<(String, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    let mut found: Vec<Option<calamine::Range<Data>>> = vec![None; layout.sheets.len()];
    let names: Vec<&str> = layout
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .chain([ABOUT, WORDS])
        .collect();
    for (name, visible) in &meta {
        let known = layout.sheet(name);
        let ours = known.is_some() || name.eq_ignore_ascii_case(ABOUT) || name.eq_ignore_ascii_case(WORDS);
        if !ours {
            let span = r.text.note(
                name,
                0,
                0,
                format!("sheet '{name}'"),
                &format!("sheet '{name}' is not a sheet of the carecheck workbook"),
            );
            let mut p = Problem::new(format!("sheet '{name}' is not a sheet of the carecheck workbook"), span)
                .label("unknown sheet")
                .field(format!("sheet:{name}"));
            p = match did_you_mean(name, names.iter().copied()) {
                Some(s) => p.help(format!(
                    "did you mean '{s}'? Rename the sheet to '{s}' so its rows are read"
                )),
                None => p.help(format!(
                    "the sheets are: {}; move the rows to one of them, or delete this sheet",
                    names.join(", ")
                )),
            };
            r.warnings.push(p);
            continue;
        }
        if *visible != SheetVisible::Visible {
            let span = r.text.note(
                name,
                0,
                0,
                format!("sheet '{name}'"),
                &format!("sheet '{name}' is hidden"),
            );
            r.errors.push(
                Problem::new(format!("sheet '{name}' is hidden; its rows were checked, but whoever reads the workbook cannot see them"), span)
                    .label("hidden sheet")
                    .field(format!("sheet:{name}"))
                    .help("unhide it (right-click a sheet tab, Unhide) so that whoever reads the workbook sees what was checked"),
            );
        }
        if let Some(i) = known {
            match wb.worksheet_range(name) {
                Ok(range) => found[i] = Some(range),
                Err(e) => {
                    return Err(Problem::new(
                        format!("`{path}`: sheet '{name}' cannot be read ({e})"),
                        Span::new(0, 0),
                    )
                    .label("")
                    .help("save the workbook again from your spreadsheet program"))
                }
            }
        }
    }
    if found[0].is_none() {
        return Err(Problem::new(
            format!("`{path}` has no sheet named '{PROVIDER}', so it is not a carecheck workbook"),
            Span::new(0, 0),
        )
        .label("")
        .help("start from `carecheck init --format xlsx`, or convert a YAML self-assessment with `carecheck convert FILE --to xlsx`"));
    }
    let node = r.tree(&found);
    let source = SourceFile::new(path, r.text.s);
    Ok(Converted {
        source,
        node,
        errors: r.errors,
        warnings: r.warnings,
        places: r.text.places,
    })
}

/// Header text compared as a person sees it: case, spaces and a trailing colon ignored.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(':')
        .to_lowercase()
}

fn cell_at(range: &calamine::Range<Data>, row: u32, col: u32) -> &Data {
    static EMPTY: Data = Data::Empty;
    range.get_value((row, col)).unwrap_or(&EMPTY)
}

impl Reader<'_> {
    /// The whole tree: the labelled sheet, then every list, bottom up.
    fn tree(&mut self, found: &[Option<calamine::Range<Data>>]) -> Node {
        let layout = self.layout;
        let mut root = MapB::default();
        let mut presence: Vec<(usize, String, Span, Vec<&'static str>)> = Vec::new();
        if let Some(range) = &found[0] {
            self.labelled(range, &mut root, &mut presence);
        }
        // rows of every list sheet, in layout order
        let mut rows: Vec<Vec<Row>> = Vec::with_capacity(layout.sheets.len());
        for (i, s) in layout.sheets.iter().enumerate() {
            rows.push(match (&found[i], s.kind) {
                (Some(range), SheetKind::Records | SheetKind::Values) => self.list_rows(i, range),
                _ => Vec::new(),
            });
        }
        // lists inside records go into their owners, deepest first (a sheet comes after its owner)
        let mut built: Vec<Option<Vec<Node>>> = vec![None; layout.sheets.len()];
        for i in (1..layout.sheets.len()).rev() {
            let sheet_rows = std::mem::take(&mut rows[i]);
            let sheet = &layout.sheets[i];
            match sheet.owner {
                None => {
                    let items: Vec<Node> = sheet_rows
                        .into_iter()
                        .filter_map(|row| self.finish_row(row, i))
                        .collect();
                    built[i] = Some(items);
                }
                Some(o) => {
                    // group by owner ref
                    let owner_refs: Vec<Option<String>> = rows[o].iter().map(|r| r.reference.clone()).collect();
                    let mut per_owner: Vec<Vec<Node>> = vec![Vec::new(); owner_refs.len()];
                    for row in sheet_rows {
                        let Some((owner, span, r)) = row.owner.clone() else {
                            continue;
                        };
                        match owner_refs.iter().position(|x| x.as_deref() == Some(owner.as_str())) {
                            Some(k) => {
                                if let Some(n) = self.finish_row(row, i) {
                                    per_owner[k].push(n);
                                }
                            }
                            None => {
                                let known: Vec<&str> = owner_refs.iter().flatten().map(String::as_str).collect();
                                let mut p = Problem::new(
                                    format!(
                                        "{}, row {}: no record with ref '{owner}' on sheet '{}', so this row belongs to nothing",
                                        sheet.name,
                                        r + 1,
                                        layout.sheets[o].name
                                    ),
                                    span,
                                )
                                .label("unknown ref")
                                .field(format!("{}.ref", layout.sheets[o].schema_path));
                                p = match did_you_mean(&owner, known.iter().copied()) {
                                    Some(s) => p.help(format!("did you mean '{s}'?")),
                                    None => p.help(format!(
                                        "write the ref of a record on sheet '{}' in column '{}'",
                                        layout.sheets[o].name, sheet.columns[0].header
                                    )),
                                };
                                self.errors.push(p);
                            }
                        }
                    }
                    // put each owner's list on the owner row
                    for (k, items) in per_owner.into_iter().enumerate() {
                        if items.is_empty() {
                            continue;
                        }
                        if let Some(owner_row) = rows[o].get_mut(k) {
                            let span = items[0].span;
                            let list = Node {
                                kind: NodeKind::Seq(items),
                                span,
                            };
                            owner_row.presence.push((i, "__items".into(), span, sheet.path.clone()));
                            // the items are carried as a node on the owner's map
                            let path = sheet.path.clone();
                            owner_row.node.insert(&path, span, list);
                        }
                    }
                }
            }
        }
        // top-level lists into the root, with the labelled sheet's presence words
        for (i, sheet) in layout.sheets.iter().enumerate().skip(1) {
            if sheet.owner.is_some() {
                continue;
            }
            let items = built[i].take().unwrap_or_default();
            let word = presence.iter().find(|p| p.0 == i).cloned();
            if let Some(list) = self.list_node(items, word, sheet, None) {
                let span = list.span;
                root.insert(&sheet.path, span, list);
            }
        }
        match root.build() {
            Some(n) => n,
            None => Node {
                kind: NodeKind::Map(Vec::new()),
                span: Span::new(0, 0),
            },
        }
    }

    /// The list node from its items and the presence word: rows listed are the list
    /// (`none` with rows is a contradiction), `none` alone is an empty list, a blank with
    /// no rows is not reported.
    fn list_node(
        &mut self,
        items: Vec<Node>,
        word: Option<(usize, String, Span, Vec<&'static str>)>,
        sheet: &crate::layout::Sheet,
        owner: Option<&str>,
    ) -> Option<Node> {
        let whose = owner.map(|o| format!(" for {o}")).unwrap_or_default();
        match (items.is_empty(), word) {
            (false, Some((_, w, span, _))) if w == NONE => {
                self.errors.push(
                    Problem::new(
                        format!(
                            "this says none, but sheet '{}' lists {} row(s){whose}",
                            sheet.name,
                            items.len()
                        ),
                        span,
                    )
                    .label("none, yet listed")
                    .field(sheet.schema_path.clone())
                    .help(format!("write {LISTED}, or delete the rows on sheet '{}'", sheet.name)),
                );
                let span = items[0].span;
                Some(Node {
                    kind: NodeKind::Seq(items),
                    span,
                })
            }
            (false, _) => {
                let span = items[0].span;
                Some(Node {
                    kind: NodeKind::Seq(items),
                    span,
                })
            }
            (true, Some((_, w, span, _))) if w == NONE => Some(Node {
                kind: NodeKind::Seq(Vec::new()),
                span,
            }),
            (true, Some((_, w, span, _))) if w == LISTED => {
                self.errors.push(
                    Problem::new(format!("this says listed, but sheet '{}' has no row{whose}", sheet.name), span)
                        .label("nothing listed")
                        .field(sheet.schema_path.clone())
                        .help(format!(
                            "add the rows on sheet '{}', write {NONE} if there are none, or leave it blank if it is not recorded",
                            sheet.name
                        )),
                );
                None
            }
            (true, Some((_, w, span, _))) if w.is_empty() => Some(Node {
                kind: NodeKind::Null,
                span,
            }),
            (true, Some((_, w, span, _))) => {
                self.errors.push(
                    Problem::new(format!("expected {NONE} or {LISTED}, found \"{w}\""), span)
                        .field(sheet.schema_path.clone())
                        .help(format!(
                            "write {NONE} when there are none, {LISTED} when they are on sheet '{}', or leave it blank when it is not recorded",
                            sheet.name
                        )),
                );
                None
            }
            (true, None) => None,
        }
    }

    /// A row's node, with its lists put in (the presence words checked against them).
    fn finish_row(&mut self, row: Row, sheet: usize) -> Option<Node> {
        let layout = self.layout;
        if layout.sheets[sheet].kind == SheetKind::Values {
            return row.value;
        }
        let mut node = row.node;
        // presence words without rows: none -> [], listed -> a problem
        let with_items: Vec<Vec<&'static str>> = row
            .presence
            .iter()
            .filter(|p| p.1 == "__items")
            .map(|p| p.3.clone())
            .collect();
        for (i, w, span, path) in row.presence.iter().filter(|p| p.1 != "__items") {
            let listed = with_items.contains(path);
            if listed {
                if w == NONE {
                    self.errors.push(
                        Problem::new(
                            format!(
                                "this says none, but sheet '{}' has rows for {}",
                                layout.sheets[*i].name,
                                row.reference.as_deref().unwrap_or("this record")
                            ),
                            *span,
                        )
                        .label("none, yet listed")
                        .field(layout.sheets[*i].schema_path.clone())
                        .help(format!(
                            "write {LISTED}, or delete those rows on sheet '{}'",
                            layout.sheets[*i].name
                        )),
                    );
                }
                continue;
            }
            let word = Some((*i, w.clone(), *span, path.clone()));
            if let Some(n) = self.list_node(Vec::new(), word, &layout.sheets[*i], row.reference.as_deref()) {
                node.insert(path, *span, n);
            }
        }
        node.build()
    }

    /// The labelled sheet: label in column A, value in column B.
    fn labelled(
        &mut self,
        range: &calamine::Range<Data>,
        root: &mut MapB,
        presence: &mut Vec<(usize, String, Span, Vec<&'static str>)>,
    ) {
        let sheet = &self.layout.sheets[0];
        let by_label: std::collections::HashMap<String, &Column> = sheet
            .columns
            .iter()
            .flat_map(|c| [(norm(&c.header), c), (norm(&c.path.join(".")), c)])
            .collect();
        let Some(end) = range.end() else {
            return;
        };
        let start = range.start().map_or(0, |s| s.0);
        let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for row in start.max(1)..=end.0 {
            let label = match cell_at(range, row, 0) {
                Data::String(s) => s.trim().to_string(),
                Data::Empty => String::new(),
                other => shown(other),
            };
            let value = cell_at(range, row, 1);
            if label.is_empty() {
                if !matches!(value, Data::Empty) {
                    let (_, vspan) = self.text.cell(PROVIDER, row, 1, None, "", &shown(value));
                    self.warnings.push(
                        Problem::new(
                            format!("{PROVIDER}, row {}: a value with no label in column A", row + 1),
                            vspan,
                        )
                        .label("no label")
                        .field(format!("{PROVIDER}!B{}", row + 1))
                        .help("write the field's label in column A, as the template has it, or delete the value"),
                    );
                }
                continue;
            }
            let Some(col) = by_label.get(&norm(&label)).copied() else {
                let (hspan, _) = self.text.cell(PROVIDER, row, 0, None, &label, &shown(value));
                let mut p = Problem::new(
                    format!("{PROVIDER}, row {}: '{label}' is not a label of this sheet", row + 1),
                    hspan,
                )
                .label("unknown field")
                .field(format!("{PROVIDER}:{label}"));
                p = match did_you_mean(&label, sheet.columns.iter().map(|c| c.header.as_str())) {
                    Some(s) => p.help(format!("did you mean '{s}'?")),
                    None => {
                        p.help("the labels are those the template writes in column A (`carecheck init --format xlsx`)")
                    }
                };
                self.warnings.push(p);
                continue;
            };
            let idx = sheet.columns.iter().position(|c| std::ptr::eq(c, col)).unwrap_or(0);
            let (hspan, vspan) = self.text.cell(PROVIDER, row, 1, None, &col.header, &shown(value));
            if !seen.insert(idx) {
                self.errors.push(
                    Problem::new(format!("'{}' is given twice on sheet '{PROVIDER}'", col.header), hspan)
                        .label("again")
                        .field(col.schema_path.clone())
                        .help("keep one row for it and delete the other"),
                );
                continue;
            }
            match &col.kind {
                ColKind::Presence(i) => presence.push((*i, presence_word(value), vspan, col.path.clone())),
                _ => match value_node(value, col.ty(), vspan) {
                    Ok(n) => root.insert(&col.path, hspan, n),
                    Err(m) => self
                        .errors
                        .push(Problem::new(m.to_string(), vspan).field(col.schema_path.clone())),
                },
            }
        }
    }

    /// The rows of a records or values sheet, each with its cells as nodes.
    fn list_rows(&mut self, index: usize, range: &calamine::Range<Data>) -> Vec<Row> {
        let sheet = &self.layout.sheets[index];
        let Some(end) = range.end() else {
            return Vec::new();
        };
        let (r0, _) = range.start().unwrap_or((0, 0));
        // the header row is the first row of the sheet
        let header_row = r0;
        let mut cols: Vec<(u32, &Column)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // each column's header and path as compared, made once (not once per header cell)
        let normed: Vec<(String, String)> = sheet
            .columns
            .iter()
            .map(|col| (norm(&col.header), norm(&col.path.join("."))))
            .collect();
        for c in 0..=end.1 {
            let h = match cell_at(range, header_row, c) {
                Data::Empty => continue,
                d => shown(d),
            };
            let h_norm = norm(&h);
            let found = sheet
                .columns
                .iter()
                .zip(&normed)
                .find(|(_, (header, path))| *header == h_norm || *path == h_norm)
                .map(|(col, _)| col);
            match found {
                Some(col) => {
                    if !seen.insert(col.header.clone()) {
                        let (hspan, _) = self.text.cell(&sheet.name, header_row, c, None, &h, "");
                        self.errors.push(
                            Problem::new(format!("column '{h}' is given twice on sheet '{}'", sheet.name), hspan)
                                .label("again")
                                .field(col.schema_path.clone())
                                .help("keep one column for it and delete the other"),
                        );
                        continue;
                    }
                    cols.push((c, col));
                }
                None => {
                    let (hspan, _) = self.text.cell(&sheet.name, header_row, c, None, &h, "(header)");
                    let mut p = Problem::new(
                        format!(
                            "{}, cell {}{}: '{h}' is not a column of this sheet",
                            sheet.name,
                            column_letters(c),
                            header_row + 1
                        ),
                        hspan,
                    )
                    .label("unknown column")
                    .field(format!("{}:{h}", sheet.name));
                    p = match did_you_mean(&h, sheet.columns.iter().map(|c| c.header.as_str())) {
                        Some(s) => p.help(format!("did you mean '{s}'? Correct the header so the column is read")),
                        None => p.help(format!(
                            "the columns of '{}' are those the template writes in its first row",
                            sheet.name
                        )),
                    };
                    self.warnings.push(p);
                }
            }
        }
        let ref_col = cols
            .iter()
            .find(|(_, c)| matches!(c.kind, ColKind::Field(f) if f.name == "ref"))
            .map(|(c, _)| *c);
        let owner_col = cols
            .iter()
            .find(|(_, c)| matches!(c.kind, ColKind::Owner))
            .map(|(c, _)| *c);
        let mut out = Vec::new();
        for row in header_row + 1..=end.0 {
            // a row of blank cells (as spreadsheets leave at the end) is no record
            if cols.iter().all(|(c, _)| match cell_at(range, row, *c) {
                Data::Empty => true,
                Data::String(s) => s.trim().is_empty(),
                _ => false,
            }) {
                continue;
            }
            let text_of = |c: Option<u32>| -> Option<String> {
                c.and_then(|c| match cell_at(range, row, c) {
                    Data::Empty => None,
                    d => Some(match value_node(d, Some(&Ty::Str), Span::default()) {
                        Ok(Node {
                            kind: NodeKind::Str(s), ..
                        }) => s,
                        _ => shown(d),
                    }),
                })
                .filter(|s| !s.trim().is_empty())
            };
            let reference = text_of(ref_col);
            let owner_ref = text_of(owner_col);
            let shown_ref = reference.clone().or_else(|| owner_ref.clone());
            let mut r = Row {
                owner: None,
                node: MapB::default(),
                value: None,
                presence: Vec::new(),
                reference: reference.clone(),
            };
            for (c, col) in &cols {
                let d = cell_at(range, row, *c);
                let (hspan, vspan) = self
                    .text
                    .cell(&sheet.name, row, *c, shown_ref.as_deref(), &col.header, &shown(d));
                match &col.kind {
                    ColKind::Owner => {
                        if let Some(o) = &owner_ref {
                            r.owner = Some((o.clone(), vspan, row));
                        }
                    }
                    ColKind::Presence(i) => r.presence.push((*i, presence_word(d), vspan, col.path.clone())),
                    ColKind::Value(ty) => match value_node(d, Some(ty), vspan) {
                        Ok(n) => r.value = Some(n),
                        Err(m) => self
                            .errors
                            .push(Problem::new(m.to_string(), vspan).field(col.schema_path.clone())),
                    },
                    ColKind::Field(f) => match value_node(d, Some(&f.ty), vspan) {
                        Ok(n) => r.node.insert(&col.path, hspan, n),
                        Err(m) => self
                            .errors
                            .push(Problem::new(m.to_string(), vspan).field(col.schema_path.clone())),
                    },
                }
            }
            if sheet.owner.is_some() && r.owner.is_none() {
                let owner = &self.layout.sheets[sheet.owner.unwrap_or(0)];
                let span = r.node.span.or(r.value.as_ref().map(|v| v.span)).unwrap_or_default();
                let span = match owner_col {
                    Some(c) => {
                        let header = cols
                            .iter()
                            .find(|(x, _)| *x == c)
                            .map(|(_, col)| col.header.clone())
                            .unwrap_or_default();
                        self.text.note(
                            &sheet.name,
                            row,
                            c,
                            format!(
                                "{}, row {}, '{header}', cell {}{}",
                                sheet.name,
                                row + 1,
                                column_letters(c),
                                row + 1
                            ),
                            &format!("'{header}' is blank"),
                        )
                    }
                    None => span,
                };
                self.errors.push(
                    Problem::new(
                        format!(
                            "{}, row {}: the row does not say which record of '{}' it belongs to",
                            sheet.name,
                            row + 1,
                            owner.name
                        ),
                        span,
                    )
                    .label("no ref")
                    .field(format!("{}.ref", owner.schema_path))
                    .help(format!(
                        "write the ref of a record on sheet '{}' (as in its 'Ref' column) in column '{}'",
                        owner.name,
                        sheet.columns.first().map_or("", |c| c.header.as_str())
                    )),
                );
                continue;
            }
            if ref_col.is_some() && reference.is_none() {
                // a record without its ref: the loader says what it needs; point at the ref cell
                let c = ref_col.unwrap_or(0);
                let span = self.text.note(
                    &sheet.name,
                    row,
                    c,
                    format!(
                        "{}, row {}, 'Ref', cell {}{}",
                        sheet.name,
                        row + 1,
                        column_letters(c),
                        row + 1
                    ),
                    "'Ref' is blank",
                );
                if self.layout.sheets.iter().any(|s| s.owner == Some(index)) || sheet.schema_path == "children" {
                    self.errors.push(
                        Problem::new(
                            format!("{}, row {}: this record has no ref, so nothing can refer to it", sheet.name, row + 1),
                            span,
                        )
                        .label("no ref")
                        .field(format!("{}.ref", sheet.schema_path))
                        .help("give every record a pseudonymous ref (C-01, S-01, H-01), unique on the sheet: never a name"),
                    );
                }
            }
            out.push(r);
        }
        out
    }
}

fn presence_word(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_ascii_lowercase(),
        other => shown(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell showing a formula's error is no value, whatever its column's type, and its
    /// message names the error and what to do.
    #[test]
    fn a_spreadsheet_error_is_no_value_and_says_so() {
        for ty in [None, Some(&Ty::Str), Some(&Ty::Date), Some(&Ty::Bool)] {
            let got = value_node(&Data::Error(calamine::CellErrorType::Div0), ty, Span::default());
            assert_eq!(
                got.as_ref().err(),
                Some(&SpreadsheetError(calamine::CellErrorType::Div0))
            );
            assert_eq!(
                got.err().map(|e| e.to_string()).as_deref(),
                Some(
                    "the cell shows the spreadsheet error #DIV/0!, not a value: correct the formula or type the value"
                )
            );
        }
        assert!(value_node(&Data::String("x".into()), Some(&Ty::Str), Span::default()).is_ok());
    }

    #[test]
    fn column_letters_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn excel_dates_read_as_written() {
        // 45323 is 2024-02-01 in Excel's 1900 system
        assert_eq!(excel_datetime(45323.0, true).as_deref(), Some("2024-02-01"));
        assert_eq!(excel_datetime(45323.0, false).as_deref(), Some("2024-02-01 00:00"));
        assert_eq!(excel_datetime(45323.875, false).as_deref(), Some("2024-02-01 21:00"));
        assert_eq!(iso_datetime("2024-02-01T21:30:00", false), "2024-02-01 21:30");
        assert_eq!(iso_datetime("2024-02-01T00:00:00", true), "2024-02-01");
    }
}
