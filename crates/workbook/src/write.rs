//! Writing a workbook: the blank template for one kind of provider, or a self-assessment's
//! values (from the YAML tree) for `carecheck convert`.

use std::collections::BTreeMap;

use carecheck_core::dates::Date;
use carecheck_core::node::{Node, NodeKind};
use carecheck_core::schema::{kind_in_words, Ty};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Formula, Note, Workbook, Worksheet, XlsxError};

use crate::layout::{words_of, ColKind, Column, Layout, SheetKind, ABOUT, LISTED, NONE, PROVIDER, WORDS};

/// Rows a template's dropdowns and formats reach (a home has far fewer records).
const ROWS: u32 = 2000;

/// Excel's serial number of 1970-01-01 (1900 date system).
const EPOCH_SERIAL: f64 = 25_569.0;

/// Why a workbook could not be written.
#[derive(Debug)]
pub struct WriteError(pub Vec<String>);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError(vec![format!("the workbook cannot be written: {e}")])
    }
}

/// What to write besides the layout.
pub struct Template<'a> {
    /// The provider kind.
    pub kind: &'a str,
    /// Blank child rows to write (refs C-01...).
    pub children: usize,
    /// Blank foster household rows (refs H-01...).
    pub households: usize,
    /// The as-of date written in.
    pub as_of: &'a str,
}

/// A date `YYYY-MM-DD` as Excel's serial number.
fn date_serial(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    let d = Date::parse(s)?;
    // only the canonical form, so that reading it back gives the same text
    (d.to_string() == s).then(|| f64::from(d.0) + EPOCH_SERIAL)
}

/// A local date-time `YYYY-MM-DD HH:MM[:SS]` as Excel's serial number.
fn datetime_serial(s: &str) -> Option<f64> {
    let (d, t) = s.trim().split_once(' ')?;
    let day = date_serial(d)?;
    let parts: Vec<&str> = t.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
    let (h, m, sec) = (n(0), n(1), n(2));
    if h > 23 || m > 59 || sec > 59 || (parts.len() == 3 && sec == 0) {
        // `21:30:00` would read back as `21:30`: kept as text to keep the text
        return None;
    }
    Some(day + (f64::from(h * 3600 + m * 60 + sec)) / 86_400.0)
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    wrap: Format,
    title: Format,
}

/// The note on a header: what the field records, the words it takes, which standards read it.
fn note_text(col: &Column, layout: &Layout, readers: &BTreeMap<String, Vec<String>>) -> String {
    let mut n = match &col.kind {
        ColKind::Field(f) => f.doc.to_string(),
        ColKind::Owner => "The ref of the record this row belongs to, exactly as on its own sheet.".into(),
        ColKind::Value(_) => "One value a row.".into(),
        ColKind::Presence(i) => format!(
            "{} Write {NONE} when there are none; {LISTED} when they are on sheet '{}' (one row each); leave it blank when it is not recorded.",
            layout.sheets[*i].doc,
            layout.sheets[*i].name
        ),
    };
    match col.ty() {
        Some(Ty::Bool) => n.push_str(" Words: true or false."),
        Some(Ty::Enum(w)) => n.push_str(&format!(" Words: {}.", w.join(", "))),
        Some(Ty::Date) => n.push_str(" A date (2026-05-14), or not_done if it never happened."),
        Some(Ty::Timestamp) => {
            n.push_str(" A date and time as a clock in England shows it (2026-07-04 21:30), or not_done.");
        }
        Some(Ty::Int { min, max }) if *max == i64::MAX => n.push_str(&format!(" A whole number, {min} or more.")),
        Some(Ty::Int { min, max }) => n.push_str(&format!(" A whole number from {min} to {max}.")),
        Some(Ty::Num) => n.push_str(" A number."),
        Some(Ty::Ref(list)) => n.push_str(&format!(" The ref of one of the {}.", words_of(list))),
        _ => {}
    }
    if let Some(ids) = readers.get(&col.schema_path) {
        n.push_str(&format!(" Read by: {}.", ids.join(", ")));
    }
    n
}

/// A column's width: the header's, within bounds.
fn width(col: &Column) -> f64 {
    (col.header.chars().count() as f64 + 2.0).clamp(10.0, 40.0)
}

/// The records of every sheet, from a tree: (owner ref, record) in order.
fn records<'n>(layout: &Layout, root: &'n Node, unplaced: &mut Vec<String>) -> Vec<Vec<(Option<String>, &'n Node)>> {
    let mut out: Vec<Vec<(Option<String>, &'n Node)>> = vec![Vec::new(); layout.sheets.len()];
    for (i, s) in layout.sheets.iter().enumerate().skip(1) {
        let owners: Vec<(Option<String>, &'n Node)> = match s.owner {
            None => vec![(None, root)],
            Some(o) => out[o]
                .iter()
                .map(|(_, rec)| (rec.get("ref").and_then(Node::as_str).map(str::to_string), *rec))
                .collect(),
        };
        for (owner_ref, owner) in owners {
            let Some(list) = get_path(owner, &s.path) else {
                continue;
            };
            if let NodeKind::Seq(items) = &list.kind {
                if s.owner.is_some() && owner_ref.is_none() && !items.is_empty() {
                    unplaced.push(format!(
                        "a record of `{}` has no ref, so its {} cannot be listed on sheet '{}': give it a ref first",
                        layout.sheets[s.owner.unwrap_or(0)].schema_path,
                        words_of(s.path.last().copied().unwrap_or("")),
                        s.name
                    ));
                    continue;
                }
                for item in items {
                    out[i].push((owner_ref.clone(), item));
                }
            }
        }
    }
    out
}

fn get_path<'n>(n: &'n Node, path: &[&str]) -> Option<&'n Node> {
    let mut cur = n;
    for p in path {
        cur = cur.get(p)?;
    }
    Some(cur)
}

/// Every key of a record (or of the root) that no column or sheet of the layout takes.
fn check_placed(node: &Node, prefix: &mut Vec<String>, known: &dyn Fn(&[String]) -> Placed, out: &mut Vec<String>) {
    let NodeKind::Map(entries) = &node.kind else {
        return;
    };
    for (k, v) in entries {
        prefix.push(k.name.clone());
        match known(prefix) {
            Placed::Column | Placed::List => {}
            Placed::Inner => check_placed(v, prefix, known, out),
            Placed::No => out.push(format!(
                "`{}` is not a field of the self-assessment format, so the workbook has no place for it: correct or remove it first",
                prefix.join(".")
            )),
        }
        prefix.pop();
    }
}

enum Placed {
    Column,
    List,
    Inner,
    No,
}

fn placed_in(columns: &[Column], path: &[String]) -> Placed {
    for c in columns {
        let cp: Vec<&str> = c.path.clone();
        if cp.len() == path.len() && cp.iter().zip(path).all(|(a, b)| *a == b) {
            return match c.kind {
                ColKind::Presence(_) => Placed::List,
                _ => Placed::Column,
            };
        }
        if cp.len() > path.len() && cp.iter().zip(path).all(|(a, b)| *a == b) {
            return Placed::Inner;
        }
    }
    Placed::No
}

/// A value's cell: an Excel date where the column holds dates and the text is one, a true
/// or false where it is one, a number where it is one, and otherwise the text as written
/// (so that a value the checker would refuse is kept, and refused again).
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    ty: Option<&Ty>,
    n: &Node,
    f: &Formats,
) -> Result<(), XlsxError> {
    match &n.kind {
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => {}
        NodeKind::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        NodeKind::Int(i) => match ty {
            Some(Ty::Str | Ty::Ref(_) | Ty::Enum(_)) => {
                ws.write_string(row, col, i.to_string())?;
            }
            _ => {
                ws.write_number(row, col, *i as f64)?;
            }
        },
        NodeKind::Float(x) => {
            ws.write_number(row, col, *x)?;
        }
        NodeKind::Str(s) => {
            match ty {
                Some(Ty::Date) => {
                    if let Some(v) = date_serial(s) {
                        ws.write_number_with_format(row, col, v, &f.date)?;
                        return Ok(());
                    }
                }
                Some(Ty::Timestamp) => {
                    if let Some(v) = datetime_serial(s) {
                        ws.write_number_with_format(row, col, v, &f.datetime)?;
                        return Ok(());
                    }
                }
                _ => {}
            }
            // text that a spreadsheet would take for something else stays text
            ws.write_string(row, col, s.as_str())?;
        }
    }
    Ok(())
}

/// Write a workbook with the layout, filled from `data` (a self-assessment tree) or, for a
/// template, with blank records.
fn write(
    layout: &Layout,
    readers: &BTreeMap<String, Vec<String>>,
    data: Option<&Node>,
    template: Option<&Template<'_>>,
) -> Result<Vec<u8>, WriteError> {
    let f = Formats {
        header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
    };
    let mut unplaced = Vec::new();
    let recs = match data {
        Some(root) => {
            check_placed(
                root,
                &mut Vec::new(),
                &|p| placed_in(&layout.sheets[0].columns, p),
                &mut unplaced,
            );
            records(layout, root, &mut unplaced)
        }
        None => vec![Vec::new(); layout.sheets.len()],
    };
    for (i, s) in layout.sheets.iter().enumerate() {
        if s.kind == SheetKind::Records {
            for (_, rec) in &recs[i] {
                check_placed(rec, &mut Vec::new(), &|p| placed_in(&s.columns, p), &mut unplaced);
            }
        }
    }
    if !unplaced.is_empty() {
        unplaced.sort();
        unplaced.dedup();
        return Err(WriteError(unplaced));
    }
    let mut wb = Workbook::new();
    about(&mut wb, layout, template, &f)?;
    // the words of every dropdown, for the lists too long to write in the dropdown itself
    let mut words_rows: Vec<(String, Vec<&'static str>)> = Vec::new();
    for s in &layout.sheets {
        for c in &s.columns {
            if let Some(w) = c.words() {
                if !words_rows.iter().any(|(_, x)| *x == w) {
                    words_rows.push((format!("{}: {}", s.name, c.header), w));
                }
            }
        }
    }
    let words_ref = |w: &[&'static str]| -> Option<String> {
        let i = words_rows.iter().position(|(_, x)| x == w)?;
        let col = crate::read::column_letters(i as u32);
        Some(format!("={WORDS}!${col}$2:${col}${}", w.len() + 1))
    };
    for (i, s) in layout.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        if s.kind == SheetKind::Labelled {
            labelled_sheet(ws, layout, readers, data, template, &f, &words_ref)?;
            continue;
        }
        for (c, col) in s.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, &col.header, &f.header)?;
            ws.insert_note(
                0,
                c,
                &Note::new(note_text(col, layout, readers))
                    .set_author("carecheck")
                    .set_width(360)
                    .set_height(200),
            )?;
            ws.set_column_width(c, width(col))?;
            match col.ty() {
                Some(Ty::Date) => {
                    ws.set_column_format(c, &f.date)?;
                }
                Some(Ty::Timestamp) => {
                    ws.set_column_format(c, &f.datetime)?;
                }
                _ => {}
            }
            if let Some(w) = col.words() {
                let dv = dropdown(&w, &words_ref)?;
                ws.add_data_validation(1, c, ROWS, c, &dv)?;
            }
        }
        ws.set_row_height(0, 45)?;
        ws.set_freeze_panes(1, 0)?;
        // the records
        let mut row = 1u32;
        for (owner, rec) in &recs[i] {
            for (c, col) in s.columns.iter().enumerate() {
                let c = c as u16;
                match &col.kind {
                    ColKind::Owner => {
                        if let Some(o) = owner {
                            ws.write_string(row, c, o.as_str())?;
                        }
                    }
                    ColKind::Value(t) => write_value(ws, row, c, Some(t), rec, &f)?,
                    ColKind::Field(fl) => {
                        if let Some(n) = get_path(rec, &col.path) {
                            write_value(ws, row, c, Some(&fl.ty), n, &f)?;
                        }
                    }
                    ColKind::Presence(_) => {
                        if let Some(NodeKind::Seq(items)) = get_path(rec, &col.path).map(|n| &n.kind) {
                            ws.write_string(row, c, if items.is_empty() { NONE } else { LISTED })?;
                        }
                    }
                }
            }
            row += 1;
        }
        // a template's blank records: children and households with refs to fill in
        if let Some(t) = template {
            let n = match s.schema_path.as_str() {
                "children" => t.children,
                "foster_carer_households" => t.households,
                _ => 0,
            };
            if let Some(rc) = s.ref_column() {
                for k in 0..n {
                    let r = carecheck_core::schema::numbered_ref(&s.schema_path, k + 1);
                    ws.write_string(row, rc as u16, r)?;
                    row += 1;
                }
            }
        }
    }
    // the words sheet
    let ws = wb.add_worksheet();
    ws.set_name(WORDS)?;
    for (i, (title, w)) in words_rows.iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, title, &f.header)?;
        ws.set_column_width(c, 28)?;
        for (r, word) in w.iter().enumerate() {
            ws.write_string(r as u32 + 1, c, *word)?;
        }
    }
    ws.set_row_height(0, 45)?;
    let _ = &f.wrap;
    Ok(wb.save_to_buffer()?)
}

/// A dropdown of the words; a list too long for Excel's 255 characters points at the Words
/// sheet instead.
fn dropdown(
    w: &[&'static str],
    words_ref: &dyn Fn(&[&'static str]) -> Option<String>,
) -> Result<DataValidation, XlsxError> {
    let base = DataValidation::new()
        .set_error_title("Not one of the words")?
        .set_error_message(format!("Choose one of: {}", short(w)))?;
    let joined: usize = w.iter().map(|x| x.len() + 1).sum();
    if joined < 250 {
        base.allow_list_strings(w)
    } else {
        match words_ref(w) {
            Some(r) => Ok(base.allow_list_formula(Formula::new(r))),
            None => base.allow_list_strings(&w[..1]),
        }
    }
}

fn short(w: &[&str]) -> String {
    let s = w.join(", ");
    if s.chars().count() > 200 {
        format!("{}... (see the Words sheet)", s.chars().take(180).collect::<String>())
    } else {
        s
    }
}

/// The labelled sheet: Field | Value | What to write.
fn labelled_sheet(
    ws: &mut Worksheet,
    layout: &Layout,
    readers: &BTreeMap<String, Vec<String>>,
    data: Option<&Node>,
    template: Option<&Template<'_>>,
    f: &Formats,
    words_ref: &dyn Fn(&[&'static str]) -> Option<String>,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Field", &f.header)?;
    ws.write_string_with_format(0, 1, "Value", &f.header)?;
    ws.write_string_with_format(0, 2, "What to write", &f.header)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 26)?;
    ws.set_column_width(2, 90)?;
    ws.set_freeze_panes(1, 0)?;
    for (r, col) in layout.sheets[0].columns.iter().enumerate() {
        let row = r as u32 + 1;
        let note = note_text(col, layout, readers);
        ws.write_string(row, 0, &col.header)?;
        ws.write_string(row, 2, &note)?;
        ws.insert_note(
            row,
            0,
            &Note::new(&note).set_author("carecheck").set_width(360).set_height(160),
        )?;
        match col.ty() {
            Some(Ty::Date) => {
                ws.set_cell_format(row, 1, &f.date)?;
            }
            Some(Ty::Timestamp) => {
                ws.set_cell_format(row, 1, &f.datetime)?;
            }
            _ => {}
        }
        if let Some(w) = col.words() {
            ws.add_data_validation(row, 1, row, 1, &dropdown(&w, words_ref)?)?;
        }
        let value = data.and_then(|d| get_path(d, &col.path));
        match (&col.kind, value) {
            (ColKind::Presence(_), Some(n)) => {
                if let NodeKind::Seq(items) = &n.kind {
                    ws.write_string(row, 1, if items.is_empty() { NONE } else { LISTED })?;
                }
            }
            (_, Some(n)) => write_value(ws, row, 1, col.ty(), n, f)?,
            (_, None) => {
                if let Some(t) = template {
                    match col.schema_path.as_str() {
                        "schema_version" => {
                            ws.write_number(row, 1, 1.0)?;
                        }
                        "provider.kind" => {
                            ws.write_string(row, 1, t.kind)?;
                        }
                        "assessment.as_of" => match date_serial(t.as_of) {
                            Some(v) => {
                                ws.write_number_with_format(row, 1, v, &f.date)?;
                            }
                            None => {
                                ws.write_string(row, 1, t.as_of)?;
                            }
                        },
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(())
}

/// The first sheet: what the workbook is, how to fill it in, how to check it.
fn about(wb: &mut Workbook, layout: &Layout, template: Option<&Template<'_>>, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(ABOUT)?;
    ws.set_column_width(0, 110)?;
    let what = match template {
        Some(t) => format!("Self-assessment of a {}", kind_in_words(t.kind)),
        None => "Self-assessment".to_string(),
    };
    let mut lines: Vec<String> = vec![
        format!("{what}, for carecheck"),
        String::new(),
        "What this is".into(),
        "A workbook to record what your service did, so that carecheck can check it against the universal care standards and the law. Each sheet is one kind of record; each row is one record; each column is one thing about it.".into(),
        String::new(),
        "How to fill it in".into(),
        format!("1. On the '{PROVIDER}' sheet, write one value a row in column B (the as-of date is the day every rule is judged at)."),
        "2. On each other sheet, write one record a row. Hover over a column's header to see what it records, the words it takes and which standards read it.".into(),
        "3. Refer to people by reference only (C-01 for a child, S-01 for a member of staff, H-01 for a foster household): never a name, date of birth, address, school or NHS number.".into(),
        "4. Dates are dates (2026-05-14); times are as a clock in England shows them (2026-07-04 21:30). Write not_done in a date cell when the thing never happened.".into(),
        "5. A blank cell means 'not recorded': it is listed as not reported, never as a breach. Write false when something is not so.".into(),
        format!("6. Lists inside a record (a child's moves, social worker visits, PEP reviews) go on their own sheet, one row each, with the record's ref in the first column. In the record's own column write {LISTED}, or {NONE} when there are none."),
        "7. Columns with a dropdown take only its words.".into(),
        String::new(),
        "How to check it".into(),
        "Save the workbook, then run:  carecheck check THIS_FILE.xlsx".into(),
        "Every finding names the sheet, the row, the record's ref, the column and the cell, e.g. Children, row 4 (C-02), 'Placement: start date', cell F4.".into(),
        "carecheck convert THIS_FILE.xlsx --to yaml writes the same self-assessment as a YAML text file, and back again.".into(),
        String::new(),
        "The sheets".into(),
    ];
    for s in &layout.sheets {
        lines.push(format!("{}: {}", s.name, s.doc));
    }
    lines.push(format!("{WORDS}: the words each dropdown takes."));
    for (r, l) in lines.iter().enumerate() {
        let r = r as u32;
        if r == 0 {
            ws.write_string_with_format(r, 0, l, &f.title)?;
        } else if matches!(
            l.as_str(),
            "What this is" | "How to fill it in" | "How to check it" | "The sheets"
        ) {
            ws.write_string_with_format(r, 0, l, &f.header)?;
        } else {
            ws.write_string_with_format(r, 0, l, &f.wrap)?;
        }
    }
    Ok(())
}

/// The blank template for one kind of provider.
pub fn template(t: &Template<'_>, set: &carecheck_core::standards::StandardSet) -> Result<Vec<u8>, WriteError> {
    let layout = Layout::for_kind(t.kind, set);
    let readers = crate::layout::readers(set);
    write(&layout, &readers, None, Some(t))
}

/// A self-assessment's tree (as the YAML reader gives it) as a workbook with every field.
pub fn from_tree(root: &Node, readers: &BTreeMap<String, Vec<String>>) -> Result<Vec<u8>, WriteError> {
    write(Layout::full(), readers, Some(root), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_become_serial_numbers_only_in_their_canonical_form() {
        assert_eq!(date_serial("2024-02-01"), Some(45323.0));
        assert_eq!(date_serial("2024-2-1"), None);
        assert_eq!(date_serial("not_done"), None);
        assert_eq!(datetime_serial("2024-02-01 21:00"), Some(45323.875));
        assert_eq!(datetime_serial("2024-02-01T21:00:00+01:00"), None);
        assert_eq!(datetime_serial("2024-02-01 21:00:00"), None);
    }
}
