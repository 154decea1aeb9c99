//! The shipped standards, compiled ahead: `check` reads them from a snapshot instead of
//! compiling 101 standards at every start (most of a one-file check's time).
//!
//! The snapshot (`standards/compiled-set.bin`) is written by the test suite
//! (`CARECHECK_UPDATE_SNAPSHOTS=1 cargo test --test shipped_set`) from the standards as
//! `load_rules` compiles them, and is embedded by the build script with a key: a hash of
//! every shipped file and of the code that compiles and lays out the standards. It is read
//! only when its key is the one the program was built with, and only for the shipped
//! standards with no `--set` overrides; in every other case the standards are compiled as
//! before. So a draft, an edited standard or a changed compiler can never be judged by an
//! old snapshot: the program compiles instead, and the test says the snapshot is out of date.
//!
//! The compiled conditions point into the schema's tables (`&'static Ty`, field names,
//! kinds of home). Those are written as their place in the schema and looked up again when
//! the snapshot is read.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{embedded, rules_text, StandardSet};
use crate::schema::{self, Obj, Ty};
use crate::source::SourceFile;

/// Where the snapshot is kept, from the repository's root.
pub const PATH: &str = "standards/compiled-set.bin";

/// Written before the set: the key it was made with.
#[derive(Serialize, Deserialize)]
struct Snapshot<T> {
    key: u64,
    set: T,
}

/// The snapshot of a set compiled from the shipped standards, with this build's key.
pub fn write(set: &StandardSet) -> Result<Vec<u8>, String> {
    postcard::to_allocvec(&Snapshot {
        key: embedded::SNAPSHOT_KEY,
        set,
    })
    .map_err(|e| format!("cannot write the compiled snapshot: {e}"))
}

/// The set a snapshot holds, when it was made with `key`; `None` otherwise, or when it
/// cannot be read whole.
pub fn read(bytes: &[u8], key: u64) -> Option<StandardSet> {
    let (snapshot, rest): (Snapshot<StandardSet>, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
    if snapshot.key != key || !rest.is_empty() {
        return None;
    }
    let mut set = snapshot.set;
    // each standard's source is the embedded text it was compiled from
    for s in &mut set.standards {
        let (_, text, rules_len, _) = embedded::FILES.iter().find(|(path, ..)| *path == s.file)?;
        s.source = SourceFile::new(format!("standards/{}", s.file), rules_text(text, *rules_len));
    }
    Some(set)
}

/// The shipped standards from the embedded snapshot, when it is current.
pub fn embedded_set() -> Option<StandardSet> {
    read(embedded::SNAPSHOT?, embedded::SNAPSHOT_KEY)
}

/// The placeholder source of a standard just read from a snapshot (set by [`read`]).
pub fn no_source() -> SourceFile {
    SourceFile::new(String::new(), "")
}

/// Every type in the schema, in a fixed order: a compiled path's type is written as its place
/// here. Two types a path can have that are not in the schema's tables come first.
fn types() -> &'static [&'static Ty] {
    static AS_OF: Ty = Ty::Date;
    static NO_FIELD: Ty = Ty::Str;
    static ALL: OnceLock<Vec<&'static Ty>> = OnceLock::new();
    fn walk(ty: &'static Ty, out: &mut Vec<&'static Ty>) {
        out.push(ty);
        match ty {
            Ty::List(inner) => walk(inner, out),
            Ty::Obj(o) => fields(o, out),
            _ => {}
        }
    }
    fn fields(o: &'static Obj, out: &mut Vec<&'static Ty>) {
        for f in &o.fields {
            walk(&f.ty, out);
        }
    }
    ALL.get_or_init(|| {
        let mut all = vec![&AS_OF, &NO_FIELD];
        fields(schema::root(), &mut all);
        all
    })
}

/// A type as its place in [`types`]: the same table when it points into the schema, and an
/// equal type among the first two (the as-of date, a path with no field) otherwise.
pub mod ty_ref {
    use super::*;

    /// Write a type as its place.
    pub fn serialize<S: Serializer>(ty: &&'static Ty, s: S) -> Result<S::Ok, S::Error> {
        let all = types();
        let at = all
            .iter()
            .position(|t| std::ptr::eq(*t, *ty))
            .or_else(|| all[..2].iter().position(|t| format!("{t:?}") == format!("{ty:?}")));
        match at {
            Some(i) => (i as u32).serialize(s),
            None => Err(serde::ser::Error::custom(format!("a type not in the schema: {ty:?}"))),
        }
    }

    /// Read a place back as the type.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Ty, D::Error> {
        let i = u32::deserialize(d)? as usize;
        types()
            .get(i)
            .copied()
            .ok_or_else(|| serde::de::Error::custom("a type out of the schema's range"))
    }
}

/// Every field name of the schema.
fn names() -> &'static [&'static str] {
    static ALL: OnceLock<Vec<&'static str>> = OnceLock::new();
    fn fields(o: &'static Obj, out: &mut Vec<&'static str>) {
        for f in &o.fields {
            out.push(f.name);
            let mut ty = &f.ty;
            while let Ty::List(inner) = ty {
                ty = inner;
            }
            if let Ty::Obj(inner) = ty {
                fields(inner, out);
            }
        }
    }
    ALL.get_or_init(|| {
        let mut all = Vec::new();
        fields(schema::root(), &mut all);
        all.sort_unstable();
        all.dedup();
        all
    })
}

/// A field name of the schema, written as text and read back as the schema's own.
pub mod static_name {
    use super::*;

    /// Write a name as text.
    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        name.serialize(s)
    }

    /// Read it back as the schema's own.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        // borrowed from the snapshot's bytes: only looked at, not kept
        let name = <&str>::deserialize(d)?;
        names()
            .binary_search(&name)
            .map(|i| names()[i])
            .map_err(|_| serde::de::Error::custom(format!("`{name}` is not a field of the schema")))
    }
}

/// Kinds of home, written as text and read back as the schema's own.
pub mod kind_names {
    use super::*;

    /// Write kinds as text.
    pub fn serialize<S: Serializer>(kinds: &[&'static str], s: S) -> Result<S::Ok, S::Error> {
        kinds.serialize(s)
    }

    /// Read them back as the schema's own.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        Vec::<&str>::deserialize(d)?
            .into_iter()
            .map(|k| {
                schema::KINDS
                    .iter()
                    .copied()
                    .find(|x| *x == k)
                    .ok_or_else(|| serde::de::Error::custom(format!("`{k}` is not a kind of home")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::{embedded_rules, load_rules};

    fn compiled() -> StandardSet {
        load_rules(&embedded_rules(), "standards", &Vec::new()).expect("the shipped standards load")
    }

    /// Written and read back, the compiled standards are the same in every respect.
    #[test]
    fn a_snapshot_reads_back_as_the_set_it_was_written_from() {
        let set = compiled();
        let bytes = write(&set).expect("the shipped standards can be written");
        let back = read(&bytes, embedded::SNAPSHOT_KEY).expect("and read back");
        assert_eq!(format!("{back:?}"), format!("{set:?}"));
    }

    /// A snapshot made with another key, cut short, or with bytes after it, is not read.
    #[test]
    fn a_snapshot_of_anything_else_is_not_read() {
        let bytes = write(&compiled()).expect("the shipped standards can be written");
        assert!(read(&bytes, embedded::SNAPSHOT_KEY ^ 1).is_none());
        assert!(read(&bytes[..bytes.len() / 2], embedded::SNAPSHOT_KEY).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer, embedded::SNAPSHOT_KEY).is_none());
        assert!(read(&[], embedded::SNAPSHOT_KEY).is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = read(&bytes, embedded::SNAPSHOT_KEY);
        }
    }
}
