//! Keyset pagination.

/// One page of a list and the cursor of the next, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// Where the next page starts (opaque to clients), `None` on the last page.
    pub next_cursor: Option<String>,
}

/// What a list request asks for: at most `limit` items after `after` (an item key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// The key of the last item of the previous page.
    pub after: Option<String>,
    /// How many items, 1 to 100.
    pub limit: u32,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only says there is a next page.
    pub fn from_overfetch(mut items: Vec<T>, limit: u32, key: impl Fn(&T) -> String) -> Self {
        let limit = limit as usize;
        let next_cursor = if items.len() > limit {
            items.truncate(limit);
            items.last().map(key)
        } else {
            None
        };
        Self { items, next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overfetch_sets_the_cursor_only_when_there_is_more() {
        let page = Page::from_overfetch(vec![1, 2, 3], 2, ToString::to_string);
        assert_eq!(page, Page { items: vec![1, 2], next_cursor: Some("2".to_owned()) });
        let last = Page::from_overfetch(vec![1, 2], 2, ToString::to_string);
        assert_eq!(last.next_cursor, None);
    }
}
