//! The terms of use that the OpenAPI document names (`info.termsOfService`): a short page, Italian
//! first with the English beside it, that loads nothing from elsewhere.

use actix_web::{HttpResponse, get, http::header};

/// The page, in both languages.
const PAGE: &str = r#"<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Condizioni d'uso — Innovation Hub</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1,h2{color:#06c}</style>
</head>
<body>
<main>
<h1>Condizioni d'uso dell'Innovation Hub e della sua API</h1>
<p>L'Innovation Hub è la piattaforma di open innovation del Polo Strategico Nazionale. Usandone le pagine o
l'API si accettano queste condizioni.</p>
<ul>
<li>Ogni account è personale. Le credenziali e i token di accesso personali non si cedono; un token si revoca
in qualsiasi momento.</li>
<li>L'API applica limiti di frequenza: oltre il limite risponde 429 con l'intestazione <code>Retry-After</code>,
che indica quando riprovare.</li>
<li>Le proposte restano dei loro autori. I servizi accettati sono pubblicati nel catalogo con la licenza e i
metadati <code>publiccode.yml</code> che ne accompagnano il riuso (CAD, artt. 68–69).</li>
<li>I dati personali sono trattati secondo il Regolamento (UE) 2016/679: ciascuno può scaricarli
(<code>GET /api/v1/me/export</code>) e chiederne la cancellazione (<code>DELETE /api/v1/me</code>).</li>
<li>Il codice dell'Innovation Hub è distribuito con licenza EUPL-1.2.</li>
</ul>
<section lang="en">
<h2>Terms of use of the Innovation Hub and its API</h2>
<p>The Innovation Hub is the open-innovation platform of Italy's national strategic cloud (PSN). Using its
pages or its API means accepting these terms.</p>
<ul>
<li>Every account is personal. Credentials and personal access tokens are not to be shared; a token can be
revoked at any time.</li>
<li>The API enforces rate limits: beyond them it answers 429 with a <code>Retry-After</code> header saying when
to try again.</li>
<li>Proposals remain their authors'. Accepted services are published in the catalogue with the licence and the
<code>publiccode.yml</code> metadata that support their reuse (CAD, art. 68–69).</li>
<li>Personal data are processed under Regulation (EU) 2016/679: anyone can download theirs
(<code>GET /api/v1/me/export</code>) and ask for its erasure (<code>DELETE /api/v1/me</code>).</li>
<li>The Innovation Hub's code is licensed under the EUPL-1.2.</li>
</ul>
</section>
</main>
</body>
</html>
"#;

/// The terms of use.
#[get("/terms")]
pub async fn terms() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        // Its own style sheet, inline; nothing else (the page holds no user content).
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .body(PAGE)
}
