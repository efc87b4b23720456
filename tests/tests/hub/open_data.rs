//! Open data (issue 19): the public catalogue's services and listed adoptions, and the funnel's figures
//! per public challenge with no count under 5, as JSON and CSV for anyone; described in DCAT-AP_IT; the
//! page `/open-data`.

use std::collections::BTreeSet;

use hub_tests::funnel::{draft, moved, submitted, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::{Value, json};

async fn dataset(app: &TestApp, path: &str) -> Answer {
    app.get(&format!("/api/v1/open-data/{path}"), None).await
}

/// The items of a JSON dataset.
fn items(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().unwrap_or_else(|| panic!("items: {}", answer.text)).clone()
}

hub_test!(the_funnel_is_published_with_no_count_under_five, |app| {
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    // Nine submitted, two of them withdrawn; a draft never submitted and a draft withdrawn are not counted.
    let mut ids = Vec::new();
    for i in 0..9 {
        ids.push(submitted(&app, &anna, &format!("Proposta {i}"), "open-call").await);
    }
    for id in &ids[..2] {
        moved(&app, &anna, id, "withdraw", json!({}), "withdrawn").await;
    }
    draft(&app, &anna, "Bozza", "open-call").await;
    let abandoned = draft(&app, &anna, "Bozza abbandonata", "open-call").await;
    moved(&app, &anna, &abandoned, "withdraw", json!({}), "withdrawn").await;

    let rows = items(&dataset(&app, "funnel").await);
    // Seven in evaluation, two withdrawn (hidden), and — so that the two cannot be worked out from the
    // total — the smallest other count (no acceptance) hidden too.
    let expected = json!({"challenge": "open-call", "submitted": 9, "in_evaluation": 7, "accepted": null,
                          "rejected": 0, "withdrawn": null});
    let open_call = rows.iter().find(|r| r["challenge"] == "open-call").expect("the open call");
    assert_eq!(open_call["submitted"], expected["submitted"], "{open_call}");
    for key in ["in_evaluation", "accepted", "rejected", "withdrawn"] {
        assert_eq!(open_call[key], expected[key], "{key}: {open_call}");
    }
    // No row sums the challenges: its column totals would give a lone hidden count away by subtraction.
    assert!(rows.iter().all(|r| r["challenge"].is_string()), "{rows:?}");

    // As CSV, the hidden counts are empty cells.
    let csv = app.client.get(format!("{}/api/v1/open-data/funnel?format=csv", app.base)).send().await.expect("csv");
    assert!(csv.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/csv")));
    let text = csv.text().await.expect("the CSV");
    assert!(text.starts_with("challenge,title,submitted,in_evaluation,accepted,rejected,withdrawn\n"), "{text}");
    assert!(text.contains("open-call,") && text.contains(",9,7,,0,\n"), "{text}");
    app.get("/api/v1/open-data/funnel?format=xml", None).await.assert_problem(400, "malformed_query");
});

hub_test!(the_catalogue_is_published_as_anyone_reads_it_and_described_in_dcat_ap_it, |app| {
    let passwords = api::auth::passwords::Passwords::new(app.settings.argon2).expect("passwords");
    api::seeds::load(&app.store, &passwords, None, "demo password 2026", &app.settings.public_url, &app.annexes())
        .await
        .expect("seeds");

    // The services: exactly the public catalogue's, with their adopters counted, listed or not.
    let services = items(&dataset(&app, "services").await);
    let public = app.get("/api/v1/catalogue/services?limit=100", None).await;
    let slugs =
        |v: &[Value], key: &str| v.iter().filter_map(|s| s[key].as_str().map(str::to_owned)).collect::<BTreeSet<_>>();
    assert_eq!(slugs(&services, "slug"), slugs(public.body["items"].as_array().expect("items"), "slug"));
    assert!(services.iter().all(|s| s["state"] == "published" || s["state"] == "deprecated"), "{services:?}");
    let soc = services.iter().find(|s| s["slug"] == "soc-sanita-regionale").expect("the SOC");
    let adopters = app.get("/api/v1/catalogue/services/soc-sanita-regionale/adoptions", None).await;
    let current = soc["adopters_in_use"].as_u64().unwrap_or(0) + soc["adopters_planned"].as_u64().unwrap_or(0);
    assert_eq!(Some(current), adopters.body["adopters"].as_u64(), "{soc} / {}", adopters.text);

    // The adoptions: only those their administrations list.
    let adoptions = items(&dataset(&app, "adoptions").await);
    let of_soc: BTreeSet<String> = adoptions
        .iter()
        .filter(|a| a["service"] == "soc-sanita-regionale")
        .filter_map(|a| a["administration"].as_str().map(str::to_owned))
        .collect();
    let listed = adopters.body["items"].as_array().expect("the listed adopters");
    assert_eq!(of_soc.len(), listed.len(), "{adoptions:?} / {}", adopters.text);
    assert!(adopters.body["unlisted"].as_u64().is_some_and(|n| n > 0), "the seeds keep one unlisted");

    // The funnel: no count from 1 to 4, never one hidden cell alone beside the total.
    for row in items(&dataset(&app, "funnel").await) {
        let cells: Vec<&Value> =
            ["in_evaluation", "accepted", "rejected", "withdrawn"].iter().map(|k| &row[*k]).collect();
        for value in cells.iter().copied().chain([&row["submitted"]]) {
            assert!(value.as_u64().is_none_or(|n| n == 0 || n >= 5), "{row}");
        }
        if row["submitted"].is_u64() {
            assert_ne!(cells.iter().filter(|c| c.is_null()).count(), 1, "{row}");
        }
    }

    // The DCAT-AP_IT description: every dataset with its CSV and JSON downloads, under CC BY 4.0, and
    // each download answering.
    let catalog = app.client.get(format!("{}/open-data/catalog.jsonld", app.base)).send().await.expect("catalog");
    assert!(
        catalog
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/ld+json"))
    );
    let catalog: Value = catalog.json().await.expect("JSON-LD");
    assert_eq!(catalog["@type"], json!(["dcat:Catalog", "dcatapit:Catalog"]));
    let datasets = catalog["dcat:dataset"].as_array().expect("datasets");
    assert_eq!(datasets.len(), 3);
    let base = app.settings.public_url.as_str().trim_end_matches('/').to_owned();
    for d in datasets {
        assert_eq!(d["@type"], json!(["dcat:Dataset", "dcatapit:Dataset"]), "{d}");
        assert!(d["dct:title"][0]["@value"].as_str().is_some_and(|t| !t.is_empty()), "{d}");
        assert_eq!(d["dct:publisher"]["@type"], json!(["foaf:Agent", "dcatapit:Agent"]));
        assert!(d["dcat:contactPoint"]["vcard:hasEmail"]["@id"].as_str().is_some_and(|m| m.starts_with("mailto:")));
        for dist in d["dcat:distribution"].as_array().expect("distributions") {
            assert_eq!(dist["dct:license"]["@id"], "https://creativecommons.org/licenses/by/4.0/");
            let url = dist["dcat:downloadURL"]["@id"].as_str().expect("a download URL");
            let path = url.strip_prefix(&base).unwrap_or_else(|| panic!("{url} on the hub"));
            let got = app.client.get(format!("{}{path}", app.base)).send().await.expect("the download");
            assert_eq!(got.status(), 200, "{url}");
            let media = dist["dcat:mediaType"].as_str().expect("a media type");
            let content = got.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(content.starts_with(media), "{url}: {content} is not {media}");
        }
    }

    // The page, linked from every page's footer.
    let visitor = app.visitor("it");
    assert!(visitor.get("/").await.text.contains("href=\"/open-data\""));
    let page = visitor.get("/open-data").await;
    assert_eq!(page.status, 200, "{}", page.text);
    for text in
        ["<h1>Dati aperti dell", "href=\"/api/v1/open-data/funnel?format=csv\"", "href=\"/open-data/catalog.jsonld\""]
    {
        assert!(page.text.contains(text), "{text} missing: {}", page.text);
    }
});
