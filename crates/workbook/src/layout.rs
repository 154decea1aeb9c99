//! The workbook's shape, derived from the schema: which sheets, which columns, what each
//! header says. The reader, the template and the converter all use this one description, so
//! a column written is always a column read.
//!
//! Rules, applied to the schema tree and nothing else:
//! - fields of the root and of its mappings (`provider.registration.urn`) are labelled rows
//!   of the first data sheet, [`PROVIDER`];
//! - a list of records (`children`, `workforce.staff`) is a sheet, one row per record, one
//!   column per field of the record and of its mappings ("Placement: start date");
//! - a list of plain values (`education.pep_reviews`) is a sheet too, one value per row;
//! - a list inside a record is a sheet whose first column is the owning record's `ref`, and
//!   the record keeps a column saying `none` (there are none) or `listed` (see that sheet),
//!   so that an empty list ("none") and a blank ("not recorded") stay different, as `[]`
//!   and `null` are in YAML.

use std::collections::BTreeMap;

use carecheck_core::schema::{self, Field, Obj, Ty};
use carecheck_core::standards::kind_fields::KindFields;
use carecheck_core::standards::StandardSet;

/// The labelled-rows sheet: the assessment, the provider and every field not in a list.
pub const PROVIDER: &str = "Provider";
/// The first sheet: what the workbook is, how to fill it in and how to check it.
pub const ABOUT: &str = "About";
/// The sheet listing the words each dropdown takes.
pub const WORDS: &str = "Words";
/// The words of a list's presence column.
pub const NONE: &str = "none";
/// See [`NONE`].
pub const LISTED: &str = "listed";

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// Label in column A, value in column B.
    Labelled,
    /// One record per row.
    Records,
    /// One value per row.
    Values,
}

/// What a column holds.
#[derive(Debug, Clone)]
pub enum ColKind {
    /// A field's value.
    Field(&'static Field),
    /// `none` / `listed` / blank for a list kept on another sheet (its index).
    Presence(usize),
    /// The owning record's ref (the first column of a sheet of a list inside a record).
    Owner,
    /// The value of a list of plain values.
    Value(&'static Ty),
}

/// One column (or, on the labelled sheet, one row).
#[derive(Debug, Clone)]
pub struct Column {
    /// The header (or label) as written.
    pub header: String,
    /// The field's path inside the record (or from the root, on the labelled sheet).
    pub path: Vec<&'static str>,
    /// The schema path without list steps (`children.placement.start`), for the standards'
    /// `reads`.
    pub schema_path: String,
    /// What it holds.
    pub kind: ColKind,
}

impl Column {
    /// The type of the values, when it is a value column.
    pub fn ty(&self) -> Option<&'static Ty> {
        match &self.kind {
            ColKind::Field(f) => Some(&f.ty),
            ColKind::Value(t) => Some(t),
            _ => None,
        }
    }

    /// The fixed words a dropdown offers, if any.
    pub fn words(&self) -> Option<Vec<&'static str>> {
        match &self.kind {
            ColKind::Presence(_) => Some(vec![NONE, LISTED]),
            _ => match self.ty()? {
                Ty::Bool => Some(vec!["true", "false"]),
                Ty::Enum(w) => Some(w.to_vec()),
                Ty::Date | Ty::Timestamp => None,
                _ => None,
            },
        }
    }
}

/// One sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name (at most 31 characters, as Excel allows).
    pub name: String,
    /// What it holds.
    pub kind: SheetKind,
    /// The list's path from its owner (the root, or the owning record).
    pub path: Vec<&'static str>,
    /// The schema path of the list (`children.moves`).
    pub schema_path: String,
    /// The sheet of the owning record, for a list inside a record.
    pub owner: Option<usize>,
    /// What the list is, from the schema.
    pub doc: &'static str,
    /// The columns, in order.
    pub columns: Vec<Column>,
}

impl Sheet {
    /// The column holding the record's `ref`, if the records have one.
    pub fn ref_column(&self) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| matches!(c.kind, ColKind::Field(f) if f.name == "ref"))
    }
}

/// Every sheet of the workbook.
#[derive(Debug, Clone)]
pub struct Layout {
    /// In order; the labelled sheet first.
    pub sheets: Vec<Sheet>,
}

/// A word of a field name as a manager writes it.
fn word(w: &str) -> String {
    match w {
        "pep" | "sdq" | "dbs" | "hmci" | "la" | "ks4" | "l3" | "l5" | "gp" | "iro" | "tsd" | "sa" | "urn" | "id"
        | "ehcp" | "cse" | "svga" | "dcs" | "icb" | "dol" | "nhs" | "uk" | "lac" => w.to_ascii_uppercase(),
        "las" => "LAs".into(),
        "reg44" => "reg 44".into(),
        "reg45" => "reg 45".into(),
        "s20" | "s25" => w.into(),
        "12m" => "12 months".into(),
        "pct" => "%".into(),
        _ => w.into(),
    }
}

/// A field name in words: `travel_minutes_to_home` -> `travel minutes to home`.
pub fn words_of(name: &str) -> String {
    name.split('_').map(word).collect::<Vec<_>>().join(" ")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A header from a path inside a record: `["placement", "start"]` (a date) ->
/// `Placement: start date`.
pub fn header_of(path: &[&str], ty: &Ty) -> String {
    let mut h = capitalised(&path.iter().map(|s| words_of(s)).collect::<Vec<_>>().join(": "));
    let last = path.last().copied().unwrap_or("");
    match ty {
        Ty::Date if !last.contains("date") && !last.ends_with("_on") && !last.ends_with("_at") => {
            h.push_str(" date");
        }
        Ty::Timestamp => h.push_str(" (date and time)"),
        _ => {}
    }
    h
}

struct Builder {
    sheets: Vec<Sheet>,
}

impl Builder {
    /// The fields of a mapping into sheet `target`, with paths under `prefix`.
    fn fields(&mut self, obj: &'static Obj, target: usize, prefix: &[&'static str], schema_prefix: &str) {
        for f in &obj.fields {
            let mut path = prefix.to_vec();
            path.push(f.name);
            let sp = if schema_prefix.is_empty() {
                f.name.to_string()
            } else {
                format!("{schema_prefix}.{}", f.name)
            };
            match &f.ty {
                Ty::Obj(inner) => self.fields(inner, target, &path, &sp),
                Ty::List(inner) => {
                    let owner = (self.sheets[target].kind == SheetKind::Records).then_some(target);
                    let name = self.sheet_name(&path, owner.is_some());
                    let idx = self.sheets.len();
                    let mut sheet = Sheet {
                        name,
                        kind: SheetKind::Records,
                        path: path.clone(),
                        schema_path: sp.clone(),
                        owner,
                        doc: f.doc,
                        columns: Vec::new(),
                    };
                    if let Some(o) = owner {
                        sheet.columns.push(Column {
                            header: format!("{} ref", self.sheets[o].name),
                            path: vec!["ref"],
                            schema_path: format!("{}.ref", self.sheets[o].schema_path),
                            kind: ColKind::Owner,
                        });
                    }
                    let inner_ty: &'static Ty = inner;
                    if let Ty::Obj(io) = inner_ty {
                        self.sheets.push(sheet);
                        self.fields(io, idx, &[], &sp);
                    } else {
                        sheet.kind = SheetKind::Values;
                        sheet.columns.push(Column {
                            header: match inner_ty {
                                Ty::Date => "Date".into(),
                                _ => "Value".into(),
                            },
                            path: Vec::new(),
                            schema_path: sp.clone(),
                            kind: ColKind::Value(inner_ty),
                        });
                        self.sheets.push(sheet);
                    }
                    self.sheets[target].columns.push(Column {
                        header: capitalised(&path.iter().map(|s| words_of(s)).collect::<Vec<_>>().join(": ")),
                        path,
                        schema_path: sp,
                        kind: ColKind::Presence(idx),
                    });
                }
                _ => self.sheets[target].columns.push(Column {
                    header: header_of(&path, &f.ty),
                    path,
                    schema_path: sp,
                    kind: ColKind::Field(f),
                }),
            }
        }
    }

    /// A sheet name from a list's path: the words of the path without the top section
    /// (`incidents.restraint` -> `Restraint`), or of its last step when that is too long
    /// for a sheet name; never the name of a sheet already made.
    fn sheet_name(&self, path: &[&str], nested: bool) -> String {
        let steps: &[&str] = if !nested && path.len() > 1 { &path[1..] } else { path };
        let full = capitalised(&steps.iter().map(|s| words_of(s)).collect::<Vec<_>>().join(" "));
        let last = capitalised(&words_of(path.last().copied().unwrap_or("list")));
        let taken = |n: &str| self.sheets.iter().any(|s| s.name.eq_ignore_ascii_case(n));
        for candidate in [full, last] {
            if candidate.chars().count() <= 31 && !taken(&candidate) {
                return candidate;
            }
        }
        let mut n = path.join(" ");
        n.truncate(28);
        let mut i = 2;
        let mut out = n.clone();
        while taken(&out) {
            out = format!("{n} {i}");
            i += 1;
        }
        out
    }
}

impl Layout {
    /// Every field of the format: what the reader accepts and the converter writes.
    pub fn full() -> &'static Layout {
        static FULL: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
        FULL.get_or_init(|| {
            let mut b = Builder {
                sheets: vec![Sheet {
                    name: PROVIDER.into(),
                    kind: SheetKind::Labelled,
                    path: Vec::new(),
                    schema_path: String::new(),
                    owner: None,
                    doc: "The assessment and the provider: one field a row.",
                    columns: Vec::new(),
                }],
            };
            b.fields(schema::root(), 0, &[], "");
            Layout { sheets: b.sheets }
        })
    }

    /// The sheet of a name, ignoring case and spaces around it.
    pub fn sheet(&self, name: &str) -> Option<usize> {
        let n = name.trim();
        self.sheets.iter().position(|s| s.name.eq_ignore_ascii_case(n))
    }

    /// Only the columns (and sheets) for a template of one kind of provider: the fields
    /// the standards for that kind read, the refs that tie records together, and what every
    /// file needs (the schema's `always` fields), as [`KindFields`] decides for the YAML
    /// template too.
    pub fn for_kind(kind: &str, set: &StandardSet) -> Layout {
        // the same field set as the YAML template's: one truth, in carecheck-core
        let fields = KindFields::new(kind, set);
        let read = &fields.read;
        let full = Layout::full();
        let keep_col = |c: &Column| -> bool {
            match c.kind {
                ColKind::Owner => true,
                _ => fields.keeps(&c.schema_path),
            }
        };
        // a sheet is kept when one of its own fields is read; then its presence column is too
        let mut keep_sheet: Vec<bool> = full
            .sheets
            .iter()
            .map(|s| {
                s.kind == SheetKind::Labelled
                    || s.schema_path == "exceptions"
                    || s.columns.iter().any(|c| {
                        matches!(c.kind, ColKind::Field(f) if f.name != "ref" && f.name != "child") && keep_col(c)
                            || matches!(c.kind, ColKind::Value(_)) && read.contains(&c.schema_path)
                    })
            })
            .collect();
        // a kept list inside a record keeps its owner
        for i in (0..full.sheets.len()).rev() {
            if keep_sheet[i] {
                if let Some(o) = full.sheets[i].owner {
                    keep_sheet[o] = true;
                }
            }
        }
        let mut index = BTreeMap::new();
        for (i, keep) in keep_sheet.iter().enumerate() {
            if *keep {
                index.insert(i, index.len());
            }
        }
        let sheets = full
            .sheets
            .iter()
            .enumerate()
            .filter(|(i, _)| keep_sheet[*i])
            .map(|(_, s)| {
                let mut s = s.clone();
                s.owner = s.owner.and_then(|o| index.get(&o).copied());
                s.columns = s
                    .columns
                    .into_iter()
                    .filter_map(|mut c| match c.kind {
                        ColKind::Presence(i) => index.get(&i).map(|n| {
                            c.kind = ColKind::Presence(*n);
                            c
                        }),
                        _ => keep_col(&c).then_some(c),
                    })
                    .collect();
                s
            })
            .collect();
        Layout { sheets }
    }
}

/// Which standards read each field (schema path -> ids), over the whole shipped set.
pub fn readers(set: &StandardSet) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &set.standards {
        for r in &s.reads {
            m.entry(r.clone()).or_default().push(s.id.clone());
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn headers_read_as_words() {
        let l = Layout::full();
        let children = &l.sheets[l.sheet("Children").unwrap()];
        assert!(children.columns.iter().any(|c| c.header == "Placement: start date"));
        assert!(children.columns.iter().any(|c| c.header == "Education: PEP reviews"));
        let pep = &l.sheets[l.sheet("Education PEP reviews").unwrap()];
        assert_eq!(pep.owner, l.sheet("Children"));
        assert_eq!(pep.columns[0].header, "Children ref");
        // every sheet name fits Excel's limit, and no two sheets or headers share a name
        let mut names = BTreeSet::new();
        for s in &l.sheets {
            assert!(s.name.chars().count() <= 31, "{}", s.name);
            assert!(names.insert(s.name.to_lowercase()), "{}", s.name);
            let mut headers = BTreeSet::new();
            for c in &s.columns {
                assert!(headers.insert(c.header.to_lowercase()), "{} in {}", c.header, s.name);
            }
        }
    }
}
