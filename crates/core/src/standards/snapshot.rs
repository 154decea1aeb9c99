//! A compiled set written as bytes and read back: the program embeds the shipped standards
//! compiled this way when it is built (crate `carecheck-shipped`), so that `check` does not
//! compile 100 standards at every start (most of a one-file check's time).
//!
//! The bytes are made and read by the same build of this code, so their layout cannot
//! differ. The compiled conditions point into the schema's tables (`&'static Ty`, field
//! names, kinds of home); types and field names are written as their place in the schema's
//! tables and looked up again when the snapshot is read, kinds by their word. The standards'
//! prose (`Text`) is read where it lies in the bytes, which are the program's own.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StandardSet;
use crate::schema::{self, Obj, Ty};
use crate::source::SourceFile;

/// Why a compiled set could not be written as bytes.
#[derive(Debug)]
pub struct WriteError(postcard::Error);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write the compiled set: {}", self.0)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// The bytes of a compiled set.
pub fn write(set: &StandardSet) -> Result<Vec<u8>, WriteError> {
    postcard::to_allocvec(set).map_err(WriteError)
}

/// The set the bytes hold, each standard's source text built into the program and found by
/// `text_of` (its path in the set): used in place, neither looked up through a copy of every
/// file (a tenth of a one-file check) nor copied itself (a fifth of its memory).
///
/// The bytes too are the program's: the standards' prose is read where it lies in them
/// (`Text::BuiltIn`), not copied.
pub fn read_built_in(bytes: &'static [u8], text_of: impl Fn(&str) -> Option<&'static str>) -> Option<StandardSet> {
    let (mut set, rest): (StandardSet, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
    if !rest.is_empty() {
        return None;
    }
    for s in &mut set.standards {
        s.source = SourceFile::built_in(format!("standards/{}", s.file), text_of(&s.file)?);
    }
    Some(set)
}

/// The placeholder source of a standard just read from a snapshot (set by [`read`]).
pub fn no_source() -> SourceFile {
    SourceFile::new(String::new(), "")
}

/// A standard's conditions, decoded from the compiled set built into the program the first
/// time they are read. A check of one file reads only the conditions of the standards for
/// its kind of provider; decoding all of them at every start was a fifth of a one-file
/// check's instructions (benches/README.md). In the compiled set the conditions are written
/// as their own bytes, so that a standard's can be passed over unread. Its `Serialize` writes
/// those bytes: a standard is serialised for the compiled set and never to another format.
pub struct Lazy<T> {
    value: OnceLock<T>,
    /// The value's bytes in the compiled set, when it came from there and is not decoded yet.
    encoded: &'static [u8],
}

impl<T> Lazy<T> {
    /// A value already at hand (a standard compiled from its file).
    pub fn ready(value: T) -> Lazy<T> {
        Lazy {
            value: OnceLock::from(value),
            encoded: &[],
        }
    }
}

impl<T: Deserialize<'static>> std::ops::Deref for Lazy<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.get_or_init(|| match postcard::from_bytes(self.encoded) {
            Ok(value) => value,
            // The bytes are the program's own, written by this same code when it was built,
            // and tests/shipped_set.rs decodes every standard's: a failure here is a broken
            // build, never a user's input.
            Err(e) => panic!("the standards compiled into carecheck cannot be read ({e}): rebuild it"),
        })
    }
}

impl<T: Deserialize<'static> + Clone> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        Lazy::ready(T::clone(self))
    }
}

impl<T: Deserialize<'static> + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        T::fmt(self, f)
    }
}

impl<T: Deserialize<'static> + Serialize> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = postcard::to_allocvec(&**self).map_err(serde::ser::Error::custom)?;
        s.serialize_bytes(&bytes)
    }
}

impl<'de: 'static, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Lazy {
            value: OnceLock::new(),
            encoded: <&'de [u8]>::deserialize(d)?,
        })
    }
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
            let ty = f.ty.innermost();
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

/// A field name of the schema, written as its place among the schema's names and read back
/// as the schema's own: reading it back is then one lookup, not a search by text.
pub mod static_name {
    use super::*;

    /// Write a name as its place.
    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        match names().binary_search(name) {
            Ok(i) => (i as u32).serialize(s),
            Err(_) => Err(serde::ser::Error::custom(format!(
                "`{name}` is not a field of the schema"
            ))),
        }
    }

    /// Read a place back as the schema's own name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let i = u32::deserialize(d)? as usize;
        names()
            .get(i)
            .copied()
            .ok_or_else(|| serde::de::Error::custom("a field name out of the schema's range"))
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
    use crate::standards::{load_rules, test_support::repository_rules, SetFile};

    /// The set the bytes hold, each standard's source taken from `files`; the bytes and the
    /// texts are kept for the rest of the test run, as the program's own are.
    fn read(bytes: &[u8], files: &[SetFile]) -> Option<StandardSet> {
        let bytes: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        read_built_in(bytes, |path| {
            let file = files.iter().find(|f| f.path == path)?;
            Some(Box::leak(file.text.clone().into_boxed_str()))
        })
    }

    fn compiled() -> StandardSet {
        load_rules(&repository_rules(), "standards", &Vec::new()).expect("the shipped standards load")
    }

    /// Written and read back, the compiled standards are the same in every respect.
    #[test]
    fn a_snapshot_reads_back_as_the_set_it_was_written_from() {
        let set = compiled();
        let bytes = write(&set).expect("the shipped standards can be written");
        let back = read(&bytes, &repository_rules()).expect("and read back");
        assert_eq!(format!("{back:?}"), format!("{set:?}"));
    }

    /// A standard's conditions are decoded when they are first read, not with the set: a
    /// check of a children's home never decodes a fostering standard's.
    #[test]
    fn conditions_are_decoded_when_first_read() {
        let set = compiled();
        let bytes = write(&set).expect("the shipped standards can be written");
        let back = read(&bytes, &repository_rules()).expect("and read back");
        let decoded = |s: &super::super::Standard| s.require.value.get().is_some() || s.when.value.get().is_some();
        assert!(back.standards.iter().all(|s| !decoded(s)));
        let first = &back.standards[0];
        assert_eq!(
            format!("{:?}", *first.require),
            format!("{:?}", *set.standards[0].require)
        );
        assert!(first.require.value.get().is_some());
        assert!(back.standards[1..].iter().all(|s| !decoded(s)));
        // a set compiled from its files has them at hand
        assert!(set.standards.iter().all(|s| s.require.value.get().is_some()));
    }

    /// A snapshot cut short, with bytes after it, or without the sources it was made from,
    /// is not read.
    #[test]
    fn a_snapshot_of_anything_else_is_not_read() {
        let files = repository_rules();
        let bytes = write(&compiled()).expect("the shipped standards can be written");
        assert!(read(&bytes[..bytes.len() / 2], &files).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer, &files).is_none());
        assert!(read(&[], &files).is_none());
        assert!(read(&bytes, &files[..files.len() / 2]).is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = read(&bytes, &[]);
        }
    }
}
