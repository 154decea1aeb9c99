//! Calendar arithmetic: dates as day numbers, months that clamp at month ends, and
//! working days that skip weekends and England and Wales bank holidays.
//!
//! No rule ever reads the wall clock: every "now" is the assessment's as-of date, so a
//! check run today and in five years gives the same answer.

use std::collections::BTreeSet;
use std::fmt;

/// A calendar date, stored as days since 1970-01-01 (negative before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Date(pub i32);

impl Date {
    /// From year, month (1-12), day (1-31); `None` when not a real date.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // digits only: `2026-+2-03` is not a date
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r)?
                .iter()
                .try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let y = digits(0..4)? as i32;
        let m = digits(5..7)?;
        let d = digits(8..10)?;
        Date::from_ymd(y, m, d)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Monday = 0 ... Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 as i64 + 3).rem_euclid(7) as u32
    }

    /// Add (or subtract) whole days, saturating at the ends of the calendar carecheck
    /// handles (years 1 to 9999): never wraps, in release or debug.
    pub fn add_days(self, n: i64) -> Date {
        Date((self.0 as i64).saturating_add(n).clamp(MIN_DAY, MAX_DAY) as i32)
    }

    /// Add calendar months; the day clamps to the end of a shorter month (31 Jan + 1
    /// month = 28 or 29 Feb), the usual reading of "within N months".
    pub fn add_months(self, n: i64) -> Date {
        let (y, m, d) = self.ymd();
        let total = (y as i64 * 12 + (m as i64 - 1))
            .saturating_add(n)
            .clamp(12, 9999 * 12 + 11);
        let ny = total.div_euclid(12) as i32;
        let nm = (total.rem_euclid(12) + 1) as u32;
        let nd = d.min(days_in_month(ny, nm));
        Date(days_from_civil(ny, nm, nd))
    }

    /// The first day of this date's month.
    pub fn month_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, 1))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.iso_bytes() {
            Some(b) => f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?),
            None => {
                let (y, m, d) = self.ymd();
                write!(f, "{y:04}-{m:02}-{d:02}")
            }
        }
    }
}

impl Date {
    /// `YYYY-MM-DD`, as `to_string` writes it, built without the formatting machinery: a
    /// batch's findings show tens of thousands of dates, and `to_string` took five times
    /// the instructions of the date's own arithmetic (benches/README.md).
    pub fn iso(self) -> String {
        match self.iso_bytes() {
            Some(b) => {
                let mut out = String::with_capacity(b.len());
                out.extend(b.iter().copied().map(char::from));
                out
            }
            None => self.to_string(),
        }
    }

    /// The ten ASCII bytes of every date a file can hold (years 0 to 9999); `None` for the
    /// rest, which the formatter writes.
    fn iso_bytes(self) -> Option<[u8; 10]> {
        let (y, m, d) = self.ymd();
        let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
        let mut b = *b"0000-00-00";
        put_digits(&mut b[0..4], y);
        put_digits(&mut b[5..7], m);
        put_digits(&mut b[8..10], d);
        Some(b)
    }
}

/// Write `n` as decimal digits filling `out` (zero-padded on the left; `n` must fit).
fn put_digits(out: &mut [u8], mut n: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// 0001-01-01 and 9999-12-31 as day numbers: date arithmetic saturates here.
const MIN_DAY: i64 = -719_162;
const MAX_DAY: i64 = 2_932_896;

/// Parse an RFC 3339 timestamp (`2026-02-03T19:40:00+00:00`, `Z`, seconds optional) to
/// seconds since the epoch, UTC. Without an offset (`2026-07-04 21:30`) the time is read
/// as a clock in England shows it, British Summer Time included.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    if s.len() < 16 {
        return None;
    }
    let date = Date::parse(s.get(0..10)?)?;
    let sep = s.as_bytes()[10];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return None;
    }
    let rest = &s[11..];
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => (&rest[..i], &rest[i..]),
        // no offset: the time as a clock in England shows it, summer time included
        None => (rest.trim_end(), ""),
    };
    let num =
        |x: &str| -> Option<i64> { (x.len() == 2 && x.bytes().all(|c| c.is_ascii_digit())).then(|| x.parse().ok())? };
    let mut parts = time.split(':');
    let h: i64 = num(parts.next()?)?;
    let mi: i64 = num(parts.next()?)?;
    let sec: f64 = match parts.next() {
        // seconds: two digits, an optional fraction
        Some(x) => {
            let whole = x.split_once('.').map_or(x, |(w, f)| {
                if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
                    ""
                } else {
                    w
                }
            });
            num(whole)?;
            x.parse().ok()?
        }
        None => 0.0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || !(0.0..61.0).contains(&sec) {
        return None;
    }
    if offset.is_empty() {
        return england_local(date, h, mi, sec as i64);
    }
    let off_secs = if offset.eq_ignore_ascii_case("z") {
        0
    } else {
        // `+HH:MM` or `+HHMM` exactly: `Z+05:00` and `+01:` are not offsets
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let o = &offset[1..];
        // by `get`, never by slicing: the text is the provider's, and `+1é1` is four
        // bytes whose second character is two (audit v3 B5, a panic)
        let (oh, om) = match o.len() {
            5 if o.as_bytes()[2] == b':' => (o.get(0..2)?, o.get(3..5)?),
            4 => (o.get(0..2)?, o.get(2..4)?),
            _ => return None,
        };
        let (oh, om) = (num(oh)?, num(om)?);
        if oh > 23 || om > 59 {
            return None;
        }
        sign * (oh * 3600 + om * 60)
    };
    Some(date.0 as i64 * 86_400 + h * 3600 + mi * 60 + sec as i64 - off_secs)
}

/// The moment (seconds since the epoch, UTC) a day begins in England: midnight UK time,
/// which is 23:00 UTC the day before while British Summer Time is in force (from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October). A date
/// compared with a timestamp means this whole day, not midnight UTC.
pub fn england_day_start(d: Date) -> i64 {
    england_local(d, 0, 0, 0).unwrap_or(d.0 as i64 * 86_400)
}

/// A clock time in England (Europe/London from the bundled time-zone database) as seconds
/// since the epoch, UTC. In the hour the clocks go back, the earlier of the two moments; in
/// the hour they go forward, the moment after the gap.
pub fn england_local(d: Date, h: i64, mi: i64, sec: i64) -> Option<i64> {
    let tz = london()?;
    let (y, m, day) = d.ymd();
    let civil = jiff::civil::DateTime::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(sec.min(59)).ok()?,
        0,
    )
    .ok()?;
    Some(tz.to_timestamp(civil).ok()?.as_second())
}

/// Europe/London, from the bundled time-zone database, read once.
fn london() -> Option<&'static jiff::tz::TimeZone> {
    use std::sync::OnceLock;
    static LONDON: OnceLock<Option<jiff::tz::TimeZone>> = OnceLock::new();
    LONDON.get_or_init(|| jiff::tz::db().get("Europe/London").ok()).as_ref()
}

/// A moment (seconds since the epoch, UTC) as a clock in England showed it: the day and
/// the time of day (hours, minutes, seconds). The one conversion the day ([`england_date`]),
/// the time with its offset ([`format_england`]) and a manager's prose
/// (`wording::prose_time`) are read from; `None` when the time-zone database is missing or
/// the moment is out of its range.
pub fn england_clock(t: i64) -> Option<(Date, u32, u32, u32)> {
    let local = london()?.to_datetime(jiff::Timestamp::from_second(t).ok()?);
    let day = Date::from_ymd(i32::from(local.year()), local.month() as u32, local.day() as u32)?;
    Some((day, local.hour() as u32, local.minute() as u32, local.second() as u32))
}

/// The day it is in England at a moment (seconds since the epoch, UTC): from 23:00 UTC
/// the next day while British Summer Time is in force. A date a person writes for "today"
/// is England's, never UTC's (audit v3 B20: `init` at 00:30 BST on 1 July wrote 30 June).
pub fn england_date(t: i64) -> Date {
    england_clock(t).map_or(Date(t.div_euclid(86_400) as i32), |(day, ..)| day)
}

/// A moment as a clock in England showed it, with its offset (RFC 3339):
/// `2026-06-30T23:00:00+01:00` in summer time, `2026-01-11T08:30:00+00:00` in winter. What
/// every finding's text says of a time, so the JSON, CSV and SARIF name the hour the record
/// does (a restraint written at 23:00 on 30 June is not "2026-06-30T22:00:00Z", which reads
/// as the day before the as-of date ended); UTC when the time-zone database is missing.
pub fn format_england(t: i64) -> String {
    let Some((day, hour, minute, second)) = england_clock(t) else {
        return format_timestamp(t);
    };
    let clock = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    let offset = (i64::from(day.0) * 86_400 + clock - t) / 60;
    let mut out = day.iso();
    let mut text = *b"T00:00:00+00:00";
    put_digits(&mut text[1..3], hour);
    put_digits(&mut text[4..6], minute);
    put_digits(&mut text[7..9], second);
    if offset < 0 {
        text[9] = b'-';
    }
    put_digits(&mut text[10..12], (offset.unsigned_abs() / 60) as u32);
    put_digits(&mut text[13..15], (offset.unsigned_abs() % 60) as u32);
    out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    out
}

/// Format seconds since the epoch as a UTC timestamp.
pub fn format_timestamp(t: i64) -> String {
    let d = Date(t.div_euclid(86_400) as i32);
    let s = t.rem_euclid(86_400) as u32;
    let mut clock = *b"T00:00:00Z";
    put_digits(&mut clock[1..3], s / 3600);
    put_digits(&mut clock[4..6], (s % 3600) / 60);
    put_digits(&mut clock[7..9], s % 60);
    let mut out = d.iso();
    out.reserve_exact(clock.len());
    out.push_str(std::str::from_utf8(&clock).unwrap_or_default());
    out
}

/// The bank holidays that working-day arithmetic skips.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    /// First and last year the table covers; outside it working days are counted with
    /// weekends only, and the standard's explain says so.
    pub covers: Option<(i32, i32)>,
}

impl Calendar {
    /// A calendar from a list of holiday dates.
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Calendar {
        let holidays: BTreeSet<Date> = holidays.into_iter().collect();
        let covers = match (holidays.first(), holidays.last()) {
            (Some(a), Some(b)) => Some((a.ymd().0, b.ymd().0)),
            _ => None,
        };
        Calendar { holidays, covers }
    }

    /// True on Monday to Friday when not a bank holiday.
    pub fn is_working_day(&self, d: Date) -> bool {
        d.weekday() < 5 && !self.holidays.contains(&d)
    }

    /// The date `n` working days after `d` (the day `d` itself never counts). A deadline of
    /// "within 5 working days of X" is then: on or before `add_working_days(X, 5)`.
    pub fn add_working_days(&self, d: Date, n: i64) -> Date {
        let mut cur = d;
        let step = if n >= 0 { 1 } else { -1 };
        let mut left = n.unsigned_abs();
        // bounded: a year has ~250 working days; cap the walk for absurd parameters
        let mut guard = 0;
        while left > 0 && guard < 400_000 {
            cur = cur.add_days(step);
            if self.is_working_day(cur) {
                left -= 1;
            }
            guard += 1;
        }
        cur
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

// Howard Hinnant's civil-from-days algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A time is shown as England's clock showed it, with the offset, and reads back as the
    /// same moment (a restraint at 23:00 BST was shown as 22:00Z: the secure reader's probe).
    #[test]
    fn a_time_is_shown_as_a_clock_in_england_showed_it() {
        for (written, shown) in [
            ("2026-06-30 23:00", "2026-06-30T23:00:00+01:00"),
            ("2026-01-11 08:30", "2026-01-11T08:30:00+00:00"),
            ("2026-07-01T00:20:00+01:00", "2026-07-01T00:20:00+01:00"),
            ("2026-03-29T01:30:00Z", "2026-03-29T02:30:00+01:00"),
            ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00+01:00"),
            ("2026-10-25T01:30:00Z", "2026-10-25T01:30:00+00:00"),
        ] {
            let t = parse_timestamp(written).unwrap_or_else(|| panic!("{written}"));
            assert_eq!(format_england(t), shown, "{written}");
            assert_eq!(parse_timestamp(shown), Some(t), "{shown}");
        }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// `iso` and the formatter write what `format!` writes from the year, month and day:
    /// every day of years 0 to 9999, their edges, and days far outside them.
    #[test]
    fn dates_are_written_as_format_writes_them() {
        let far = [
            i32::MIN,
            -1_000_000,
            -719_529,
            -719_528,
            2_932_896,
            2_932_897,
            9_000_000,
            i32::MAX,
        ];
        let every = Date::from_ymd(0, 1, 1).unwrap().0..=Date::from_ymd(9999, 12, 31).unwrap().0;
        for n in every.chain(far) {
            let date = Date(n);
            let (y, m, day) = date.ymd();
            let expected = format!("{y:04}-{m:02}-{day:02}");
            assert_eq!(date.iso(), expected, "day {n}");
            assert_eq!(date.to_string(), expected, "day {n}");
        }
    }

    #[test]
    fn parse_and_format_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2026-06-30", "1999-12-31", "2100-03-01"] {
            assert_eq!(d(s).to_string(), s);
        }
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-1-1").is_none());
    }

    #[test]
    fn a_multi_byte_character_anywhere_in_a_timestamp_is_refused_not_a_panic() {
        // audit v3 B5: `+1é1` is four bytes whose second character is two
        let chars = ['1', ':', 'é', '€', '😀', 'Z', '+'];
        for a in chars {
            for b in chars {
                for c in chars {
                    for base in [
                        "2026-02-03T19:40:00+",
                        "2026-02-03T19:40:00-",
                        "2026-02-03T19:40+",
                        "2026-02-03 19:40:0",
                    ] {
                        let s = format!("{base}{a}{b}{c}1");
                        let _ = parse_timestamp(&s);
                        let _ = parse_timestamp(&format!("{base}{a}{b}"));
                    }
                }
            }
        }
        assert_eq!(parse_timestamp("2026-02-03T19:40:00+1é1"), None);
        assert_eq!(
            parse_timestamp("2026-02-03T19:40:00+0100"),
            Some(parse_timestamp("2026-02-03T18:40:00Z").unwrap())
        );
    }

    #[test]
    fn weekdays() {
        assert_eq!(d("2026-11-23").weekday(), 0); // a Monday
        assert_eq!(d("2026-11-29").weekday(), 6);
    }

    #[test]
    fn months_clamp_at_month_end_and_leap_years() {
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-02-29").add_months(12), d("2025-02-28"));
        assert_eq!(d("2026-08-31").add_months(-6), d("2026-02-28"));
        assert_eq!(d("2026-03-15").add_months(-3), d("2025-12-15"));
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Christmas 2026: Fri 25 Dec, Mon 28 Dec (Boxing Day substitute).
        let cal = Calendar::new([d("2026-12-25"), d("2026-12-28"), d("2027-01-01")]);
        assert_eq!(cal.add_working_days(d("2026-12-24"), 1), d("2026-12-29"));
        assert_eq!(cal.add_working_days(d("2026-12-24"), 3), d("2026-12-31"));
        assert_eq!(cal.add_working_days(d("2026-12-24"), 4), d("2027-01-04"));
        // Friday + 1 working day = Monday
        assert_eq!(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
        assert_eq!(cal.add_working_days(d("2026-11-30"), -1), d("2026-11-27"));
    }

    #[test]
    fn today_in_england_is_not_the_utc_day() {
        let at = |s: &str| parse_timestamp(s).unwrap();
        // 00:30 BST on 1 July is still 30 June in UTC
        assert_eq!(england_date(at("2026-06-30T23:30:00Z")).to_string(), "2026-07-01");
        assert_eq!(england_date(at("2026-06-30T22:59:59Z")).to_string(), "2026-06-30");
        // in winter England is on UTC
        assert_eq!(england_date(at("2026-01-15T23:30:00Z")).to_string(), "2026-01-15");
        assert_eq!(england_date(at("2026-01-16T00:00:00Z")).to_string(), "2026-01-16");
        // the night the clocks go back: 00:30 UTC on 25 October is 01:30 BST
        assert_eq!(england_date(at("2026-10-24T23:00:00Z")).to_string(), "2026-10-25");
        assert_eq!(england_date(at("2026-10-24T22:59:00Z")).to_string(), "2026-10-24");
    }

    #[test]
    fn england_days_follow_the_time_zone_database() {
        // the day clocks go forward (29 March 2026) begins at midnight GMT, the next at 23:00 UTC
        let d = Date::parse("2026-03-29").unwrap();
        assert_eq!(england_day_start(d), d.0 as i64 * 86_400);
        let d = Date::parse("2026-03-30").unwrap();
        assert_eq!(england_day_start(d), d.0 as i64 * 86_400 - 3_600);
        let d = Date::parse("2026-10-25").unwrap();
        assert_eq!(england_day_start(d), d.0 as i64 * 86_400 - 3_600);
        let d = Date::parse("2026-10-26").unwrap();
        assert_eq!(england_day_start(d), d.0 as i64 * 86_400);
    }

    #[test]
    fn timestamps() {
        let a = parse_timestamp("2026-02-03T19:40:00+00:00").unwrap();
        let b = parse_timestamp("2026-02-03T20:40+01:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(parse_timestamp("2026-02-03T19:40:00Z"), Some(a));
        // no offset: a clock in England; February is GMT, July is BST
        assert_eq!(parse_timestamp("2026-02-03T19:40:00"), Some(a));
        assert_eq!(parse_timestamp("2026-02-03 19:40"), Some(a));
        let summer = parse_timestamp("2026-07-04 21:30").unwrap();
        assert_eq!(summer, parse_timestamp("2026-07-04T20:30:00Z").unwrap());
        assert!(parse_timestamp("2026-02-03").is_none());
        assert_eq!(format_timestamp(a), "2026-02-03T19:40:00Z");
    }

    proptest::proptest! {
        /// The direct digit writing prints what the formatting machinery printed, for
        /// every day a date can be (and the years beyond four digits, which fall back).
        #[test]
        fn dates_and_times_print_as_the_formatter_did(day in (MIN_DAY - 1000)..(MAX_DAY + 1000), secs in 0i64..86_400) {
            let date = Date(day as i32);
            let (y, m, dd) = date.ymd();
            proptest::prop_assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{dd:02}"));
            let t = day * 86_400 + secs;
            let reference = format!("{date}T{:02}:{:02}:{:02}Z", secs / 3600, (secs % 3600) / 60, secs % 60);
            proptest::prop_assert_eq!(format_timestamp(t), reference);
        }
    }
}
