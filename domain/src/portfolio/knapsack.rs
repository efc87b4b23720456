//! An exact 0/1 knapsack: the most valuable set of items whose costs fit a capacity, and among the
//! sets of that value the one that takes the earliest items (the callers give them in ranking order).
//!
//! Branch and bound (Horowitz–Sahni) over the items sorted by value per cost, bounded by the
//! fractional relaxation (Dantzig), found from prefix sums by binary search. Values are exact integers,
//! so a tie is a tie. A search budget of nodes keeps a hostile instance from running for ever: past it
//! the answer is the best set found, still within the capacity, and says it is not proved optimal.

use std::cmp::Ordering;

/// One item: what it costs and what it is worth (both ≥ 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Its cost (euro cents).
    pub cost: i64,
    /// Its value (an exact score, scaled to an integer).
    pub value: i128,
}

/// The chosen set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Per item (in the order given): chosen or not.
    pub chosen: Vec<bool>,
    /// Whether the set is proved optimal (false only when the search budget ran out).
    pub exact: bool,
}

/// Nodes the search may visit over one call: millions of nodes are a fraction of a second.
pub const NODE_BUDGET: u64 = 4_000_000;

/// The best set of `items` within `capacity`: the greatest total value, and among sets of that value
/// the one that, read in the given order, takes an item where another leaves it out.
pub fn solve(items: &[Item], capacity: i64) -> Choice {
    solve_with_budget(items, capacity, NODE_BUDGET)
}

/// [`solve`] with a given search budget (nodes).
pub fn solve_with_budget(items: &[Item], capacity: i64, budget: u64) -> Choice {
    let capacity = capacity.max(0);
    let mut search = Search { items, nodes: 0, budget, exhausted: false };
    let mut chosen = vec![false; items.len()];
    // Free items are always taken (a value is never negative); items costing more than everything never.
    let mut free: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.cost <= 0 {
            chosen[i] = true;
        } else if item.cost <= capacity {
            free.push(i);
        }
    }
    let by_ratio = ratio_order(items, &free);
    let Some((best, witness)) = search.best(&by_ratio, capacity, -1, false) else {
        return Choice { chosen, exact: !search.exhausted };
    };
    // The value to keep; then, item by item in the given order, take it if some set of that value
    // takes it along with the items taken so far (the witness is one such set).
    let mut in_witness = vec![false; items.len()];
    for i in &witness {
        in_witness[*i] = true;
    }
    let mut open = Open::new(items, &by_ratio);
    let (mut taken_value, mut room) = (0i128, capacity);
    for &i in &free {
        open.close(i);
        let item = items[i];
        let take = if in_witness[i] {
            true
        } else if item.cost > room || taken_value + item.value + open.bound(room - item.cost) < best {
            // Even the relaxation over the items still open cannot reach the best value with this one.
            false
        } else if search.exhausted {
            false
        } else {
            let rest: Vec<usize> = by_ratio.iter().copied().filter(|&j| open.is_open(j)).collect();
            let target = best - taken_value - item.value;
            match search.best(&rest, room - item.cost, target - 1, true) {
                Some((value, set)) if value >= target => {
                    in_witness.iter_mut().for_each(|w| *w = false);
                    for j in set {
                        in_witness[j] = true;
                    }
                    true
                }
                _ => false,
            }
        };
        if take {
            chosen[i] = true;
            taken_value += item.value;
            room -= item.cost;
        }
    }
    Choice { chosen, exact: !search.exhausted }
}

/// `indices` sorted by value per cost, best first (ties: the earlier item first).
fn ratio_order(items: &[Item], indices: &[usize]) -> Vec<usize> {
    let mut order = indices.to_vec();
    order.sort_by(|&a, &b| by_ratio(items[a], items[b]).then(a.cmp(&b)));
    order
}

/// Value per cost, higher first (costs are positive).
fn by_ratio(a: Item, b: Item) -> Ordering {
    (b.value * i128::from(a.cost)).cmp(&(a.value * i128::from(b.cost)))
}

/// The fractional relaxation over a ratio-sorted list, from prefix sums.
struct Dantzig<'a> {
    items: &'a [Item],
    order: &'a [usize],
    cost: Vec<i128>,
    value: Vec<i128>,
}

impl<'a> Dantzig<'a> {
    fn new(items: &'a [Item], order: &'a [usize]) -> Self {
        let mut cost = vec![0i128; order.len() + 1];
        let mut value = vec![0i128; order.len() + 1];
        for (k, &i) in order.iter().enumerate() {
            cost[k + 1] = cost[k] + i128::from(items[i].cost);
            value[k + 1] = value[k] + items[i].value;
        }
        Self { items, order, cost, value }
    }

    /// The relaxation's value over the items from position `k` on, with `room` left: the whole items
    /// that fit in order, then the fraction of the next.
    fn bound_from(&self, k: usize, room: i64) -> i128 {
        if room < 0 {
            return i128::MIN / 4;
        }
        let limit = self.cost[k] + i128::from(room);
        // The last position j ≥ k with cost[j] ≤ limit: the whole items k..j fit.
        let j = k + self.cost[k..].partition_point(|c| *c <= limit) - 1;
        let mut bound = self.value[j] - self.value[k];
        if let Some(&next) = self.order.get(j) {
            let next = self.items[next];
            bound += (limit - self.cost[j]) * next.value / i128::from(next.cost);
        }
        bound
    }
}

/// The items not decided yet, in ratio order, as Fenwick trees of their costs and values: the
/// relaxation over them in O(log n), and an item closed in O(log n).
struct Open<'a> {
    items: &'a [Item],
    order: &'a [usize],
    /// 1-based position in `order` of each item (0: not in it).
    position: Vec<usize>,
    cost: Vec<i128>,
    value: Vec<i128>,
}

impl<'a> Open<'a> {
    fn new(items: &'a [Item], order: &'a [usize]) -> Self {
        let n = order.len();
        let mut position = vec![0; items.len()];
        let (mut cost, mut value) = (vec![0i128; n + 1], vec![0i128; n + 1]);
        for (k, &i) in order.iter().enumerate() {
            position[i] = k + 1;
            cost[k + 1] += i128::from(items[i].cost);
            value[k + 1] += items[i].value;
            let parent = (k + 1) + ((k + 1) & (k + 1).wrapping_neg());
            if parent <= n {
                cost[parent] += cost[k + 1];
                value[parent] += value[k + 1];
            }
        }
        Self { items, order, position, cost, value }
    }

    fn is_open(&self, item: usize) -> bool {
        self.position[item] != 0
    }

    fn close(&mut self, item: usize) {
        let mut k = std::mem::take(&mut self.position[item]);
        if k == 0 {
            return;
        }
        let (c, v) = (i128::from(self.items[item].cost), self.items[item].value);
        while k < self.cost.len() {
            self.cost[k] -= c;
            self.value[k] -= v;
            k += k & k.wrapping_neg();
        }
    }

    /// The relaxation over the open items with `room`: the whole items that fit in ratio order, then
    /// the fraction of the next.
    fn bound(&self, room: i64) -> i128 {
        if room < 0 {
            return i128::MIN / 4;
        }
        let n = self.order.len();
        let (mut at, mut left, mut bound) = (0usize, i128::from(room), 0i128);
        let mut step = if n == 0 { 0 } else { 1 << n.ilog2() };
        while step > 0 {
            let next = at + step;
            if next <= n && self.cost[next] <= left {
                at = next;
                left -= self.cost[next];
                bound += self.value[next];
            }
            step >>= 1;
        }
        // The item after the longest prefix that fits is open (a closed one costs nothing here).
        if let Some(&next) = self.order.get(at) {
            let next = self.items[next];
            bound += left * next.value / i128::from(next.cost);
        }
        bound
    }
}

/// A depth-first search with its node count over one call of [`solve`].
struct Search<'a> {
    items: &'a [Item],
    nodes: u64,
    budget: u64,
    exhausted: bool,
}

impl Search<'_> {
    /// The most valuable subset of `order` (ratio-sorted indices) within `room` worth more than `floor`,
    /// with its items; `None` if none is (or the budget ran out first). With `first`, the first such
    /// subset found, not the most valuable.
    fn best(&mut self, order: &[usize], room: i64, floor: i128, first: bool) -> Option<(i128, Vec<usize>)> {
        let relaxation = Dantzig::new(self.items, order);
        let m = order.len();
        let mut take = vec![false; m];
        let (mut value, mut left, mut k) = (0i128, room, 0usize);
        let mut best: Option<(i128, Vec<usize>)> = None;
        let mut best_value = floor;
        'search: loop {
            self.nodes += 1;
            if self.nodes > self.budget {
                self.exhausted = true;
                break;
            }
            if value > best_value {
                best_value = value;
                best = Some((value, (0..k).filter(|&t| take[t]).map(|t| order[t]).collect()));
                if first {
                    break;
                }
            }
            if k == m || value + relaxation.bound_from(k, left) <= best_value {
                // Back to the last item taken, and on without it.
                loop {
                    if k == 0 {
                        break 'search;
                    }
                    k -= 1;
                    if take[k] {
                        take[k] = false;
                        value -= self.items[order[k]].value;
                        left += self.items[order[k]].cost;
                        k += 1;
                        continue 'search;
                    }
                }
            }
            let item = self.items[order[k]];
            take[k] = item.cost <= left;
            if take[k] {
                value += item.value;
                left -= item.cost;
            }
            k += 1;
        }
        best
    }
}
