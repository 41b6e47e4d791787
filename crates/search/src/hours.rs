//! Opening hours: HSDS 3.0 `schedule` rows turned into "open", "closed" or "hours unknown" at an
//! instant, in the location's own time zone, daylight saving included.
//!
//! Rows are parsed once, at index build, into compact [`Hours`]; [`Hours::state_at`] then runs for
//! every candidate of an open-now query, so it allocates nothing and is linear in the rows.
//!
//! How rows are read (the rules a reviewer should check):
//! - **Times** (`opens_at`/`closes_at`) are local wall-clock times: `HH:MM`, `HH:MM:SS` (fractions
//!   dropped), `H:MM`, with an optional `am`/`pm`, with an optional UTC offset (`Z`, `-05:00`,
//!   `+0530`, `+05`). A row with an offset is evaluated in that fixed offset instead of the caller's
//!   zone. The numeric `timezone` field is read only by [`fallback_zone`].
//! - **Past midnight**: `closes_at` at or before `opens_at` closes the next day (22:00-06:00 on FR
//!   is Friday 22:00 to Saturday 06:00). A period belongs to the date it starts on.
//! - **24 hours**: `closes_at` of 23:59 or later (23:59, 23:59:59, 24:00) means "through the end
//!   of the day"; `opens_at` equal to `closes_at` (00:00-00:00) is a full 24 hours.
//! - **Day patterns**: `freq` WEEKLY (or missing, with plain `byday`), MONTHLY (`byday` with
//!   ordinals `1MO`, `-1FR`, plain `TU` meaning every Tuesday of the month; `bymonthday`, negative
//!   from the end of the month; both given means both must hold, as in RFC 5545) and DAILY.
//!   `byweekno` and `byyearday` narrow any pattern. WEEKLY without `byday` uses the weekday of
//!   `dtstart`, MONTHLY without `byday`/`bymonthday` uses its day of month (RFC 5545).
//! - **interval** counts weeks (months, days) from `dtstart`, weeks starting on `wkst` (Monday by
//!   default). Without `dtstart` an interval is treated as 1, with a note.
//! - **dtstart/until/count**: no occurrence before `dtstart` nor after `until`; `count` is turned
//!   at parse time into the date of the count-th occurrence counted from `dtstart` (exact for the
//!   pattern, ignoring validity windows; searched up to 60 years), ignored with a note without
//!   `dtstart`.
//! - **valid_from/valid_to** (inclusive, local dates) limit the dates a period may *start* on.
//! - **Exceptions** override the regular rows on the dates they cover: a row with a validity
//!   window (`valid_from` and/or `valid_to`) and *no* `opens_at`/`closes_at` is a **closure**
//!   ("closed that day": a holiday is `valid_from = valid_to = the date`); if it also has a day
//!   pattern it closes only the matching dates in its window (closed Mondays in August). A row with
//!   times, a validity window and no day pattern is **special hours** for every date in its window
//!   (24 December 10:00-14:00). On a date covered by any exception, regular rows start no period;
//!   the exceptions of that date are a union (a closure plus special hours = the special hours).
//!   `description` and `notes` are never read: times are what count.
//! - **Unknown, not closed**: with no usable rows, or when no row is in effect on the date (all
//!   expired, or not yet valid), the answer is [`OpenState::Unknown`]. Closed means a row in effect
//!   says so (wrong weekday, lunch break, off week, a closure).
//! - **Daylight saving**: the instant is turned into local wall time once and compared with the
//!   wall-clock times, so on the spring-forward night 01:00-04:00 is open at 03:30, and in the
//!   repeated fall-back hour a wall time inside a period is open on either pass.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset,
    TimeZone, Timelike, Utc,
};
use serde_json::Value;

const DAY: u32 = 86_400;
/// `Rule::offset` when the row carries no UTC offset (use the caller's zone).
const NO_OFFSET: i32 = i32::MIN;
const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// How far closes_at / next_opening look ahead.
const HORIZON_DAYS: i64 = 7;
/// How far `count` is searched for its last occurrence (days).
const COUNT_SEARCH_DAYS: i64 = 366 * 60;

/// A schedule parsed once at index build, compact (the index holds one per schedule row of 1M services).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hours {
    /// Exceptions (closures, special hours) first, then the regular rules.
    rules: Box<[Rule]>,
    /// Bit `weekday * 24 + hour` (local wall time, Monday = 0) is set when some row could be
    /// open in that hour of the week. A clear bit is a sure "not open" without reading the
    /// rows: most of a night-time open-at query's candidates end there.
    week: [u64; 3],
}

/// Open, closed, or hours unknown: the three answers an open-now filter and a listing need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// A period of a row in effect contains the instant.
    Open,
    /// Rows are in effect on that date and none is open at the instant.
    Closed,
    /// No usable schedule for that date: "hours unknown", never shown as closed.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Weekly,
    Monthly,
    Daily,
    /// No day pattern: every date of the validity window (an exception).
    Dated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    kind: Kind,
    /// No opening times: closed on the dates it covers.
    closure: bool,
    /// Bit per weekday (Monday = bit 0) that matches on every week.
    weekdays: u8,
    /// Week start for interval/byweekno, 0 = Monday.
    wkst: u8,
    interval: u16,
    /// Seconds after local midnight of the start date.
    opens: u32,
    /// Seconds after local midnight of the start date, `opens < closes <= opens + DAY`.
    closes: u32,
    /// Fixed UTC offset of the row's times in seconds east, or NO_OFFSET.
    offset: i32,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    dtstart: Option<NaiveDate>,
    until: Option<NaiveDate>,
    /// Rare parts (monthly ordinals and month days, byweekno, byyearday).
    extra: Option<Box<Extra>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Extra {
    /// Per weekday: bit n-1 for the nth (1..=5) in the month, bit 5+n-1 for the nth from the end.
    nth: [u16; 7],
    /// Bit d-1 for day d (1..=31), bit 31+d-1 for the dth day from the end.
    monthdays: u64,
    /// Bit w-1 for week w (1..=53), bit 53+w-1 for the wth week from the end of the year.
    weeknos: u128,
    /// Days of the year, negative from the end.
    yeardays: Box<[i16]>,
}

/// One local date with the calendar facts the matchers use, computed once per query date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    date: NaiveDate,
    /// 0 = Monday.
    weekday: u8,
    day: u8,
    days_in_month: u8,
}

impl Day {
    /// The wall time's date and the day before (`None` at the start of the calendar).
    fn pair(wall: NaiveDateTime) -> Option<(Day, Day)> {
        Some((Day::new(wall.date()), Day::new(wall.date().pred_opt()?)))
    }

    fn new(date: NaiveDate) -> Day {
        Day {
            date,
            weekday: date.weekday().num_days_from_monday() as u8,
            day: date.day() as u8,
            days_in_month: days_in_month(date.year(), date.month()),
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn is_leap(year: i32) -> bool {
    days_in_month(year, 2) == 29
}

/// First day of week 1 of `year` (RFC 5545: the first week with at least four days in the year).
fn week_one_start(year: i32, wkst: u8) -> Option<NaiveDate> {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let into = (jan1.weekday().num_days_from_monday() as i64 - wkst as i64).rem_euclid(7);
    Some(if into <= 3 {
        jan1 - Duration::days(into)
    } else {
        jan1 + Duration::days(7 - into)
    })
}

/// (week number, weeks in that week-year) of `date`.
fn week_of(date: NaiveDate, wkst: u8) -> Option<(i64, i64)> {
    let y = date.year();
    let (start, next) = {
        let this = week_one_start(y, wkst)?;
        let next = week_one_start(y + 1, wkst)?;
        if date >= next {
            (next, week_one_start(y + 2, wkst)?)
        } else if date < this {
            (week_one_start(y - 1, wkst)?, this)
        } else {
            (this, next)
        }
    };
    let week = (date - start).num_days() / 7 + 1;
    let weeks = (next - start).num_days() / 7;
    Some((week, weeks))
}

impl Rule {
    fn is_exception(&self) -> bool {
        self.closure || self.kind == Kind::Dated
    }

    fn in_window(&self, d: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| d >= f) && self.valid_to.is_none_or(|t| d <= t)
    }

    /// In effect on this date: inside the validity window and the dtstart..until span.
    fn active(&self, d: NaiveDate) -> bool {
        self.in_window(d) && self.in_span(d)
    }

    fn in_span(&self, d: NaiveDate) -> bool {
        self.dtstart.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u)
    }

    /// The day pattern (weekday, ordinals, month days, week numbers, year days, interval) holds.
    fn pattern(&self, d: &Day) -> bool {
        if self.kind == Kind::Dated {
            return true;
        }
        let extra = self.extra.as_deref();
        let nth = extra.map_or(0, |e| e.nth[d.weekday as usize]);
        if self.weekdays != 0 || extra.is_some_and(|e| e.nth.iter().any(|&n| n != 0)) {
            let plain = self.weekdays & (1 << d.weekday) != 0;
            let from_start = (d.day - 1) / 7; // 0-based
            let from_end = (d.days_in_month - d.day) / 7;
            let ordinal = nth & (1 << from_start) != 0 || nth & (1 << (5 + from_end)) != 0;
            if !plain && !ordinal {
                return false;
            }
        }
        if let Some(e) = extra {
            if e.monthdays != 0 {
                let from_end = d.days_in_month - d.day; // 0-based
                if e.monthdays & (1 << (d.day - 1)) == 0
                    && e.monthdays & (1 << (31 + from_end)) == 0
                {
                    return false;
                }
            }
            if e.weeknos != 0 {
                let Some((w, weeks)) = week_of(d.date, self.wkst) else {
                    return false;
                };
                let fwd = (1..=53).contains(&w) && e.weeknos & (1u128 << (w - 1)) != 0;
                let back = weeks - w; // 0-based from the end
                let bwd = (0..53).contains(&back) && e.weeknos & (1u128 << (53 + back)) != 0;
                if !fwd && !bwd {
                    return false;
                }
            }
            if !e.yeardays.is_empty() {
                let ord = d.date.ordinal() as i16;
                let len = if is_leap(d.date.year()) { 366 } else { 365 };
                if !e
                    .yeardays
                    .iter()
                    .any(|&y| y == ord || (y < 0 && len + 1 + y == ord))
                {
                    return false;
                }
            }
        }
        if self.interval > 1 {
            if let Some(start) = self.dtstart {
                let steps = match self.kind {
                    Kind::Weekly => {
                        let back = |x: NaiveDate| {
                            x.num_days_from_ce() as i64
                                - (x.weekday().num_days_from_monday() as i64 - self.wkst as i64)
                                    .rem_euclid(7)
                        };
                        (back(d.date) - back(start)).div_euclid(7)
                    }
                    Kind::Monthly => {
                        (d.date.year() as i64 * 12 + d.date.month0() as i64)
                            - (start.year() as i64 * 12 + start.month0() as i64)
                    }
                    Kind::Daily | Kind::Dated => {
                        (d.date.num_days_from_ce() - start.num_days_from_ce()) as i64
                    }
                };
                if steps.rem_euclid(self.interval as i64) != 0 {
                    return false;
                }
            }
        }
        true
    }

    /// A period (or, for a closure, a closed day) of this rule starts on this date.
    fn occurs(&self, d: &Day) -> bool {
        self.active(d.date) && self.pattern(d)
    }
}

impl Hours {
    fn exceptions(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().take_while(|r| r.is_exception())
    }

    /// Is this date taken over by an exception (closure or special hours)?
    fn overridden(&self, d: &Day) -> bool {
        self.exceptions().any(|r| r.occurs(d))
    }

    /// Open at this instant in this time zone? Unknown when there is no usable schedule ("hours unknown", never "closed").
    ///
    /// Generic over the zone so the index can pass a `chrono_tz::Tz` or, as a last resort, the
    /// [`fallback_zone`] offset. Allocation-free, linear in the rows.
    pub fn state_at<Z: TimeZone + Copy>(&self, tz: Z, at: DateTime<Utc>) -> OpenState {
        if self.rules.is_empty() {
            return OpenState::Unknown;
        }
        self.state_at_local(&LocalTime::new(tz, at))
    }

    /// [`Hours::state_at`] for an instant already read in its zone: the index makes one
    /// [`LocalTime`] per query and zone, so checking thousands of services costs no zone lookups.
    pub fn state_at_local(&self, t: &LocalTime) -> OpenState {
        if self.rules.is_empty() {
            return OpenState::Unknown;
        }
        let Some(zone) = Frame::with_days(self, t.local, t.days) else {
            return OpenState::Unknown;
        };
        let (open, known) = self.scan(&zone, t.at, None);
        if open {
            return OpenState::Open;
        }
        // In a repeated (fall-back) hour, open if either reading of the period's times is inside.
        if t.fold.is_some() && self.scan(&zone, t.at, t.fold).0 {
            return OpenState::Open;
        }
        if known || zone.today_closed {
            OpenState::Closed
        } else {
            OpenState::Unknown
        }
    }

    /// (open, some row is in effect today) for the caller's zone frame; rows with a fixed UTC
    /// offset are looked at in their own frame (where there is no fold).
    fn scan(&self, zone: &Frame, at: DateTime<Utc>, fold: Option<Fold>) -> (bool, bool) {
        let mut known = false;
        for rule in self.rules.iter().filter(|r| !r.closure) {
            let fixed;
            let (frame, fold) = if rule.offset == NO_OFFSET {
                (zone, fold)
            } else {
                let wall = at.naive_utc() + Duration::seconds(rule.offset as i64);
                match Frame::new(self, wall) {
                    Some(f) => {
                        fixed = f;
                        (&fixed, None)
                    }
                    None => continue,
                }
            };
            let regular = !rule.is_exception();
            let today_ok = !(regular && frame.today_overridden);
            if today_ok && rule.active(frame.today.date) {
                known = true;
            }
            let w = frame.secs as i64;
            let (opens, closes) = (rule.opens as i64, rule.closes as i64);
            let day = DAY as i64;
            if today_ok && inside(opens, closes, w, fold) && rule.occurs(&frame.today) {
                return (true, true);
            }
            if !(regular && frame.yesterday_overridden)
                && inside(opens - day, closes - day, w, fold)
                && rule.occurs(&frame.yesterday)
            {
                return (true, true);
            }
        }
        (false, known)
    }

    /// When the current open period ends (local wall time), if open; when it next opens within 7 days, if closed. For "closes at 17:00" / "opens Mon 09:00" in the UI.
    ///
    /// None when not open, or when open periods run on back to back beyond 7 days (open 24/7).
    /// Adjacent and overlapping periods are one period (Fri 22:00-06:00 then Sat 06:00-12:00 closes
    /// Sat 12:00).
    pub fn closes_at<Z: TimeZone + Copy>(&self, tz: Z, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        if self.state_at(tz, at) != OpenState::Open {
            return None;
        }
        let local = at.with_timezone(&tz).naive_local();
        let periods = self.periods(tz, at);
        let mut end = local;
        let mut inside = false;
        for &(s, e) in &periods {
            if s <= end && e > end {
                inside |= s <= local;
                end = e;
            }
        }
        (inside && end <= local + Duration::days(HORIZON_DAYS)).then_some(end)
    }

    /// When it next opens (local wall time), if not open now and it opens within 7 days.
    ///
    /// None when open now (see [`Hours::closes_at`]) or when nothing opens within 7 days. A start
    /// that falls in a spring-forward gap is moved to the first wall time that exists.
    pub fn next_opening<Z: TimeZone + Copy>(
        &self,
        tz: Z,
        at: DateTime<Utc>,
    ) -> Option<NaiveDateTime> {
        if self.rules.is_empty() || self.state_at(tz, at) == OpenState::Open {
            return None;
        }
        let local = at.with_timezone(&tz).naive_local();
        let start = self
            .periods(tz, at)
            .into_iter()
            .map(|(s, _)| s)
            .filter(|&s| s > local && s <= local + Duration::days(HORIZON_DAYS))
            .min()?;
        let mut t = start;
        for _ in 0..(3 * 60) {
            if tz.from_local_datetime(&t).earliest().is_some() {
                return Some(t);
            }
            t += Duration::minutes(1);
        }
        Some(start)
    }

    /// Every open period starting from yesterday to 8 days ahead, in the zone's wall time, sorted.
    fn periods<Z: TimeZone + Copy>(
        &self,
        tz: Z,
        at: DateTime<Utc>,
    ) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let mut out = Vec::new();
        for rule in self.rules.iter().filter(|r| !r.closure) {
            let base = if rule.offset == NO_OFFSET {
                at.with_timezone(&tz).naive_local()
            } else {
                at.naive_utc() + Duration::seconds(rule.offset as i64)
            };
            let to_zone = |n: NaiveDateTime| {
                if rule.offset == NO_OFFSET {
                    n
                } else {
                    let utc = n - Duration::seconds(rule.offset as i64);
                    tz.from_utc_datetime(&utc).naive_local()
                }
            };
            for k in -1..=(HORIZON_DAYS + 1) {
                let Some(date) = base.date().checked_add_signed(Duration::days(k)) else {
                    continue;
                };
                let day = Day::new(date);
                if !rule.occurs(&day) || (!rule.is_exception() && self.overridden(&day)) {
                    continue;
                }
                let midnight = date.and_time(chrono::NaiveTime::MIN);
                let s = midnight + Duration::seconds(rule.opens as i64);
                let e = midnight + Duration::seconds(rule.closes as i64);
                out.push((to_zone(s), to_zone(e)));
            }
        }
        out.sort();
        out
    }

    /// No usable rows: the service's hours are unknown at every instant.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Plain-words summary for the service page ("Mon-Fri 9:00-17:00; Sat 10:00-14:00"), English.
    ///
    /// Plain weekly rows are folded per weekday (split hours joined by ", "); every other row
    /// (monthly, every other week, dated, offsets, closures) is described on its own.
    /// "Hours unknown" when empty.
    pub fn describe(&self) -> String {
        self.describe_with(Words::english())
    }

    /// [`Self::describe`] in another language's words (the web passes its locale's).
    pub fn describe_with(&self, w: &Words) -> String {
        if self.rules.is_empty() {
            return w.unknown.clone();
        }
        let simple = |r: &Rule| {
            r.kind == Kind::Weekly
                && !r.closure
                && r.interval <= 1
                && r.extra.is_none()
                && r.valid_from.is_none()
                && r.valid_to.is_none()
                && r.until.is_none()
                && r.offset == NO_OFFSET
        };
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        for r in self.rules.iter().filter(|r| simple(r)) {
            for (d, ranges) in week.iter_mut().enumerate() {
                if r.weekdays & (1 << d) != 0 {
                    ranges.push((r.opens, r.closes));
                }
            }
        }
        for ranges in week.iter_mut() {
            ranges.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
            for &(s, e) in ranges.iter() {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            *ranges = merged;
        }
        let mut parts = Vec::new();
        let mut done = 0u8;
        for d in 0..7 {
            if done & (1 << d) != 0 || week[d].is_empty() {
                continue;
            }
            let mut mask = 0u8;
            for (o, ranges) in week.iter().enumerate() {
                if *ranges == week[d] {
                    mask |= 1 << o;
                }
            }
            done |= mask;
            let times: Vec<String> = week[d].iter().map(|&(s, e)| span(w, s, e)).collect();
            parts.push(format!("{} {}", weekday_set(w, mask), times.join(", ")));
        }
        for r in self.rules.iter().filter(|r| !simple(r)) {
            parts.push(describe_rule(w, r));
        }
        parts.join("; ")
    }
}

/// An instant read on one zone's wall clock (and whether that wall time is a repeated fall-back
/// hour), made once per query and zone and shared by every service checked in that zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    at: DateTime<Utc>,
    local: NaiveDateTime,
    fold: Option<Fold>,
    /// Today and yesterday in the zone, worked out once for every schedule read at this time.
    days: Option<(Day, Day)>,
    /// The local hour of the week (Monday 00:00-00:59 = 0) for [`Hours::may_be_open`]; `None`
    /// in a repeated (fall-back) hour, where rows are read both ways.
    week_hour: Option<u8>,
}

impl LocalTime {
    /// Read `at` in `tz`: two zone lookups (wall time, and whether it occurs twice).
    pub fn new<Z: TimeZone>(tz: Z, at: DateTime<Utc>) -> LocalTime {
        let local = at.with_timezone(&tz).naive_local();
        let fold = fold_at(&tz, at, local);
        let hour = local.weekday().num_days_from_monday() * 24 + local.hour();
        LocalTime {
            at,
            local,
            fold,
            days: Day::pair(local),
            week_hour: fold.is_none().then_some(hour as u8),
        }
    }

    /// The local wall-clock time, for display next to the open state.
    pub fn wall(&self) -> NaiveDateTime {
        self.local
    }
}

/// The local wall time of one frame (the caller's zone or a row's fixed offset) and its dates.
struct Frame {
    secs: u32,
    today: Day,
    yesterday: Day,
    today_overridden: bool,
    yesterday_overridden: bool,
    today_closed: bool,
}

impl Frame {
    fn new(hours: &Hours, wall: NaiveDateTime) -> Option<Frame> {
        Frame::with_days(hours, wall, Day::pair(wall))
    }

    /// [`Frame::new`] with the wall time's days already worked out.
    fn with_days(hours: &Hours, wall: NaiveDateTime, days: Option<(Day, Day)>) -> Option<Frame> {
        let (today, yesterday) = days?;
        let mut frame = Frame {
            secs: wall.num_seconds_from_midnight(),
            today,
            yesterday,
            today_overridden: false,
            yesterday_overridden: false,
            today_closed: false,
        };
        for r in hours.exceptions() {
            if r.occurs(&today) {
                frame.today_overridden = true;
                frame.today_closed |= r.closure;
            }
            if r.occurs(&yesterday) {
                frame.yesterday_overridden = true;
            }
        }
        Some(frame)
    }
}

/// The local wall time is one of two readings of a repeated (fall-back) hour: which pass, and the
/// repeated wall-clock span `[start, end)`, all in seconds from the local date's midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fold {
    first_pass: bool,
    start: i64,
    end: i64,
}

/// Is `[s, e)` (seconds from today's midnight, wall time) open at wall second `w`?
///
/// Outside a fold it is plain containment. Inside, a wall time in the fold has two instants and
/// the period is read as widely as its times allow (from the earlier reading of its start to the
/// later reading of its end): on the first pass anything started by `w` that ends inside or after
/// the fold is open; on the second pass anything that started before the fold ended (its first
/// reading is past) and ends after `w` is open.
fn inside(s: i64, e: i64, w: i64, fold: Option<Fold>) -> bool {
    match fold {
        None => s <= w && w < e,
        Some(f) if f.first_pass => s <= w && e >= f.start,
        Some(f) => s < f.end && e > w,
    }
}

/// The fold `local` lies in, if its wall time occurs twice in `tz`. Costs one zone lookup; the
/// transition itself is found by bisection only inside a repeated hour (an hour a year).
fn fold_at<Z: TimeZone>(tz: &Z, at: DateTime<Utc>, local: NaiveDateTime) -> Option<Fold> {
    let LocalResult::Ambiguous(x, y) = tz.from_local_datetime(&local) else {
        return None;
    };
    let (mut a, mut b) = (x.naive_utc(), y.naive_utc());
    if b < a {
        std::mem::swap(&mut a, &mut b);
    }
    let offset = |u: NaiveDateTime| tz.offset_from_utc_datetime(&u).fix().local_minus_utc() as i64;
    let (first_off, second_off) = (offset(a), offset(b));
    // The transition instant is in (a, b]: the first instant with the second pass's offset.
    let (mut lo, mut hi) = (a, b);
    while hi - lo > Duration::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if offset(mid) == second_off {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let midnight = local.date().and_time(chrono::NaiveTime::MIN);
    let rel = |u: NaiveDateTime, off: i64| (u - midnight).num_seconds() + off;
    Some(Fold {
        first_pass: at.naive_utc() < b,
        start: rel(hi, second_off),
        end: rel(hi, first_off),
    })
}

/// A time of day for people: 9:00, 17:30, 24:00; seconds only when not zero.
fn clock(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h}:{m:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

/// The words schedules are described in, so every locale can say "Mon-Fri 9:00-17:00" its own
/// way. Templates use `{n}`, `{time}`, `{days}`, `{what}`, `{from}`, `{to}`, `{date}`, `{ord}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Short weekday names, Monday first.
    pub days: [String; 7],
    /// All seven days.
    pub every_day: String,
    /// Open all day.
    pub hours_24: String,
    /// Open for 24 hours from a time: `{time}`.
    pub hours_24_from: String,
    /// Prefix of an every-other-week rule.
    pub every_other_week: String,
    /// Prefix of an every-N-weeks rule: `{n}`.
    pub every_n_weeks: String,
    /// An every-N-days rule: `{n}`.
    pub every_n_days: String,
    /// Monthly rule on weekdays: `{days}`.
    pub every_weekdays: String,
    /// Ordinals 1st to 5th.
    pub ordinals: [String; 5],
    /// Any other ordinal: `{n}` (e.g. "{n}th").
    pub nth: String,
    /// The last one.
    pub last: String,
    /// Counting from the end: `{ord}` (e.g. "2nd-to-last").
    pub from_last: String,
    /// Joins two ordinals.
    pub and: String,
    /// A day of the month: `{n}`.
    pub day_n: String,
    /// A day counted from the month's end: `{ord}`.
    pub day_from_end: String,
    /// A monthly rule: `{what}`.
    pub of_the_month: String,
    /// An every-N-months rule: `{what}`, `{n}`.
    pub of_every_n_months: String,
    /// A date window: `{from}`, `{to}`.
    pub from_to: String,
    /// From a date on: `{date}`.
    pub from: String,
    /// Up to a date: `{date}`.
    pub until: String,
    /// A closure.
    pub closed: String,
    /// No usable schedule.
    pub unknown: String,
}

impl Words {
    /// English, the default.
    pub fn english() -> &'static Words {
        static CELL: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        CELL.get_or_init(|| {
            let o = |s: &str| s.to_string();
            Words {
                days: DAY_NAMES.map(str::to_string),
                every_day: o("Every day"),
                hours_24: o("24 hours"),
                hours_24_from: o("24 hours from {time}"),
                every_other_week: o("Every other week: "),
                every_n_weeks: o("Every {n} weeks: "),
                every_n_days: o("Every {n} days"),
                every_weekdays: o("every {days}"),
                ordinals: [o("1st"), o("2nd"), o("3rd"), o("4th"), o("5th")],
                nth: o("{n}th"),
                last: o("last"),
                from_last: o("{ord}-to-last"),
                and: o(" and "),
                day_n: o("day {n}"),
                day_from_end: o("{ord} day"),
                of_the_month: o("{what} of the month"),
                of_every_n_months: o("{what} of every {n} months"),
                from_to: o("{from} to {to}"),
                from: o("from {date}"),
                until: o("until {date}"),
                closed: o("Closed"),
                unknown: o("Hours unknown"),
            }
        })
    }
}

/// Fill a template's `{key}` placeholders.
fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn span(w: &Words, opens: u32, closes: u32) -> String {
    if closes - opens == DAY {
        if opens == 0 {
            w.hours_24.clone()
        } else {
            fill(&w.hours_24_from, &[("time", &clock(opens))])
        }
    } else if closes > DAY {
        format!("{}-{}", clock(opens), clock(closes - DAY))
    } else {
        format!("{}-{}", clock(opens), clock(closes))
    }
}

/// "Every day", "Mon-Fri", "Mon, Wed, Fri", "Sat-Sun", "Fri-Mon" (runs wrap around the week).
fn weekday_set(w: &Words, mask: u8) -> String {
    if mask == 0x7f {
        return w.every_day.clone();
    }
    // Start after a day not in the set so a run over Sunday-Monday stays one run.
    let first_gap = (0..7).find(|d| mask & (1 << d) == 0).unwrap_or(0);
    let order: Vec<usize> = (1..=7).map(|k| (first_gap + k) % 7).collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut prev_in = false;
    for &d in &order {
        let inside = mask & (1 << d) != 0;
        if inside {
            match runs.last_mut() {
                Some(run) if prev_in => run.1 = d,
                _ => runs.push((d, d)),
            }
        }
        prev_in = inside;
    }
    runs.sort_by_key(|&(s, _)| s);
    runs.iter()
        .map(|&(s, e)| {
            if s == e {
                w.days[s].to_string()
            } else if (s + 1) % 7 == e {
                format!("{}, {}", w.days[s], w.days[e])
            } else {
                format!("{}-{}", w.days[s], w.days[e])
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ordinal_word(w: &Words, n: i32) -> String {
    match n {
        -1 => w.last.clone(),
        n if n < 0 => fill(&w.from_last, &[("ord", &ordinal_word(w, -n))]),
        n @ 1..=5 => w.ordinals[(n - 1) as usize].clone(),
        n => fill(&w.nth, &[("n", &n.to_string())]),
    }
}

fn describe_rule(w: &Words, r: &Rule) -> String {
    let mut days = String::new();
    let extra = r.extra.as_deref();
    match r.kind {
        Kind::Weekly => {
            if r.interval > 1 && r.dtstart.is_some() {
                days = if r.interval == 2 {
                    w.every_other_week.clone()
                } else {
                    fill(&w.every_n_weeks, &[("n", &r.interval.to_string())])
                };
            }
            days.push_str(&weekday_set(w, r.weekdays));
        }
        Kind::Daily => {
            days = if r.interval > 1 && r.dtstart.is_some() {
                fill(&w.every_n_days, &[("n", &r.interval.to_string())])
            } else {
                w.every_day.clone()
            };
            if r.weekdays != 0 {
                days = format!("{days} ({})", weekday_set(w, r.weekdays));
            }
        }
        Kind::Monthly => {
            let mut bits = Vec::new();
            if r.weekdays != 0 {
                bits.push(fill(
                    &w.every_weekdays,
                    &[("days", &weekday_set(w, r.weekdays))],
                ));
            }
            if let Some(e) = extra {
                for (wd, &n) in e.nth.iter().enumerate() {
                    if n == 0 {
                        continue;
                    }
                    let mut ords = Vec::new();
                    for k in 0..5 {
                        if n & (1 << k) != 0 {
                            ords.push(ordinal_word(w, k + 1));
                        }
                    }
                    for k in 0..5 {
                        if n & (1 << (5 + k)) != 0 {
                            ords.push(ordinal_word(w, -(k + 1)));
                        }
                    }
                    bits.push(format!("{} {}", ords.join(&w.and), w.days[wd]));
                }
                if e.monthdays != 0 {
                    let mut ds = Vec::new();
                    for k in 0..31 {
                        if e.monthdays & (1 << k) != 0 {
                            ds.push(fill(&w.day_n, &[("n", &(k + 1).to_string())]));
                        }
                    }
                    for k in 0..31 {
                        if e.monthdays & (1 << (31 + k)) != 0 {
                            ds.push(fill(
                                &w.day_from_end,
                                &[("ord", &ordinal_word(w, -(k + 1)))],
                            ));
                        }
                    }
                    bits.push(ds.join(", "));
                }
            }
            let joined = bits.join(", ");
            let mut chars = joined.chars();
            let capital = match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            };
            days = if r.interval > 1 && r.dtstart.is_some() {
                fill(
                    &w.of_every_n_months,
                    &[("what", &capital), ("n", &r.interval.to_string())],
                )
            } else {
                fill(&w.of_the_month, &[("what", &capital)])
            };
        }
        Kind::Dated => {}
    }
    let window = match (r.valid_from, r.valid_to) {
        (Some(f), Some(t)) if f == t => format!("{f}"),
        (Some(f), Some(t)) => fill(
            &w.from_to,
            &[("from", &f.to_string()), ("to", &t.to_string())],
        ),
        (Some(f), None) => fill(&w.from, &[("date", &f.to_string())]),
        (None, Some(t)) => fill(&w.until, &[("date", &t.to_string())]),
        (None, None) => String::new(),
    };
    let times = if r.closure {
        String::new()
    } else if r.offset == NO_OFFSET {
        span(w, r.opens, r.closes)
    } else {
        let off = r.offset;
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        format!(
            "{} (UTC{sign}{:02}:{:02})",
            span(w, r.opens, r.closes),
            a / 3600,
            a / 60 % 60
        )
    };
    let mut out = String::new();
    if r.closure {
        out.push_str(&w.closed);
        if !days.is_empty() {
            out.push(' ');
            out.push_str(&days);
        }
        if !window.is_empty() {
            out.push(' ');
            out.push_str(&window);
        }
    } else if r.kind == Kind::Dated {
        out = format!("{}: {times}", capitalise_window(&window));
    } else {
        out = format!("{days} {times}");
        if !window.is_empty() {
            out.push_str(&format!(" ({window})"));
        }
    }
    if let Some(u) = r.until {
        out.push_str(&format!(
            " ({})",
            fill(&w.until, &[("date", &u.to_string())])
        ));
    }
    out
}

fn capitalise_window(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Parse all schedule rows of one service (or service_at_location / location); rows that cannot be understood are skipped and reported.
///
/// Each message names the row (`schedule <id>`); messages with "skipped:" dropped the row,
/// messages with "note:" kept it with the stated reading (interval or count without dtstart).
pub fn parse<R: Row + ?Sized>(rows: &[&R]) -> (Hours, Vec<String>) {
    let mut rules = Vec::with_capacity(rows.len());
    let mut report = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let name = || match row.field("id") {
            Some(Field::Str(id)) if !id.trim().is_empty() => format!("schedule {}", id.trim()),
            _ => format!("schedule row {}", i + 1),
        };
        let mut notes = Vec::new();
        match parse_row(*row, &mut notes) {
            Ok(rule) => rules.push(rule),
            Err(why) => report.push(format!("{}: skipped: {why}", name())),
        }
        if notes.is_empty() {
            continue;
        }
        let name = name();
        report.extend(notes.into_iter().map(|n| format!("{name}: note: {n}")));
    }
    (Hours::from_rules(rules), report)
}

impl Hours {
    /// One service's hours from rows parsed one at a time (the index reads schedules in
    /// storage order, not grouped by service): the union of their rules.
    pub fn merge(parts: impl IntoIterator<Item = Hours>) -> Hours {
        Hours::from_rules(parts.into_iter().flat_map(|h| h.rules.into_vec()).collect())
    }

    fn from_rules(mut rules: Vec<Rule>) -> Hours {
        // Exceptions first: `Hours::exceptions` takes them while they last.
        rules.sort_by_key(|r| !r.is_exception());
        let week = week_of_rules(&rules);
        Hours {
            rules: rules.into_boxed_slice(),
            week,
        }
    }

    /// False only when these hours cannot be open at `t`: its hour of the week is one no row
    /// opens in. True means "read the rows" ([`Hours::state_at_local`] decides).
    #[inline]
    pub fn may_be_open(&self, t: &LocalTime) -> bool {
        match t.week_hour {
            Some(h) => self.week[usize::from(h / 64)] & (1u64 << (h % 64)) != 0,
            None => true,
        }
    }
}

/// The hours of the week in which some rule could be open, over-approximated: a rule's
/// weekdays (every day when its days depend on the date: month days, daily, dated), each hour
/// its period touches, spilling past midnight into the next day; every hour for a row with its
/// own UTC offset (its wall clock is not the zone's). Closures only ever close: left out.
fn week_of_rules(rules: &[Rule]) -> [u64; 3] {
    const ALL: [u64; 3] = [u64::MAX; 3];
    let mut week = [0u64; 3];
    for r in rules.iter().filter(|r| !r.closure) {
        if r.offset != NO_OFFSET {
            return ALL;
        }
        let extra = r.extra.as_deref();
        let ordinals = extra.map_or(0u8, |e| {
            (0..7).fold(0u8, |m, d| if e.nth[d] != 0 { m | (1 << d) } else { m })
        });
        let by_date = extra.is_some_and(|e| e.monthdays != 0);
        let days = match r.kind {
            Kind::Weekly | Kind::Monthly if !by_date && (r.weekdays | ordinals) != 0 => {
                r.weekdays | ordinals
            }
            _ => 0x7f,
        };
        if r.closes <= r.opens {
            return ALL; // not a period the parser makes; assume nothing
        }
        // Hours touched by [opens, closes], counted from the start day's midnight (up to 48).
        let (first, last) = (r.opens / 3600, (r.closes / 3600).min(47));
        for d in (0..7u32).filter(|d| days & (1 << d) != 0) {
            for h in first..=last {
                let slot = ((d + h / 24) % 7) * 24 + h % 24;
                week[(slot / 64) as usize] |= 1u64 << (slot % 64);
            }
        }
    }
    week
}

/// The schedule's own UTC offset, for when the caller knows no IANA zone for the location: the
/// numeric `timezone` field (hours, fractions allowed), else the first offset on `opens_at`.
pub fn fallback_zone<R: Row + ?Sized>(rows: &[&R]) -> Option<FixedOffset> {
    let from_field = rows.iter().find_map(|r| match number(*r, "timezone") {
        Ok(Some(h)) if h.is_finite() && h.abs() <= 14.0 => {
            FixedOffset::east_opt((h * 3600.0).round() as i32)
        }
        _ => None,
    });
    from_field.or_else(|| {
        rows.iter().find_map(|r| {
            let t = text(*r, "opens_at")?;
            match parse_time(t) {
                Ok((_, Some(off))) => FixedOffset::east_opt(off),
                _ => None,
            }
        })
    })
}

/// One field of a schedule row, as the parser needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// A JSON string.
    Str(&'a str),
    /// A JSON number.
    Num(f64),
    /// Anything else (true, an array...), as it would be written, for the message.
    Other(String),
}

/// A schedule row the parser reads fields from: a stored record, or the index build's rows
/// read straight from JSON without building a map of every field first.
pub trait Row {
    /// The field's value; `None` when absent or null.
    fn field(&self, name: &str) -> Option<Field<'_>>;
}

impl Row for hsds::Record {
    fn field(&self, name: &str) -> Option<Field<'_>> {
        match self.get(name)? {
            Value::Null => None,
            Value::String(s) => Some(Field::Str(s)),
            Value::Number(n) => n.as_f64().map(Field::Num),
            other => Some(Field::Other(other.to_string())),
        }
    }
}

/// A non-empty, trimmed string field (CSV gives "" for missing).
fn text<'a, R: Row + ?Sized>(row: &'a R, field: &str) -> Option<&'a str> {
    match row.field(field) {
        Some(Field::Str(s)) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    }
}

/// A number given as a JSON number or a numeric string.
fn number<R: Row + ?Sized>(row: &R, field: &str) -> Result<Option<f64>, String> {
    match row.field(field) {
        None => Ok(None),
        Some(Field::Num(n)) => Ok(Some(n)),
        Some(Field::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Field::Str(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("{field} {s:?} is not a number")),
        Some(Field::Other(other)) => Err(format!("{field} {other} is not a number")),
    }
}

/// A field that must be a whole number when present (interval, count).
fn whole<R: Row + ?Sized>(row: &R, field: &str) -> Result<Option<i64>, String> {
    match number(row, field)? {
        None => Ok(None),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e9 => Ok(Some(x as i64)),
        Some(x) => Err(format!("{field} {x} is not a whole number")),
    }
}

/// YYYY-MM-DD or YYYYMMDD, an optional time after it ignored.
fn date<R: Row + ?Sized>(row: &R, field: &str) -> Result<Option<NaiveDate>, String> {
    let Some(s) = text(row, field) else {
        return Ok(None);
    };
    let head = s.split(['T', ' ']).next().unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(head, "%Y%m%d"))
        .map(Some)
        .map_err(|_| format!("{field} {s:?} is not a date (YYYY-MM-DD)"))
}

fn weekday_code(s: &str) -> Option<u8> {
    const FULL: [&str; 7] = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ];
    let up = s.to_ascii_uppercase();
    FULL.iter()
        .position(|f| (up.len() == 2 && f[..2] == up) || (up.len() >= 3 && f.starts_with(&up)))
        .map(|i| i as u8)
}

/// `byday` into (plain weekday mask, per-weekday ordinal bits).
fn parse_byday(s: &str) -> Result<(u8, [u16; 7]), String> {
    let mut plain = 0u8;
    let mut nth = [0u16; 7];
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let split = part
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| format!("byday {part:?} names no weekday"))?;
        let (num, name) = part.split_at(split);
        let wd = weekday_code(name.trim())
            .ok_or_else(|| format!("byday {part:?}: {name:?} is not a weekday"))?;
        let num = num.trim().trim_start_matches('+');
        if num.is_empty() {
            plain |= 1 << wd;
            continue;
        }
        let n: i32 = num
            .parse()
            .map_err(|_| format!("byday {part:?}: {num:?} is not an ordinal"))?;
        match n {
            1..=5 => nth[wd as usize] |= 1 << (n - 1),
            -5..=-1 => nth[wd as usize] |= 1 << (5 + (-n - 1)),
            _ => return Err(format!("byday {part:?}: a month has no weekday number {n}")),
        }
    }
    if plain == 0 && nth.iter().all(|&n| n == 0) {
        return Err(format!("byday {s:?} names no weekday"));
    }
    Ok((plain, nth))
}

/// A comma-separated list of non-zero integers within ±max.
fn parse_list(field: &str, s: &str, max: i32) -> Result<Vec<i32>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.trim_start_matches('+').parse::<i32>() {
            Ok(n) if n != 0 && n.abs() <= max => Ok(n),
            _ => Err(format!(
                "{field} {p:?} is not a number from 1 to {max} (or -1 to -{max})"
            )),
        })
        .collect()
}

/// "HH:MM[:SS[.fff]][ am|pm][Z|±HH[:MM]]" into (seconds after midnight, offset seconds east).
fn parse_time(raw: &str) -> Result<(u32, Option<i32>), String> {
    let bad = || format!("{raw:?} is not a time (HH:MM or HH:MM:SS)");
    let mut s = raw.trim();
    let mut offset = None;
    if let Some(rest) = s.strip_suffix(['Z', 'z']) {
        s = rest.trim_end();
        offset = Some(0);
    } else if let Some(pos) = s.rfind(['+', '-']).filter(|&p| p > 0) {
        let (body, off) = s.split_at(pos);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
        let (h, m) = match digits.len() {
            1 | 2 => (digits.as_str(), "0"),
            4 if digits.is_char_boundary(2) => digits.split_at(2),
            _ => return Err(bad()),
        };
        let h: i32 = h.parse().map_err(|_| bad())?;
        let m: i32 = m.parse().map_err(|_| bad())?;
        if h > 18 || m > 59 {
            return Err(bad());
        }
        offset = Some(sign * (h * 3600 + m * 60));
        s = body.trim_end();
    }
    let lower = s.to_ascii_lowercase();
    let (clock, meridiem) = if let Some(b) = lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("a.m."))
    {
        (b.trim_end().to_string(), Some(false))
    } else if let Some(b) = lower
        .strip_suffix("pm")
        .or_else(|| lower.strip_suffix("p.m."))
    {
        (b.trim_end().to_string(), Some(true))
    } else {
        (lower.clone(), None)
    };
    let mut fields = clock.split(':');
    let h: u32 = fields
        .next()
        .and_then(|x| x.trim().parse().ok())
        .ok_or_else(bad)?;
    let m: u32 = match fields.next() {
        Some(x) => x.trim().parse().map_err(|_| bad())?,
        None if meridiem.is_some() => 0,
        None => return Err(bad()),
    };
    let sec: u32 = match fields.next() {
        Some(x) => {
            let whole = x.split(['.', ',']).next().unwrap_or(x);
            whole.trim().parse().map_err(|_| bad())?
        }
        None => 0,
    };
    if fields.next().is_some() || m > 59 || sec > 60 {
        return Err(bad());
    }
    let sec = sec.min(59);
    let h = match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return Err(bad());
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
        None => h,
    };
    if h > 24 || (h == 24 && (m > 0 || sec > 0)) {
        return Err(bad());
    }
    Ok((h * 3600 + m * 60 + sec, offset))
}

fn parse_row<R: Row + ?Sized>(row: &R, notes: &mut Vec<String>) -> Result<Rule, String> {
    let valid_from = date(row, "valid_from")?;
    let valid_to = date(row, "valid_to")?;
    if let (Some(f), Some(t)) = (valid_from, valid_to) {
        if t < f {
            return Err(format!("valid_to {t} is before valid_from {f}"));
        }
    }
    let dtstart = date(row, "dtstart")?;
    let mut until = date(row, "until")?;
    let has_window = valid_from.is_some() || valid_to.is_some();

    // Times.
    let opens = text(row, "opens_at");
    let closes = text(row, "closes_at");
    let (closure, open_s, close_s, offset) = match (opens, closes) {
        (None, None) if has_window => (true, 0, 0, NO_OFFSET),
        (None, None) => {
            return Err(
                "no opens_at/closes_at and no valid_from/valid_to (not a closure either)".into(),
            )
        }
        (Some(_), None) => return Err("opens_at without closes_at".into()),
        (None, Some(_)) => return Err("closes_at without opens_at".into()),
        (Some(o), Some(c)) => {
            let (o, o_off) = parse_time(o).map_err(|e| format!("opens_at {e}"))?;
            let (mut c, c_off) = parse_time(c).map_err(|e| format!("closes_at {e}"))?;
            if o >= DAY {
                return Err("opens_at 24:00 is not a time a day opens at".into());
            }
            let offset = o_off.or(c_off);
            if let (Some(a), Some(b)) = (o_off, c_off) {
                if a != b {
                    // closes_at in the offset of opens_at.
                    c = (c as i64 - b as i64 + a as i64).rem_euclid(DAY as i64) as u32;
                }
            }
            if c >= 23 * 3600 + 59 * 60 {
                c = DAY; // 23:59, 23:59:59, 24:00: through the end of the day
            }
            if c <= o {
                c += DAY; // past midnight; equal times are a full 24 hours
            }
            (false, o, c, offset.unwrap_or(NO_OFFSET))
        }
    };

    // Day pattern.
    let freq = text(row, "freq").map(str::to_ascii_uppercase);
    let byday = text(row, "byday").map(parse_byday).transpose()?;
    let bymonthday = text(row, "bymonthday")
        .map(|s| parse_list("bymonthday", s, 31))
        .transpose()?;
    let byweekno = text(row, "byweekno")
        .map(|s| parse_list("byweekno", s, 53))
        .transpose()?;
    let byyearday = text(row, "byyearday")
        .map(|s| parse_list("byyearday", s, 366))
        .transpose()?;
    let has_ordinals = byday.is_some_and(|(_, nth)| nth.iter().any(|&n| n != 0));
    let kind = match freq.as_deref() {
        Some("WEEKLY") => Kind::Weekly,
        Some("MONTHLY") => Kind::Monthly,
        Some("DAILY") => Kind::Daily,
        Some(other) => return Err(format!("freq {other:?} is not WEEKLY or MONTHLY")),
        None if has_ordinals || bymonthday.is_some() => Kind::Monthly,
        None if byday.is_some() => Kind::Weekly,
        None if byweekno.is_some() || byyearday.is_some() => {
            return Err("byweekno/byyearday without freq".into())
        }
        None if has_window => Kind::Dated,
        None => return Err("no days: neither freq, byday nor bymonthday".into()),
    };
    if has_ordinals && kind != Kind::Monthly {
        return Err("byday ordinals (like 1MO) need freq MONTHLY".into());
    }
    if bymonthday.is_some() && kind == Kind::Weekly {
        return Err("bymonthday cannot be used with freq WEEKLY".into());
    }
    let (mut weekdays, nth) = byday.unwrap_or((0, [0; 7]));
    let mut monthdays = 0u64;
    for d in bymonthday.iter().flatten() {
        monthdays |= if *d > 0 {
            1 << (d - 1)
        } else {
            1 << (31 + (-d - 1))
        };
    }
    match kind {
        Kind::Weekly if weekdays == 0 => match dtstart {
            Some(s) => weekdays = 1 << s.weekday().num_days_from_monday(),
            None => return Err("freq WEEKLY without byday or dtstart".into()),
        },
        Kind::Monthly if weekdays == 0 && !has_ordinals && monthdays == 0 => match dtstart {
            Some(s) => monthdays = 1 << (s.day() - 1),
            None => return Err("freq MONTHLY without byday, bymonthday or dtstart".into()),
        },
        _ => {}
    }
    let mut weeknos = 0u128;
    for w in byweekno.iter().flatten() {
        weeknos |= if *w > 0 {
            1 << (w - 1)
        } else {
            1 << (53 + (-w - 1))
        };
    }
    let yeardays: Box<[i16]> = byyearday
        .unwrap_or_default()
        .into_iter()
        .map(|d| d as i16)
        .collect();
    let extra =
        (has_ordinals || monthdays != 0 || weeknos != 0 || !yeardays.is_empty()).then(|| {
            Box::new(Extra {
                nth,
                monthdays,
                weeknos,
                yeardays,
            })
        });

    let wkst = match text(row, "wkst") {
        Some(w) => weekday_code(w).ok_or_else(|| format!("wkst {w:?} is not a weekday"))?,
        None => 0,
    };
    let interval = match whole(row, "interval")? {
        None => 1,
        Some(n) if (1..=u16::MAX as i64).contains(&n) => n as u16,
        Some(n) => return Err(format!("interval {n} is not a positive number")),
    };
    let interval = if interval > 1 && dtstart.is_none() {
        notes.push(format!(
            "interval {interval} without dtstart to count from: read as interval 1"
        ));
        1
    } else {
        interval
    };

    let mut rule = Rule {
        kind,
        closure,
        weekdays,
        wkst,
        interval,
        opens: open_s,
        closes: close_s,
        offset,
        valid_from,
        valid_to,
        dtstart,
        until,
        extra,
    };
    if let Some(count) = whole(row, "count")? {
        if count < 1 {
            return Err(format!("count {count}: no occurrences"));
        }
        match dtstart {
            None => notes.push(format!(
                "count {count} without dtstart to count from: ignored"
            )),
            Some(start) => {
                let mut seen = 0;
                let mut last = None;
                for k in 0..COUNT_SEARCH_DAYS {
                    let Some(d) = start.checked_add_signed(Duration::days(k)) else {
                        break;
                    };
                    if until.is_some_and(|u| d > u) {
                        break;
                    }
                    if rule.pattern(&Day::new(d)) {
                        seen += 1;
                        if seen == count {
                            last = Some(d);
                            break;
                        }
                    }
                }
                if let Some(d) = last {
                    until = Some(until.map_or(d, |u| u.min(d)));
                    rule.until = until;
                }
            }
        }
    }
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;
    use proptest::prelude::*;
    use serde_json::json;

    const NY: Tz = chrono_tz::America::New_York;

    #[test]
    fn an_offset_with_a_multi_byte_character_is_not_a_time_and_does_not_panic() {
        // Found by the schedule fuzz target (fuzz/): "0Ё!" split inside 'Ё'.
        assert!(parse_time("12:50-0Ё!").is_err());
        assert!(parse_time("12:50+Ё1").is_err());
    }

    fn row(v: Value) -> hsds::Record {
        match v {
            Value::Object(m) => m,
            _ => panic!("test rows are objects"),
        }
    }

    fn hours(rows: &[Value]) -> Hours {
        let records: Vec<hsds::Record> = rows.iter().cloned().map(row).collect();
        let refs: Vec<&hsds::Record> = records.iter().collect();
        let (h, report) = parse(&refs);
        assert!(
            report.iter().all(|m| !m.contains("skipped")),
            "unexpected skips: {report:?}"
        );
        h
    }

    #[test]
    fn rows_parsed_one_by_one_and_merged_answer_like_rows_parsed_together() {
        let rows = [
            weekly("MO,TU,WE,TH,FR", "09:00", "12:00"),
            weekly("MO,TU,WE,TH,FR", "13:00", "17:00"),
            weekly("FR", "22:00", "06:00"),
            json!({"id": "c", "valid_from": "2026-12-25", "valid_to": "2026-12-25"}),
        ];
        let together = hours(&rows);
        let merged = Hours::merge(rows.iter().map(|r| hours(std::slice::from_ref(r))));
        let start = chrono::DateTime::parse_from_rfc3339("2026-12-21T00:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        let mut open_minutes = 0;
        for m in (0..(8 * 24 * 60)).step_by(15) {
            let at = start + chrono::Duration::minutes(m);
            let state = together.state_at(NY, at);
            assert_eq!(merged.state_at(NY, at), state, "at {at}");
            open_minutes += i32::from(state == OpenState::Open);
        }
        // Seven hours a weekday, Friday night, minus Christmas Day: the comparison saw both states.
        assert!(
            open_minutes > 50 && open_minutes < 8 * 24 * 4,
            "{open_minutes}"
        );
    }

    fn weekly(byday: &str, opens: &str, closes: &str) -> Value {
        json!({"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes})
    }

    /// An instant given as local wall time in `tz` (the earliest reading when ambiguous).
    fn at(tz: Tz, s: &str) -> DateTime<Utc> {
        let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
            .expect("test time");
        tz.from_local_datetime(&n)
            .earliest()
            .expect("test time exists")
            .with_timezone(&Utc)
    }

    fn utc(s: &str) -> DateTime<Utc> {
        at(chrono_tz::UTC, s)
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
    }

    use OpenState::{Closed, Open, Unknown};

    // 2026-03-06 is a Friday, 2026-03-07 a Saturday, 2026-03-05 a Thursday.

    #[test]
    fn open_22_to_06_on_friday_asked_saturday_0300_is_open() {
        let h = hours(&[weekly("FR", "22:00", "06:00")]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-07 03:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 23:30")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-07 06:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 21:59")), Closed);
    }

    #[test]
    fn open_22_to_06_on_friday_asked_friday_0300_is_closed() {
        let h = hours(&[weekly("FR", "22:00:00", "06:00:00")]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 03:00")), Closed);
        let with_thursday = hours(&[weekly("TH,FR", "22:00:00", "06:00:00")]);
        assert_eq!(with_thursday.state_at(NY, at(NY, "2026-03-06 03:00")), Open);
    }

    #[test]
    fn split_hours_lunch_break_is_closed() {
        let h = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "12:00"),
            weekly("MO,TU,WE,TH,FR", "13:00", "17:00"),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 12:30")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 11:59")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 13:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-07 10:00")), Closed);
    }

    #[test]
    fn all_day_0000_to_2359_is_open_at_2359_30() {
        for closes in ["23:59", "23:59:59", "24:00"] {
            let h = hours(&[weekly("FR", "00:00", closes)]);
            assert_eq!(
                h.state_at(NY, at(NY, "2026-03-06 23:59:30")),
                Open,
                "{closes}"
            );
            assert_eq!(h.state_at(NY, at(NY, "2026-03-06 00:00")), Open, "{closes}");
            assert_eq!(
                h.state_at(NY, at(NY, "2026-03-07 00:00")),
                Closed,
                "{closes}"
            );
        }
    }

    #[test]
    fn seven_days_24h_always_open() {
        let h = hours(&[weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")]);
        let start = utc("2026-01-01 00:00");
        for k in 0..(366 * 24 * 4) {
            let t = start + Duration::minutes(15 * k + 7);
            assert_eq!(h.state_at(NY, t), Open, "{t}");
        }
        assert_eq!(h.closes_at(NY, start), None);
        assert_eq!(h.describe(), "Every day 24 hours");
    }

    #[test]
    fn first_monday_of_month() {
        let h = hours(&[
            json!({"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-02 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-09 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-02-23 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-06-01 10:00")), Open);
        let two = hours(&[
            json!({"freq": "MONTHLY", "byday": "2TU,4TU", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(two.state_at(NY, at(NY, "2026-03-10 10:00")), Open);
        assert_eq!(two.state_at(NY, at(NY, "2026-03-24 10:00")), Open);
        assert_eq!(two.state_at(NY, at(NY, "2026-03-17 10:00")), Closed);
        assert_eq!(two.state_at(NY, at(NY, "2026-03-03 10:00")), Closed);
    }

    #[test]
    fn last_friday_of_month() {
        let h = hours(&[
            json!({"freq": "MONTHLY", "byday": "-1FR", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-01-30 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-01-23 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-02-27 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-02-20 10:00")), Closed);
    }

    #[test]
    fn bymonthday_minus_one_is_last_day() {
        let h = hours(&[
            json!({"freq": "MONTHLY", "bymonthday": "-1", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-02-28 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2028-02-29 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2028-02-28 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-04-30 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-30 10:00")), Closed);
        let fifteen = hours(&[
            json!({"freq": "MONTHLY", "bymonthday": "1,15", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(fifteen.state_at(NY, at(NY, "2026-03-15 10:00")), Open);
        assert_eq!(fifteen.state_at(NY, at(NY, "2026-03-01 10:00")), Open);
        assert_eq!(fifteen.state_at(NY, at(NY, "2026-03-16 10:00")), Closed);
    }

    #[test]
    fn every_other_week_from_dtstart() {
        // dtstart Monday 2026-03-02: open on the Mondays 2, 16, 30 March, not 9 or 23.
        let h = hours(&[
            json!({"freq": "WEEKLY", "interval": 2, "dtstart": "2026-03-02", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-02 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-09 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-16 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-23 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-30 10:00")), Open);
        // Before dtstart there are no occurrences: not yet in effect, so unknown.
        assert_eq!(h.state_at(NY, at(NY, "2026-02-16 10:00")), Unknown);
        // Interval as a string (CSV) works too; without dtstart it is read as weekly, with a note.
        let recs = [row(
            json!({"id": "x", "freq": "WEEKLY", "interval": "2", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}),
        )];
        let (h2, report) = parse(&[&recs[0]]);
        assert_eq!(h2.state_at(NY, at(NY, "2026-03-09 10:00")), Open);
        assert_eq!(report.len(), 1);
        assert!(report[0].contains("note: interval 2"), "{report:?}");
    }

    #[test]
    fn until_and_count_end_a_rule() {
        let until = hours(&[
            json!({"freq": "WEEKLY", "byday": "MO", "until": "2026-03-09", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(until.state_at(NY, at(NY, "2026-03-09 10:00")), Open);
        assert_eq!(until.state_at(NY, at(NY, "2026-03-16 10:00")), Unknown);
        // count 3 from Monday 2 March: 2, 9, 16 March.
        let count = hours(&[
            json!({"freq": "WEEKLY", "byday": "MO", "dtstart": "2026-03-02", "count": 3, "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(count.state_at(NY, at(NY, "2026-03-16 10:00")), Open);
        assert_eq!(count.state_at(NY, at(NY, "2026-03-23 10:00")), Unknown);
    }

    #[test]
    fn holiday_closure_by_valid_from_to_overrides_weekly() {
        // Friday 2026-12-25.
        let h = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
            json!({"valid_from": "2026-12-25", "valid_to": "2026-12-25", "description": "Closed for Christmas"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-12-25 10:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-12-24 10:00")), Open);
        assert_eq!(h.state_at(NY, at(NY, "2026-12-28 10:00")), Open);
        assert_eq!(
            h.next_opening(NY, at(NY, "2026-12-25 10:00")),
            Some(wall("2026-12-28 09:00"))
        );
        // A closure alone is known-closed on its date and unknown elsewhere.
        let only = hours(&[json!({"valid_from": "2026-12-25", "valid_to": "2026-12-25"})]);
        assert_eq!(only.state_at(NY, at(NY, "2026-12-25 10:00")), Closed);
        assert_eq!(only.state_at(NY, at(NY, "2026-12-24 10:00")), Unknown);
        // Special hours on a date replace the regular hours of that date.
        let special = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
            json!({"valid_from": "2026-12-24", "valid_to": "2026-12-24", "opens_at": "10:00", "closes_at": "14:00"}),
        ]);
        assert_eq!(special.state_at(NY, at(NY, "2026-12-24 09:30")), Closed);
        assert_eq!(special.state_at(NY, at(NY, "2026-12-24 13:30")), Open);
        assert_eq!(special.state_at(NY, at(NY, "2026-12-24 15:00")), Closed);
        assert_eq!(special.state_at(NY, at(NY, "2026-12-23 15:00")), Open);
    }

    #[test]
    fn closure_on_saturday_keeps_fridays_overnight_period() {
        let h = hours(&[
            weekly("FR,SA", "22:00", "06:00"),
            json!({"valid_from": "2026-03-07", "valid_to": "2026-03-07"}),
        ]);
        // Friday's night started before the closed date.
        assert_eq!(h.state_at(NY, at(NY, "2026-03-07 03:00")), Open);
        // Saturday's own night is cancelled.
        assert_eq!(h.state_at(NY, at(NY, "2026-03-07 23:00")), Closed);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-08 03:00")), Closed);
    }

    #[test]
    fn valid_to_in_the_past_no_longer_applies() {
        let h = hours(&[
            json!({"freq": "WEEKLY", "byday": "FR", "opens_at": "09:00", "closes_at": "17:00", "valid_from": "2025-01-01", "valid_to": "2025-12-31"}),
        ]);
        assert_eq!(h.state_at(NY, at(NY, "2026-03-06 10:00")), Unknown);
        assert_eq!(h.state_at(NY, at(NY, "2025-03-07 10:00")), Open);
        // Old hours plus current ones: only the current ones count.
        let both = hours(&[
            json!({"freq": "WEEKLY", "byday": "FR", "opens_at": "09:00", "closes_at": "17:00", "valid_to": "2025-12-31"}),
            json!({"freq": "WEEKLY", "byday": "FR", "opens_at": "12:00", "closes_at": "17:00", "valid_from": "2026-01-01"}),
        ]);
        assert_eq!(both.state_at(NY, at(NY, "2026-03-06 10:00")), Closed);
        assert_eq!(both.state_at(NY, at(NY, "2026-03-06 13:00")), Open);
        assert_eq!(both.state_at(NY, at(NY, "2025-03-07 10:00")), Open);
    }

    #[test]
    fn spring_forward_night_new_york() {
        // 2026-03-08 (Sunday) 02:00 EST jumps to 03:00 EDT.
        let h = hours(&[weekly("SU", "01:00", "04:00")]);
        let t = Utc.with_ymd_and_hms(2026, 3, 8, 7, 30, 0).unwrap(); // 03:30 EDT
        assert_eq!(t.with_timezone(&NY).naive_local(), wall("2026-03-08 03:30"));
        assert_eq!(h.state_at(NY, t), Open);
        let before = Utc.with_ymd_and_hms(2026, 3, 8, 6, 30, 0).unwrap(); // 01:30 EST
        assert_eq!(h.state_at(NY, before), Open);
        let after = Utc.with_ymd_and_hms(2026, 3, 8, 8, 0, 0).unwrap(); // 04:00 EDT
        assert_eq!(h.state_at(NY, after), Closed);
        assert_eq!(h.closes_at(NY, t), Some(wall("2026-03-08 04:00")));
        // Opening inside the gap (02:30 does not exist): next opening is the first real time.
        let gap = hours(&[weekly("SU", "02:30", "05:00")]);
        let sat = Utc.with_ymd_and_hms(2026, 3, 8, 5, 0, 0).unwrap(); // 00:00 EST
        assert_eq!(gap.next_opening(NY, sat), Some(wall("2026-03-08 03:00")));
        assert_eq!(gap.state_at(NY, t), Open);
    }

    #[test]
    fn fall_back_night_ambiguous_hour() {
        // 2026-11-01 (Sunday) 01:00-02:00 happens twice: EDT (05:xx UTC) then EST (06:xx UTC).
        let until_0130 = hours(&[weekly("SU", "00:00", "01:30")]);
        let first_0115 = Utc.with_ymd_and_hms(2026, 11, 1, 5, 15, 0).unwrap();
        let second_0115 = Utc.with_ymd_and_hms(2026, 11, 1, 6, 15, 0).unwrap();
        let second_0145 = Utc.with_ymd_and_hms(2026, 11, 1, 6, 45, 0).unwrap();
        assert_eq!(
            second_0115.with_timezone(&NY).naive_local(),
            wall("2026-11-01 01:15")
        );
        assert_eq!(until_0130.state_at(NY, first_0115), Open);
        assert_eq!(until_0130.state_at(NY, second_0115), Open);
        assert_eq!(until_0130.state_at(NY, second_0145), Closed);
        // 01:45 EDT comes before the later reading of "01:30" (01:30 EST): either reading counts.
        let first_0145 = Utc.with_ymd_and_hms(2026, 11, 1, 5, 45, 0).unwrap();
        assert_eq!(until_0130.state_at(NY, first_0145), Open);
        let from_0130 = hours(&[weekly("SU", "01:30", "05:00")]);
        assert_eq!(from_0130.state_at(NY, first_0145), Open);
        assert_eq!(from_0130.state_at(NY, second_0115), Open); // still open since the first 01:30
        assert_eq!(from_0130.state_at(NY, first_0115), Closed);
        let four = Utc.with_ymd_and_hms(2026, 11, 1, 9, 30, 0).unwrap(); // 04:30 EST
        assert_eq!(from_0130.state_at(NY, four), Open);
        assert_eq!(
            from_0130.closes_at(NY, four),
            Some(wall("2026-11-01 05:00"))
        );
    }

    #[test]
    fn no_schedule_is_unknown_not_closed() {
        let (h, report) = parse::<hsds::Record>(&[]);
        assert!(h.is_empty() && report.is_empty());
        assert_eq!(h.state_at(NY, utc("2026-03-06 15:00")), Unknown);
        assert_eq!(h.closes_at(NY, utc("2026-03-06 15:00")), None);
        assert_eq!(h.next_opening(NY, utc("2026-03-06 15:00")), None);
        assert_eq!(h.describe(), "Hours unknown");
        // Rows with no times (only a description) are skipped, reported, and leave hours unknown.
        let recs = [row(
            json!({"id": "s1", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "description": "Open 24 hours"}),
        )];
        let (h, report) = parse(&[&recs[0]]);
        assert!(h.is_empty());
        assert_eq!(h.state_at(NY, utc("2026-03-06 15:00")), Unknown);
        assert_eq!(report.len(), 1);
        assert!(report[0].starts_with("schedule s1: skipped:"), "{report:?}");
    }

    #[test]
    fn unparseable_rows_are_skipped_and_reported() {
        let recs: Vec<hsds::Record> = [
            json!({"id": "a", "freq": "WEEKLY", "byday": "XX", "opens_at": "09:00", "closes_at": "17:00"}),
            json!({"id": "b", "freq": "WEEKLY", "byday": "MO", "opens_at": "nine", "closes_at": "17:00"}),
            json!({"id": "c", "freq": "YEARLY", "byday": "MO", "opens_at": "09:00", "closes_at": "17:00"}),
            json!({"id": "d", "freq": "WEEKLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "17:00"}),
            json!({"id": "e", "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"}),
            json!({"id": "f", "freq": "WEEKLY", "byday": "TU", "opens_at": "9:00 am", "closes_at": "5pm"}),
        ]
        .into_iter()
        .map(row)
        .collect();
        let refs: Vec<&hsds::Record> = recs.iter().collect();
        let (h, report) = parse(&refs);
        assert_eq!(report.len(), 5, "{report:?}");
        for (msg, id) in report.iter().zip(["a", "b", "c", "d", "e"]) {
            assert!(
                msg.starts_with(&format!("schedule {id}: skipped:")),
                "{msg}"
            );
        }
        assert_eq!(h.describe(), "Tue 9:00-17:00");
    }

    #[test]
    fn utc_offset_on_opens_at() {
        // 09:00-17:00 at UTC-05:00 is 14:00-22:00 UTC, whatever zone the caller passes.
        let h = hours(&[weekly("FR", "09:00:00-05:00", "17:00:00-05:00")]);
        let tokyo = chrono_tz::Asia::Tokyo;
        assert_eq!(h.state_at(tokyo, utc("2026-03-06 14:30")), Open);
        assert_eq!(h.state_at(tokyo, utc("2026-03-06 13:30")), Closed);
        assert_eq!(h.state_at(tokyo, utc("2026-03-06 22:00")), Closed);
        let z = hours(&[weekly("FR", "09:00Z", "17:00Z")]);
        assert_eq!(z.state_at(NY, utc("2026-03-06 16:30")), Open);
        assert_eq!(z.state_at(NY, utc("2026-03-06 08:30")), Closed);
        // The numeric timezone field is only a fallback zone, and works through the same API.
        let recs = [row(
            json!({"freq": "WEEKLY", "byday": "FR", "opens_at": "09:00", "closes_at": "17:00", "timezone": -5}),
        )];
        let refs = [&recs[0]];
        let zone = fallback_zone(&refs).expect("timezone field");
        assert_eq!(zone.local_minus_utc(), -5 * 3600);
        let (h, _) = parse(&refs);
        assert_eq!(h.state_at(zone, utc("2026-03-06 14:30")), Open);
        assert_eq!(h.state_at(zone, utc("2026-03-06 13:30")), Closed);
        let from_offset = [row(json!({"opens_at": "09:00+05:30"}))];
        assert_eq!(
            fallback_zone(&[&from_offset[0]]).map(|z| z.local_minus_utc()),
            Some(5 * 3600 + 1800)
        );
        assert_eq!(fallback_zone(&[&row(json!({"byday": "MO"}))]), None);
    }

    #[test]
    fn closes_at_and_next_opening() {
        let h = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "12:00"),
            weekly("MO,TU,WE,TH,FR", "13:00", "17:00"),
            weekly("FR", "22:00", "06:00"),
            weekly("SA", "06:00", "10:00"),
        ]);
        assert_eq!(
            h.closes_at(NY, at(NY, "2026-03-06 10:00")),
            Some(wall("2026-03-06 12:00"))
        );
        assert_eq!(h.next_opening(NY, at(NY, "2026-03-06 10:00")), None);
        assert_eq!(h.closes_at(NY, at(NY, "2026-03-06 12:30")), None);
        assert_eq!(
            h.next_opening(NY, at(NY, "2026-03-06 12:30")),
            Some(wall("2026-03-06 13:00"))
        );
        assert_eq!(
            h.next_opening(NY, at(NY, "2026-03-06 18:00")),
            Some(wall("2026-03-06 22:00"))
        );
        // Friday night runs into Saturday morning without a break.
        assert_eq!(
            h.closes_at(NY, at(NY, "2026-03-06 23:00")),
            Some(wall("2026-03-07 10:00"))
        );
        assert_eq!(
            h.next_opening(NY, at(NY, "2026-03-07 11:00")),
            Some(wall("2026-03-09 09:00"))
        );
        // Nothing within 7 days.
        let monthly = hours(&[
            json!({"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "12:00"}),
        ]);
        assert_eq!(monthly.next_opening(NY, at(NY, "2026-03-03 10:00")), None);
        assert_eq!(
            monthly.next_opening(NY, at(NY, "2026-03-31 10:00")),
            Some(wall("2026-04-06 09:00"))
        );
    }

    #[test]
    fn describe_with_another_languages_words() {
        let mut w = Words::english().clone();
        w.days = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"].map(str::to_string);
        w.hours_24 = "24 horas".into();
        w.every_day = "Todos los días".into();
        w.unknown = "Horario desconocido".into();
        let h = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
            weekly("SA", "10:00", "14:00"),
        ]);
        assert_eq!(h.describe_with(&w), "lun-vie 9:00-17:00; sáb 10:00-14:00");
        let all = hours(&[weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")]);
        assert_eq!(all.describe_with(&w), "Todos los días 24 horas");
        assert_eq!(hours(&[]).describe_with(&w), "Horario desconocido");
        // English stays the default.
        assert_eq!(all.describe(), "Every day 24 hours");
    }

    #[test]
    fn describe_weekdays_and_saturday() {
        let h = hours(&[
            weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
            weekly("SA", "10:00:00", "14:00:00"),
        ]);
        assert_eq!(h.describe(), "Mon-Fri 9:00-17:00; Sat 10:00-14:00");
        let split = hours(&[
            weekly("MO,TU,WE", "09:00", "12:00"),
            weekly("MO,TU,WE", "13:00", "17:30"),
            weekly("FR,SA,SU", "22:00", "06:00"),
        ]);
        assert_eq!(
            split.describe(),
            "Mon-Wed 9:00-12:00, 13:00-17:30; Fri-Sun 22:00-6:00"
        );
        let wrap = hours(&[weekly("SU,MO", "10:00", "12:00")]);
        assert_eq!(wrap.describe(), "Sun, Mon 10:00-12:00");
        let mixed = hours(&[
            weekly("MO,WE,FR", "09:00", "17:00"),
            json!({"freq": "MONTHLY", "byday": "1TU,3TU", "opens_at": "18:00", "closes_at": "20:00"}),
            json!({"freq": "MONTHLY", "bymonthday": "-1", "opens_at": "09:00", "closes_at": "12:00"}),
            json!({"freq": "WEEKLY", "interval": 2, "dtstart": "2026-03-02", "byday": "SA", "opens_at": "10:00", "closes_at": "12:00"}),
            json!({"valid_from": "2026-12-25", "valid_to": "2026-12-25"}),
            json!({"valid_from": "2026-12-24", "valid_to": "2026-12-24", "opens_at": "10:00", "closes_at": "14:00"}),
        ]);
        assert_eq!(
            mixed.describe(),
            "Mon, Wed, Fri 9:00-17:00; Closed 2026-12-25; 2026-12-24: 10:00-14:00; \
             1st and 3rd Tue of the month 18:00-20:00; Last day of the month 9:00-12:00; \
             Every other week: Sat 10:00-12:00"
        );
    }

    #[test]
    fn hours_and_rules_stay_compact() {
        // The index keeps one Hours per service: a thin pointer pair and the 168-bit weekly
        // summary (24 bytes: 24 MB at a million services, for open-at queries that skip the
        // rules of most closed candidates); rules stay small.
        assert_eq!(std::mem::size_of::<Hours>(), 40);
        assert!(
            std::mem::size_of::<Rule>() <= 48,
            "{}",
            std::mem::size_of::<Rule>()
        );
    }

    /// One random weekly row: day mask, opens and closes in minutes (closes 1440 = "24:00").
    fn arb_row() -> impl Strategy<Value = (u8, u32, u32)> {
        (1u8..128, 0u32..1440, 0u32..=1440)
    }

    fn hhmm(min: u32) -> String {
        format!("{:02}:{:02}", min / 60, min % 60)
    }

    /// A schedule row of any kind the parser reads: weekly, monthly by ordinal or month day,
    /// daily, a dated exception or closure; hours past midnight, all day, or with an offset.
    fn arb_any_row() -> impl Strategy<Value = Value> {
        let kind = 0u8..6;
        (
            kind,
            1u8..128,
            0u32..1440,
            0u32..=1440,
            0u8..4,
            1u8..29,
            0u8..3,
        )
            .prop_map(|(kind, mask, o, c, ord, mday, zone)| {
                let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
                let days: Vec<String> = (0..7)
                    .filter(|d| mask & (1 << d) != 0)
                    .map(|d| codes[d].to_string())
                    .collect();
                let mut v = json!({"opens_at": hhmm(o), "closes_at": hhmm(c)});
                match kind {
                    0 => {
                        v["freq"] = json!("WEEKLY");
                        v["byday"] = json!(days.join(","));
                    }
                    1 => {
                        let nth: Vec<String> =
                            days.iter().map(|d| format!("{}{d}", ord + 1)).collect();
                        v["freq"] = json!("MONTHLY");
                        v["byday"] = json!(nth.join(","));
                    }
                    2 => {
                        v["freq"] = json!("MONTHLY");
                        v["bymonthday"] = json!(format!("{mday},-{}", ord + 1));
                    }
                    3 => v["freq"] = json!("DAILY"),
                    4 => {
                        // Special hours on dated days (an exception).
                        v["valid_from"] = json!(format!("2026-{:02}-{:02}", ord * 3 + 1, mday));
                        v["valid_to"] = json!(format!("2026-{:02}-{:02}", ord * 3 + 2, mday));
                    }
                    _ => {
                        // A closure over some days, with weekly hours alongside in other rows.
                        v = json!({"valid_from": format!("2026-{:02}-{:02}", ord * 3 + 1, mday),
                                   "valid_to": format!("2026-{:02}-{:02}", ord * 3 + 1, mday + 1),
                                   "description": "closed"});
                    }
                }
                if zone == 1 && kind < 4 {
                    // The row's own UTC offset (its wall clock is not the zone's).
                    v["opens_at"] = json!(format!("{}-03:00", hhmm(o)));
                    v["closes_at"] = json!(format!("{}-03:00", hhmm(c)));
                }
                v
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The weekly summary may only say "cannot be open" when the rows agree: whenever the
        /// rows say open, the summary's hour is set, for every kind of row, zone and instant.
        #[test]
        fn the_weekly_summary_never_hides_an_open_hour(
            rows in proptest::collection::vec(arb_any_row(), 1..4),
            zone in 0usize..3,
            offsets in proptest::collection::vec(0i64..(366 * 86_400), 40),
        ) {
            let tz = [chrono_tz::UTC, NY, chrono_tz::Australia::Sydney][zone];
            let records: Vec<hsds::Record> = rows.iter().cloned().map(row).collect();
            let refs: Vec<&hsds::Record> = records.iter().collect();
            let (h, _) = parse(&refs);
            for off in offsets {
                let t = utc("2026-01-01 00:00") + Duration::seconds(off);
                let local = LocalTime::new(tz, t);
                if h.state_at_local(&local) == OpenState::Open {
                    prop_assert!(h.may_be_open(&local), "open at {} but the summary says not", local.wall());
                }
            }
        }

        #[test]
        fn weekly_rules_agree_with_minute_by_minute_reference(
            rows in proptest::collection::vec(arb_row(), 1..4),
            zone in 0usize..3,
            offset_s in 0i64..(366 * 86_400),
        ) {
            let tz = [chrono_tz::UTC, NY, chrono_tz::Australia::Sydney][zone];
            let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
            let values: Vec<Value> = rows
                .iter()
                .map(|&(mask, o, c)| {
                    let days: Vec<&str> =
                        (0..7).filter(|d| mask & (1 << d) != 0).map(|d| codes[d]).collect();
                    weekly(&days.join(","), &hhmm(o), &hhmm(c))
                })
                .collect();
            let h = hours(&values);
            // Reference: mark every open minute of a week (Monday 00:00 = minute 0), naively.
            let week = 7 * 1440;
            let mut open = vec![false; week];
            for &(mask, o, c) in &rows {
                let c = if c >= 1439 { 1440 } else { c }; // 23:59 and 24:00 = end of day
                let len = if c > o { c - o } else { c + 1440 - o };
                for d in 0..7 {
                    if mask & (1 << d) != 0 {
                        for m in 0..len {
                            open[(d * 1440 + (o + m) as usize) % week] = true;
                        }
                    }
                }
            }
            let t = utc("2026-01-01 00:00") + Duration::seconds(offset_s);
            let local = t.with_timezone(&tz).naive_local();
            // The reference reads wall minutes; a repeated (fall-back) hour is tested on its own.
            prop_assume!(!matches!(tz.from_local_datetime(&local), LocalResult::Ambiguous(..)));
            let minute = local.weekday().num_days_from_monday() as usize * 1440
                + (local.num_seconds_from_midnight() / 60) as usize;
            let expected = if open[minute] { Open } else { Closed };
            prop_assert_eq!(h.state_at(tz, t), expected, "local {}", local);
            // The weekly summary is set in every open hour, and clear an hour away from any
            // open minute (it rounds periods out to whole hours, the closing one included).
            let summary = h.may_be_open(&LocalTime::new(tz, t));
            if expected == Open {
                prop_assert!(summary, "open at {} but the summary says not", local);
            }
            let start = minute / 60 * 60 + week;
            if !(start - 60..start + 60).any(|m| open[m % week]) {
                prop_assert!(!summary, "closed around {} but the summary says maybe", local);
            }
            // next_opening agrees with scanning the reference forward (UTC only: no DST jumps).
            if tz == chrono_tz::UTC && !open[minute] {
                let base = local.with_second(0).and_then(|x| x.with_nanosecond(0)).unwrap();
                let want = (1..=7 * 1440)
                    .find(|k| open[(minute + k) % week])
                    .map(|k| base + Duration::minutes(k as i64));
                prop_assert_eq!(h.next_opening(tz, t), want);
            }
            if tz == chrono_tz::UTC && open[minute] {
                let base = local.with_second(0).and_then(|x| x.with_nanosecond(0)).unwrap();
                let want = (1..=7 * 1440 + 1)
                    .find(|k| !open[(minute + k) % week])
                    .filter(|&k| k <= 7 * 1440)
                    .map(|k| base + Duration::minutes(k as i64));
                prop_assert_eq!(h.closes_at(tz, t), want);
            }
        }
    }
}
