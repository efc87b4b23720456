//! The pages that problem `type` URIs name: `/problems/{code}` describes one kind of problem, and
//! `/problems` lists them all. Italian by default; English with `?lang=en` or an `Accept-Language`
//! that prefers English. Plain HTML that loads nothing from elsewhere.

use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use domain::Locale;
use serde::Deserialize;

use crate::error::ApiError;
use crate::problems::{preferred, table};

/// `?lang=`.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    /// `it` or `en`.
    lang: Option<String>,
}

/// The page's language: `?lang=` first, then `Accept-Language`, then Italian.
fn language(req: &HttpRequest, query: &LangQuery) -> Locale {
    match query.lang.as_deref() {
        Some("en") => Locale::En,
        Some("it") => Locale::It,
        _ => preferred(req, Locale::It),
    }
}

/// The words of the page around the table's.
struct Words {
    site: &'static str,
    heading: &'static str,
    code: &'static str,
    status: &'static str,
    all: &'static str,
    other: (&'static str, &'static str),
}

const IT: Words = Words {
    site: "Innovation Hub",
    heading: "Problemi che l'API può segnalare",
    code: "Codice",
    status: "Stato HTTP",
    all: "Tutti i problemi",
    other: ("en", "English"),
};

const EN: Words = Words {
    site: "Innovation Hub",
    heading: "Problems the API can report",
    code: "Code",
    status: "HTTP status",
    all: "All problems",
    other: ("it", "Italiano"),
};

fn page(locale: Locale, title: &str, main: &str, path: &str) -> HttpResponse {
    let words = if locale == Locale::It { &IT } else { &EN };
    let (other_lang, other_name) = words.other;
    let body = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} — {site}</title>\n\
<style>body{{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}\
h1{{color:#06c}}a{{color:#06c}}dt{{font-weight:bold}}</style>\n</head>\n<body>\n\
<nav><a href=\"{path}?lang={other_lang}\" lang=\"{other_lang}\" hreflang=\"{other_lang}\">{other_name}</a></nav>\n\
<main>\n{main}</main>\n</body>\n</html>\n",
        lang = locale.as_str(),
        site = words.site,
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, locale.as_str()))
        .insert_header((header::VARY, "accept-language"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        // Its own style sheet, inline; nothing else (the page holds no user content).
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .body(body)
}

/// One kind of problem.
///
/// # Errors
/// 404 for a code the hub does not have.
#[get("/problems/{code}")]
pub async fn problem(
    req: HttpRequest,
    code: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = table::find(&code).ok_or(ApiError::NoRoute)?;
    let locale = language(&req, &query);
    let words = if locale == Locale::It { &IT } else { &EN };
    let (title, about) =
        if locale == Locale::It { (kind.title_it, kind.about_it) } else { (kind.title_en, kind.about_en) };
    let main = format!(
        "<h1>{title}</h1>\n<p>{about}</p>\n<dl>\n<dt>{code_label}</dt><dd><code>{code}</code></dd>\n\
<dt>{status_label}</dt><dd>{status}</dd>\n</dl>\n<p><a href=\"/problems?lang={lang}\">{all}</a></p>\n",
        code_label = words.code,
        code = kind.code,
        status_label = words.status,
        status = kind.status,
        all = words.all,
        lang = locale.as_str(),
    );
    Ok(page(locale, title, &main, &format!("/problems/{}", kind.code)))
}

/// Every kind of problem.
#[get("/problems")]
pub async fn index(req: HttpRequest, query: web::Query<LangQuery>) -> HttpResponse {
    let locale = language(&req, &query);
    let words = if locale == Locale::It { &IT } else { &EN };
    let rows: String = table::KINDS
        .iter()
        .map(|k| {
            let title = if locale == Locale::It { k.title_it } else { k.title_en };
            format!("<li><a href=\"/problems/{0}\"><code>{0}</code></a> ({1}): {title}</li>\n", k.code, k.status)
        })
        .collect();
    page(locale, words.heading, &format!("<h1>{}</h1>\n<ul>\n{rows}</ul>\n", words.heading), "/problems")
}
