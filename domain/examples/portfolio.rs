//! Times the portfolio's exact knapsack at 10,000 proposals (issue 19; `bench/run --only P11` runs it
//! in release): three kinds of instance, each solved several times, the median printed with whether the
//! answer was proved optimal. Usage: `portfolio [PROPOSALS] [RUNS]`.

use std::time::Instant;

use domain::portfolio::knapsack::{Item, solve};

/// Weighted totals as the hub's exact integers: three reviews, equal weights, half points (a total of
/// t/24 points is the integer t), passing totals 3.0 to 5.0.
fn score(rng: &mut Rng) -> i128 {
    i128::from(72 + rng.next(49))
}

/// Makes one item of an instance.
type Maker = Box<dyn Fn(&mut Rng) -> Item>;

/// A deterministic xorshift: the same instances every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let kinds: [(&str, Maker); 3] = [
        // Requests in round thousands of euro, €20,000 to €500,000.
        (
            "realistic",
            Box::new(|rng: &mut Rng| Item { cost: (20 + rng.next(481) as i64) * 100_000, value: score(rng) }),
        ),
        // Any amount in cents.
        ("uncorrelated", Box::new(|rng: &mut Rng| Item { cost: 1 + rng.next(50_000_000) as i64, value: score(rng) })),
        // The better the score, the dearer (weakly correlated: the hard kind for branch and bound).
        (
            "correlated",
            Box::new(|rng: &mut Rng| {
                let value = score(rng);
                Item { cost: (value as i64) * 250_000 + rng.next(2_500_000) as i64, value }
            }),
        ),
    ];
    println!("portfolio knapsack: {n} proposals, budget 10% of the total asked, median of {runs} runs");
    for (name, make) in &kinds {
        let items: Vec<Item> = (0..n).map(|_| make(&mut rng)).collect();
        let capacity = items.iter().map(|i| i.cost).sum::<i64>() / 10;
        let mut times = Vec::new();
        let mut exact = true;
        let mut chosen = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let choice = solve(&items, capacity);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            exact &= choice.exact;
            chosen = choice.chosen.iter().filter(|c| **c).count();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}\t{:.1} ms\t{chosen} chosen\t{}",
            times[times.len() / 2],
            if exact { "exact" } else { "NOT PROVED" }
        );
    }
}
