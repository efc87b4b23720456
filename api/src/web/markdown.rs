//! Text people wrote in Markdown (a proposal's description, a challenge's): rendered to HTML without
//! any raw HTML it holds (shown as text), its headings fitted under the page's own, then sanitised, so
//! that no script, event handler or `javascript:` link written into it reaches a reader's browser.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The heading levels a text uses, in order, mapped to the levels after `under` (the level of the
/// page's heading the text sits under): its first level one below, the next one below that, and so on
/// to `h6`, so that no level is skipped whatever levels the author picked.
fn fitted(events: &[Event<'_>], under: u8) -> impl Fn(HeadingLevel) -> HeadingLevel + use<> {
    let mut used: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|e| if let Event::Start(Tag::Heading { level, .. }) = e { Some(*level) } else { None })
        .collect();
    used.sort();
    used.dedup();
    move |level| {
        let rank = used.iter().position(|l| *l == level).unwrap_or(0);
        let fitted = usize::from(under) + 1 + rank;
        HeadingLevel::try_from(fitted.min(6)).unwrap_or(HeadingLevel::H6)
    }
}

/// Safe HTML for `markdown`, its headings below a page heading of level `under`.
pub fn render(markdown: &str, under: u8) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options)
        .map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(CowStr::from(html.into_string())),
            other => other,
        })
        .collect();
    let level = fitted(&events, under);
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading { level: l, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: level(l), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(l)) => Event::End(TagEnd::Heading(level(l))),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_headings_sit_under_the_page() {
        let html = render("# Idea\n\nA *bold* plan:\n\n- one\n- two", 2);
        assert!(
            html.contains("<h3>Idea</h3>") && html.contains("<em>bold</em>") && html.contains("<li>one</li>"),
            "{html}"
        );
    }

    #[test]
    fn no_heading_level_is_skipped_whatever_levels_the_author_picked() {
        let html = render("## Idea\n\n#### Detail\n\n## Plan", 2);
        assert!(
            html.contains("<h3>Idea</h3>") && html.contains("<h4>Detail</h4>") && html.contains("<h3>Plan</h3>"),
            "{html}"
        );
        let deep = render("# a\n\n## b\n\n### c\n\n#### d\n\n##### e", 2);
        assert!(deep.contains("<h6>d</h6>") && deep.contains("<h6>e</h6>"), "capped at h6: {deep}");
        assert!(render("# Sfida", 1).contains("<h2>Sfida</h2>"));
    }

    #[test]
    fn raw_html_is_shown_as_text_and_scripts_handlers_and_javascript_links_do_not_survive() {
        let html = render(
            "<script>alert(1)</script>\n\n[click](javascript:alert(2)) <img src=x onerror=alert(3)> \
             <a href=\"javascript:alert(4)\">x</a>\n\n<h1>Not a heading</h1>",
            2,
        );
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<h1"), "{html}");
        assert!(!html.contains("<a href=\"javascript:"), "no live javascript: link: {html}");
        assert!(html.contains("&lt;h1&gt;Not a heading"), "raw HTML is text: {html}");
    }
}
