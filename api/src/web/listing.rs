//! What every list page does with its filter form: a field as sent (trimmed; empty is no filter) and
//! the link to the next page that keeps the filters.

/// A field of a filter form as sent: trimmed, and an empty one is no filter.
pub fn filled(value: Option<&str>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The link to the next page of the list at `path` (after `cursor`, if there is one), keeping its
/// filters (those set).
pub fn next_page(path: &str, filters: &[(&str, Option<String>)], cursor: Option<String>) -> Option<String> {
    cursor.map(|cursor| {
        let mut url = form_urlencoded::Serializer::new(String::new());
        for (name, value) in filters {
            if let Some(value) = value {
                url.append_pair(name, value);
            }
        }
        url.append_pair("cursor", &cursor);
        format!("{path}?{}", url.finish())
    })
}
