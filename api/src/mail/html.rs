//! The HTML part of an email, made from its plain text so the two always say the same thing: one
//! paragraph per block of text, a line that is a web address becomes a link, an indented block (a
//! note someone wrote) a quotation, and a block that starts "(English: " (the Italian email to an
//! address of unknown language) is marked as English for screen readers. Simple and readable
//! without CSS or images.

use domain::Locale;

/// The whole HTML document of an email whose text is `body`.
pub fn document(locale: Locale, subject: &str, body: &str) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n</head>\n<body>\n",
        locale.as_str(),
        escape(subject)
    );
    for block in body.split("\n\n").map(|b| b.trim_matches('\n')).filter(|b| !b.trim().is_empty()) {
        html.push_str(&paragraph(block));
        html.push('\n');
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn paragraph(block: &str) -> String {
    let trimmed = block.trim();
    if is_link(trimmed) {
        let url = escape(trimmed);
        return format!("<p><a href=\"{url}\">{url}</a></p>");
    }
    let lines: Vec<String> = block.lines().map(|line| escape(line.trim())).collect();
    let text = lines.join("<br/>\n");
    if block.starts_with("    ") {
        format!("<blockquote><p>{text}</p></blockquote>")
    } else if block.starts_with("(English: ") {
        format!("<p lang=\"en\">{text}</p>")
    } else {
        format!("<p>{text}</p>")
    }
}

fn is_link(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://")) && !text.contains(char::is_whitespace)
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_links_and_quotations() {
        let body = "Dear Anna,\n\nthe note:\n\n    Add <b>a</b> budget & more.\n\nhttps://hub.example/p?a=1&b=2\n\nKind regards,\nThe hub";
        let html = document(Locale::En, "A \"test\"", body);
        assert!(html.contains("<html lang=\"en\">"), "{html}");
        assert!(html.contains("<title>A &quot;test&quot;</title>"), "{html}");
        assert!(html.contains("<p>Dear Anna,</p>"), "{html}");
        assert!(html.contains("<blockquote><p>Add &lt;b&gt;a&lt;/b&gt; budget &amp; more.</p></blockquote>"), "{html}");
        let link = "https://hub.example/p?a=1&amp;b=2";
        assert!(html.contains(&format!("<p><a href=\"{link}\">{link}</a></p>")), "{html}");
        assert!(html.contains("<p>Kind regards,<br/>\nThe hub</p>"), "{html}");
    }

    #[test]
    fn an_english_aside_in_an_italian_email_is_marked_english() {
        let html = document(Locale::It, "s", "Gentile utente,\n\n(English: someone asked.)");
        assert!(html.contains("<p lang=\"en\">(English: someone asked.)</p>"), "{html}");
        assert!(html.contains("<p>Gentile utente,</p>"), "{html}");
    }

    #[test]
    fn a_sentence_starting_with_an_address_is_not_a_link() {
        let html = document(Locale::It, "s", "https://a.example è il sito");
        assert!(!html.contains("<a "), "{html}");
    }
}
