//! Funnel analytics (issue 19): how many proposals stand in each state, how long they stay in each stage
//! of the procedure (median and 90th percentile), how often each kind of organisation's submissions are
//! accepted, and whether the reviews come in on time. Pure: the store hands over the facts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::ProposalState;

/// One proposal's path: its organisation's kind, its state now, and each state it entered, when, in order.
#[derive(Debug, Clone)]
pub struct Path {
    /// The organisation's kind (`startup`, `university`…).
    pub kind: String,
    /// Its state now.
    pub state: ProposalState,
    /// Each state entered, oldest first (its creation as a draft first).
    pub entered: Vec<(ProposalState, DateTime<Utc>)>,
}

/// A review's dates.
#[derive(Debug, Clone, Copy)]
pub struct ReviewDates {
    /// Due.
    pub due_at: DateTime<Utc>,
    /// Submitted, if it was.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Whether it is still open (assigned or in progress).
    pub open: bool,
}

/// How long proposals stayed in one state before leaving it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// The state.
    pub state: ProposalState,
    /// Stays that ended (a proposal still in the state is not counted).
    pub stays: usize,
    /// Their median, in days.
    pub median_days: f64,
    /// Their 90th percentile (nearest rank), in days.
    pub p90_days: f64,
}

/// One kind of organisation's submissions and acceptances.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The kind.
    pub kind: String,
    /// Proposals ever submitted.
    pub submitted: usize,
    /// Of those, decided: accepted, promoted or rejected after review.
    pub decided: usize,
    /// Of those, accepted or promoted.
    pub accepted: usize,
}

impl Conversion {
    /// Accepted over decided, once any is decided.
    pub fn rate(&self) -> Option<f64> {
        #[expect(clippy::cast_precision_loss, reason = "counts of proposals")]
        (self.decided > 0).then(|| self.accepted as f64 / self.decided as f64)
    }
}

/// Whether the reviews come in on time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeliness {
    /// Reviews submitted.
    pub submitted: usize,
    /// Of those, by their due date.
    pub on_time: usize,
    /// Reviews still open past their due date.
    pub overdue: usize,
    /// The median of submitted minus due, in days (negative: early).
    pub median_days_late: Option<f64>,
}

/// The funnel's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// Proposals per state now, every state listed.
    pub counts: Vec<(ProposalState, usize)>,
    /// Time in each stage a proposal leaves, in the funnel's order (only stages some proposal left).
    pub stages: Vec<StageTime>,
    /// Per kind of organisation, with at least one submission.
    pub conversion: Vec<Conversion>,
    /// The reviews.
    pub reviews: Timeliness,
}

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// The value at percentile `p` (0–100) of sorted `values`, by nearest rank; none of none.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "a rank within the list's length"
    )]
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// The median of sorted `values` (the mean of the middle two of an even count); none of none.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

/// Days between two instants.
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "durations of years at most")]
    let seconds = (to - from).num_seconds() as f64;
    seconds / DAY
}

/// The funnel's figures from the proposals' paths and the reviews' dates, at `now`.
pub fn funnel(paths: &[Path], reviews: &[ReviewDates], now: DateTime<Utc>) -> Funnel {
    let counts = ProposalState::ALL.iter().map(|s| (*s, paths.iter().filter(|p| p.state == *s).count())).collect();
    let mut stays: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for path in paths {
        for pair in path.entered.windows(2) {
            let (state, from) = pair[0];
            let order = ProposalState::ALL.iter().position(|s| *s == state).unwrap_or(usize::MAX);
            stays.entry(order).or_default().push(days(from, pair[1].1));
        }
    }
    let stages = stays
        .into_iter()
        .filter_map(|(order, mut values)| {
            let state = *ProposalState::ALL.get(order)?;
            values.sort_by(f64::total_cmp);
            Some(StageTime {
                state,
                stays: values.len(),
                median_days: median(&values)?,
                p90_days: percentile(&values, 90.0)?,
            })
        })
        .collect();
    let mut by_kind: BTreeMap<&str, Conversion> = BTreeMap::new();
    for path in paths {
        if !path.entered.iter().any(|(s, _)| *s == ProposalState::Submitted) {
            continue;
        }
        let entry = by_kind.entry(path.kind.as_str()).or_insert_with(|| Conversion {
            kind: path.kind.clone(),
            submitted: 0,
            decided: 0,
            accepted: 0,
        });
        entry.submitted += 1;
        let accepted = matches!(path.state, ProposalState::Accepted | ProposalState::Promoted);
        let reviewed = path.entered.iter().any(|(s, _)| *s == ProposalState::UnderReview);
        if accepted || (path.state == ProposalState::Rejected && reviewed) {
            entry.decided += 1;
        }
        if accepted {
            entry.accepted += 1;
        }
    }
    let mut late: Vec<f64> = reviews.iter().filter_map(|r| Some(days(r.due_at, r.submitted_at?))).collect();
    late.sort_by(f64::total_cmp);
    let timeliness = Timeliness {
        submitted: late.len(),
        on_time: late.iter().filter(|d| **d <= 0.0).count(),
        overdue: reviews.iter().filter(|r| r.open && r.due_at < now).count(),
        median_days_late: median(&late),
    };
    Funnel { counts, stages, conversion: by_kind.into_values().collect(), reviews: timeliness }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("a time") + Duration::days(day)
    }

    fn path(kind: &str, state: ProposalState, entered: &[(ProposalState, i64)]) -> Path {
        Path { kind: kind.to_owned(), state, entered: entered.iter().map(|(s, d)| (*s, at(*d))).collect() }
    }

    #[test]
    fn percentiles_by_nearest_rank_and_medians_of_even_counts() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&values, 90.0), Some(9.0));
        assert_eq!(percentile(&values, 100.0), Some(10.0));
        assert_eq!(percentile(&[4.0], 90.0), Some(4.0));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(median(&[1.0, 2.0, 4.0, 8.0]), Some(3.0));
        assert_eq!(median(&[1.0, 2.0, 4.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn stays_are_counted_once_they_end_and_kinds_convert_on_decisions() {
        use ProposalState::{Accepted, Draft, Rejected, Submitted, UnderReview};
        let paths = [
            path("startup", Accepted, &[(Draft, 0), (Submitted, 1), (UnderReview, 3), (Accepted, 13)]),
            path("startup", Rejected, &[(Draft, 0), (Submitted, 2), (UnderReview, 6), (Rejected, 8)]),
            // Found ineligible at screening: submitted, never decided on its merits.
            path("startup", Rejected, &[(Draft, 0), (Submitted, 1), (Rejected, 2)]),
            path("university", UnderReview, &[(Draft, 0), (Submitted, 5), (UnderReview, 6)]),
            path("company", Draft, &[(Draft, 0)]),
        ];
        let f = funnel(&paths, &[], at(20));
        let count = |s: ProposalState| f.counts.iter().find(|(c, _)| *c == s).map(|(_, n)| *n);
        assert_eq!(
            (count(Draft), count(Rejected), count(UnderReview), count(Accepted)),
            (Some(1), Some(2), Some(1), Some(1))
        );
        assert_eq!(f.counts.len(), ProposalState::ALL.len(), "every state listed");
        let stage = |s: ProposalState| f.stages.iter().find(|t| t.state == s).cloned().expect("a stage");
        // Submitted: 2, 4, 1 and 1 days; under review: 10 and 2 (the university's still open).
        let submitted = stage(Submitted);
        assert_eq!((submitted.stays, submitted.median_days, submitted.p90_days), (4, 1.5, 4.0));
        let review = stage(UnderReview);
        assert_eq!((review.stays, review.median_days, review.p90_days), (2, 6.0, 10.0));
        assert_eq!(stage(Draft).stays, 4, "the company's draft is still a draft");
        assert!(f.stages.iter().all(|t| t.state != Accepted), "nobody left acceptance");
        let startups = f.conversion.iter().find(|c| c.kind == "startup").expect("startups");
        assert_eq!((startups.submitted, startups.decided, startups.accepted), (3, 2, 1));
        assert_eq!(startups.rate(), Some(0.5));
        let university = f.conversion.iter().find(|c| c.kind == "university").expect("the university");
        assert_eq!((university.decided, university.rate()), (0, None));
        assert!(f.conversion.iter().all(|c| c.kind != "company"), "never submitted");
    }

    #[test]
    fn reviews_are_on_time_by_their_due_date_and_open_ones_overdue_after_it() {
        let reviews = [
            ReviewDates { due_at: at(10), submitted_at: Some(at(8)), open: false },
            ReviewDates { due_at: at(10), submitted_at: Some(at(10)), open: false },
            ReviewDates { due_at: at(10), submitted_at: Some(at(13)), open: false },
            ReviewDates { due_at: at(10), submitted_at: None, open: true },
            ReviewDates { due_at: at(30), submitted_at: None, open: true },
            ReviewDates { due_at: at(5), submitted_at: None, open: false },
        ];
        let t = funnel(&[], &reviews, at(20)).reviews;
        assert_eq!((t.submitted, t.on_time, t.overdue, t.median_days_late), (3, 2, 1, Some(0.0)));
    }
}
