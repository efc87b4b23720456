//! Short-lived copies of reads that dominate traffic: a public catalogue page, the session behind an
//! access token.
//!
//! A copy is served while two things hold: nothing it depends on has been written through this
//! process's store since it was read (for a session check any write but the mail worker's outbox
//! bookkeeping, [`persistence::Store::writes`]; for a catalogue page a write of services,
//! [`persistence::Store::catalogue_writes`]), and it is
//! younger than the time to live (`HUB_CACHE_TTL_MS`, 1 s by default). The first makes a change
//! visible at once to the instance that made it — a logout, a publication; the second bounds how
//! long another instance sharing the database (or a `hub admin` command) may go unseen. A public
//! page already tells clients and proxies they may keep it for a minute (`Cache-Control: public,
//! max-age=60`).

use std::hash::Hash;
use std::time::{Duration, Instant};

/// A response kept for anonymous callers: its validator and its serialized body.
#[derive(Debug)]
pub struct CachedPage {
    /// The `ETag`.
    pub etag: String,
    /// The JSON body.
    pub body: actix_web::web::Bytes,
    /// Headers the page carries besides (`Deprecation`, `Sunset`, `Link` of a deprecated service).
    pub headers: Vec<(&'static str, String)>,
}

/// A bounded map of copies, each with the store's write count (of the kind it depends on) when it
/// was read.
pub struct ReadCache<K, V> {
    copies: quick_cache::sync::Cache<K, Entry<V>>,
    ttl: Duration,
}

#[derive(Clone)]
struct Entry<V> {
    value: V,
    writes: u64,
    read_at: Instant,
}

impl<K, V> std::fmt::Debug for ReadCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache").field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

impl<K: Eq + Hash + Clone, V: Clone> ReadCache<K, V> {
    /// At most `capacity` copies (the least used go first), each kept at most `ttl`; a zero `ttl`
    /// keeps nothing.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self { copies: quick_cache::sync::Cache::new(capacity.max(1)), ttl }
    }

    /// The copy of `key`, if one was read when the store's write count was `writes_now` and is
    /// younger than the time to live.
    pub fn get<Q>(&self, key: &Q, writes_now: u64) -> Option<V>
    where
        Q: Hash + quick_cache::Equivalent<K> + ?Sized,
    {
        let copy = self.copies.get(key)?;
        (copy.writes == writes_now && copy.read_at.elapsed() < self.ttl).then_some(copy.value)
    }

    /// Keeps `value` as the copy of `key`. `writes` is the store's write count taken *before* the
    /// read, so that a write finishing during the read makes the copy stale rather than hiding.
    pub fn put(&self, key: K, value: V, writes: u64) {
        if !self.ttl.is_zero() {
            self.copies.insert(key, Entry { value, writes, read_at: Instant::now() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_served_until_a_write_or_its_age_ends_it() {
        let cache = ReadCache::new(8, Duration::from_millis(200));
        cache.put("a".to_owned(), 1, 5);
        assert_eq!(cache.get("a", 5), Some(1), "no write since the read");
        assert_eq!(cache.get("a", 6), None, "a write since the read");
        assert_eq!(cache.get("b", 5), None, "never read");
        cache.put("a".to_owned(), 2, 6);
        assert_eq!(cache.get("a", 6), Some(2), "the newer copy replaced the older");
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cache.get("a", 6), None, "older than its time to live");
    }

    #[test]
    fn a_zero_time_to_live_keeps_nothing() {
        let cache = ReadCache::new(8, Duration::ZERO);
        cache.put("a".to_owned(), 1, 0);
        assert_eq!(cache.get("a", 0), None);
    }
}
