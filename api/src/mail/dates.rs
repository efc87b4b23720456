//! Dates as the emails show them: in the Europe/Rome time zone, in each language's own form
//! ("16 dicembre 2026, ore 11:28"; "16 December 2026, 11:28 (Rome time)").

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use chrono_tz::Europe::Rome;
use domain::Locale;

const MESI: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads a stored instant: RFC 3339 (what the outbox stores), or the "2026-12-16 10:28 UTC" form of
/// messages queued by older versions.
pub fn parse(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M UTC").map(|d| d.and_utc()))
        .ok()
}

/// `instant` in Rome, written for `locale`.
pub fn format(instant: DateTime<Utc>, locale: Locale) -> String {
    let local = instant.with_timezone(&Rome);
    let (hour, minute) = (local.hour(), local.minute());
    let day = date(instant, locale);
    match locale {
        Locale::It => format!("{day}, ore {hour:02}:{minute:02}"),
        Locale::En => format!("{day}, {hour:02}:{minute:02} (Rome time)"),
    }
}

/// The day of `instant` in Rome, written for `locale`: "1º marzo 2027", "1 March 2027".
pub fn date(instant: DateTime<Utc>, locale: Locale) -> String {
    day(instant.with_timezone(&Rome).date_naive(), locale)
}

/// A calendar day, as [`date`] writes it.
pub fn day(date: chrono::NaiveDate, locale: Locale) -> String {
    let (day, month, year) = (date.day(), date.month0() as usize, date.year());
    match locale {
        // The first of the month is an ordinal in Italian: "1º marzo".
        Locale::It => {
            let day = if day == 1 { "1º".to_owned() } else { day.to_string() };
            format!("{day} {} {year}", MESI[month])
        }
        Locale::En => format!("{day} {} {year}", MONTHS[month]),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("a date")
    }

    #[test]
    fn winter_is_one_hour_ahead_of_utc() {
        let instant = at(2026, 12, 16, 10, 28);
        assert_eq!(format(instant, Locale::It), "16 dicembre 2026, ore 11:28");
        assert_eq!(format(instant, Locale::En), "16 December 2026, 11:28 (Rome time)");
    }

    #[test]
    fn summer_is_two_hours_ahead_and_the_day_may_change() {
        let instant = at(2026, 7, 31, 22, 5);
        assert_eq!(format(instant, Locale::It), "1º agosto 2026, ore 00:05");
        assert_eq!(format(instant, Locale::En), "1 August 2026, 00:05 (Rome time)");
    }

    #[test]
    fn both_stored_forms_are_read() {
        let instant = at(2031, 3, 4, 17, 30);
        assert_eq!(parse("2031-03-04T17:30:00Z"), Some(instant));
        assert_eq!(parse("2031-03-04T18:30:00+01:00"), Some(instant));
        assert_eq!(parse("2031-03-04 17:30 UTC"), Some(instant));
        assert_eq!(parse("next Tuesday"), None);
    }
}
