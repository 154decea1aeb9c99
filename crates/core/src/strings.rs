//! Short strings built without the formatting machinery.
//!
//! A batch writes tens of findings per file, and each finding's message and paths were
//! built with `format!`: about a thousand instructions a call, and a string that grows
//! several times on the way. These build the same text in one allocation of the right
//! size. They are for the hot paths only; everywhere else `format!` reads better.

/// The pieces joined, in one allocation.
pub fn cat(pieces: &[&str]) -> String {
    let mut s = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        s.push_str(p);
    }
    s
}

/// `path[i]`: the concrete path of a list's item.
pub fn indexed(path: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let n = decimal(i as u64, &mut digits);
    let mut s = String::with_capacity(path.len() + n.len() + 2);
    s.push_str(path);
    s.push('[');
    s.push_str(n);
    s.push(']');
    s
}

/// The keys of a dotted path (`children[2].health.sdq_date`), as `path.split('.')` gives
/// them. A finding's path is split several times (who it names, the record's `ref`), and
/// the char searcher behind `split('.')` costs more on a few short keys than a plain byte
/// loop: `.` is ASCII, so a byte `.` always stands between characters.
pub fn dotted(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'.') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// A key of a path and the index written after it (`moves[3]` is `("moves", Some(3))`), as
/// `split_once('[')` and parsing what stands before the closing `]`s give them.
pub fn key_index(seg: &str) -> (&str, Option<usize>) {
    match seg.bytes().position(|b| b == b'[') {
        Some(i) => {
            let inner = seg[i + 1..].trim_end_matches(']');
            (&seg[..i], inner.parse::<usize>().ok())
        }
        None => (seg, None),
    }
}

/// `n` in decimal, written into `buf`.
pub fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // only ASCII digits were written
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `dotted` and `key_index` split as `split('.')` and `split_once('[')` do, on any
        /// text, paths or not.
        #[test]
        fn paths_split_as_the_str_methods_split_them(path in "[a-z_.\\[\\]0-9+-]{0,30}|\\PC{0,20}") {
            let ours: Vec<&str> = dotted(&path).collect();
            let theirs: Vec<&str> = path.split('.').collect();
            proptest::prop_assert_eq!(&ours, &theirs);
            for seg in theirs {
                let reference = match seg.split_once('[') {
                    Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
                    None => (seg, None),
                };
                proptest::prop_assert_eq!(key_index(seg), reference);
            }
        }

        #[test]
        fn they_write_what_format_writes(path in "[a-z_.\\[\\]0-9]{0,30}", i in proptest::prelude::any::<usize>(),
                                         pieces in proptest::collection::vec("\\PC{0,12}", 0..6)) {
            proptest::prop_assert_eq!(indexed(&path, i), format!("{path}[{i}]"));
            let mut buf = [0u8; 20];
            proptest::prop_assert_eq!(decimal(i as u64, &mut buf), i.to_string());
            let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(cat(&refs), pieces.concat());
        }
    }

    #[test]
    fn edges() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(u64::MAX, &mut buf), u64::MAX.to_string());
        assert_eq!(indexed("children", 0), "children[0]");
        assert_eq!(cat(&[]), "");
    }
}
