//! `/open-data`: the hub's open datasets (issue 19) for anyone — what each holds, its licence (CC BY 4.0),
//! its CSV and JSON downloads (`/api/v1/open-data/…`) — and `/open-data/catalog.jsonld`, their description
//! in DCAT-AP_IT (the Italian profile of DCAT-AP that dati.gov.it harvests).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::Locale;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::routes::open_data::DATASETS;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// The licence of every dataset.
const LICENCE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// One dataset on the page: id, title, description, its JSON and CSV downloads.
pub struct DatasetView {
    id: String,
    title: String,
    description: String,
    json: String,
    csv: String,
}

#[derive(Template)]
#[template(path = "web/open_data.html")]
struct OpenDataPage {
    l: Layout,
    datasets: Vec<DatasetView>,
}

/// A dataset's download, relative to the hub.
fn download(id: &str, csv: bool) -> String {
    format!("/api/v1/open-data/{id}{}", if csv { "?format=csv" } else { "" })
}

/// The page.
#[get("/open-data")]
pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let datasets = DATASETS
        .iter()
        .map(|id| DatasetView {
            id: (*id).to_owned(),
            title: tr.t(&format!("opendata-{id}-title")),
            description: tr.t(&format!("opendata-{id}-description")),
            json: download(id, false),
            csv: download(id, true),
        })
        .collect();
    let page = OpenDataPage { datasets, l: Layout::new(&state, &req, &mut visitor, "open-data") };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// `key` in Italian and English, as JSON-LD language strings.
fn both(key: &str) -> Value {
    json!([
        {"@value": Tr(Locale::It).t(key), "@language": "it"},
        {"@value": Tr(Locale::En).t(key), "@language": "en"}
    ])
}

/// The datasets described in DCAT-AP_IT (JSON-LD).
#[get("/open-data/catalog.jsonld")]
pub async fn catalog(state: web::Data<AppState>) -> HttpResponse {
    let base = state.settings.public_url.as_str().trim_end_matches('/').to_owned();
    let publisher = json!({
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": "Innovation Hub — Polo Strategico Nazionale",
        "dct:identifier": base,
    });
    let contact = json!({
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": "Innovation Hub",
        "vcard:hasEmail": {"@id": format!("mailto:{}", state.settings.mail_from)},
    });
    let licence = json!({
        "@id": LICENCE,
        "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
        "foaf:name": "CC BY 4.0",
    });
    let modified = state.store.now().date_naive().to_string();
    let datasets: Vec<Value> = DATASETS
        .iter()
        .map(|id| {
            let distribution = |csv: bool| {
                let (format, media) = if csv { ("CSV", "text/csv") } else { ("JSON", "application/json") };
                let url = format!("{base}{}", download(id, csv));
                json!({
                    "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                    "dct:title": format!("{id}.{}", format.to_lowercase()),
                    "dcat:accessURL": {"@id": format!("{base}/open-data")},
                    "dcat:downloadURL": {"@id": url},
                    "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}")},
                    "dcat:mediaType": media,
                    "dct:license": licence,
                })
            };
            json!({
                "@id": format!("{base}/open-data#{id}"),
                "@type": ["dcat:Dataset", "dcatapit:Dataset"],
                "dct:identifier": format!("innovation-hub:{id}"),
                "dct:title": both(&format!("opendata-{id}-title")),
                "dct:description": both(&format!("opendata-{id}-description")),
                "dct:publisher": publisher,
                "dct:rightsHolder": publisher,
                "dcat:contactPoint": contact,
                "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
                "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
                "dct:modified": {"@value": modified, "@type": "xsd:date"},
                "dcat:keyword": ["innovazione", "PSN", "riuso", "pubblica amministrazione"],
                "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
                "dcat:distribution": [distribution(true), distribution(false)],
            })
        })
        .collect();
    let body = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"
        },
        "@id": format!("{base}/open-data/catalog.jsonld"),
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": both("opendata-title"),
        "dct:description": both("opendata-intro"),
        "dct:publisher": publisher,
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "foaf:homepage": {"@id": format!("{base}/open-data")},
        "dcat:dataset": datasets,
    });
    HttpResponse::Ok().content_type("application/ld+json").body(body.to_string())
}
