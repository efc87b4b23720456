//! A proposal's description as its authors wrote it, in Markdown: rendered to HTML, then sanitised, so
//! that no script, event handler or `javascript:` link written into it reaches a reader's browser.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Two levels down: the description sits under the page's `h1` and its section's `h2`.
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Safe HTML for `markdown`.
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: lower(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
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
        let html = render("# Idea\n\nA *bold* plan:\n\n- one\n- two");
        assert!(
            html.contains("<h3>Idea</h3>") && html.contains("<em>bold</em>") && html.contains("<li>one</li>"),
            "{html}"
        );
    }

    #[test]
    fn scripts_handlers_and_javascript_links_do_not_survive() {
        let html = render(
            "<script>alert(1)</script>\n\n[click](javascript:alert(2)) <img src=x onerror=alert(3)> \
             <a href=\"javascript:alert(4)\">x</a>",
        );
        for hostile in ["<script", "alert(1)", "javascript:", "onerror"] {
            assert!(!html.contains(hostile), "{hostile} in {html}");
        }
    }
}
