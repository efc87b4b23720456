//! Open data (issue 19): the funnel's figures published without disclosing small groups. A count of
//! proposals from 1 to [`MIN_CELL`] − 1 is never published; where a row's total is published and only one
//! of its cells would be hidden, a second one is hidden too, so that no hidden cell can be worked out by
//! subtraction (complementary suppression).

/// The smallest count of proposals published.
pub const MIN_CELL: usize = 5;

/// One row's cells and total, each `None` where suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The cells.
    pub cells: Vec<Option<usize>>,
    /// The total of the cells.
    pub total: Option<usize>,
}

/// Whether `n` is too small to publish.
fn small(n: usize) -> bool {
    (1..MIN_CELL).contains(&n)
}

/// `cells` (whose sum is the row's total) as they may be published.
pub fn suppress(cells: &[usize]) -> Suppressed {
    let total: usize = cells.iter().sum();
    let mut shown: Vec<Option<usize>> = cells.iter().map(|n| (!small(*n)).then_some(*n)).collect();
    let total = (!small(total)).then_some(total);
    if total.is_some() && shown.iter().filter(|c| c.is_none()).count() == 1 {
        // The smallest other cell goes too (the first of equals).
        let next = shown.iter().enumerate().filter_map(|(i, c)| c.map(|n| (n, i))).min();
        if let Some((_, i)) = next {
            shown[i] = None;
        }
    }
    Suppressed { cells: shown, total }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn small_counts_are_hidden_and_a_lone_hidden_cell_gets_company() {
        assert_eq!(suppress(&[10, 7, 6]), Suppressed { cells: vec![Some(10), Some(7), Some(6)], total: Some(23) });
        // The 3 alone would be the total minus the rest: the 6 goes with it.
        assert_eq!(
            suppress(&[10, 3, 6, 8]),
            Suppressed { cells: vec![Some(10), None, None, Some(8)], total: Some(27) }
        );
        // A zero is no one: it is shown, but hides the lone cell's value as well as any other cell would.
        assert_eq!(suppress(&[12, 0, 2]), Suppressed { cells: vec![Some(12), None, None], total: Some(14) });
        // Two hidden cells already protect each other.
        assert_eq!(suppress(&[9, 1, 2]), Suppressed { cells: vec![Some(9), None, None], total: Some(12) });
        // A small total hides everything small; zeros say nothing.
        assert_eq!(suppress(&[3, 0, 0]), Suppressed { cells: vec![None, Some(0), Some(0)], total: None });
    }

    proptest! {
        #[test]
        fn nothing_small_is_published_and_no_hidden_cell_can_be_worked_out(
            cells in proptest::collection::vec(0usize..12, 1..7)
        ) {
            let out = suppress(&cells);
            prop_assert_eq!(out.cells.len(), cells.len());
            for (shown, n) in out.cells.iter().zip(&cells) {
                if let Some(v) = shown {
                    prop_assert_eq!(v, n, "a published cell is its count");
                    prop_assert!(!small(*v));
                }
            }
            if let Some(total) = out.total {
                prop_assert_eq!(total, cells.iter().sum::<usize>());
                let hidden = out.cells.iter().filter(|c| c.is_none()).count();
                // Beside a published total, a hidden cell is never alone.
                prop_assert!(hidden != 1, "{:?} → {:?}", cells, out);
            }
        }
    }
}
