use super::publiccode::{Provider, PublicCode};
use super::*;
use crate::challenge::parse_slug;
use crate::ids::OrganizationId;
use crate::text::Note;

fn long_text() -> String {
    "Servizio di interoperabilità FHIR erogato sul Polo Strategico Nazionale, con dati ospitati in Italia, \
     cifratura con chiavi gestite dall'amministrazione e monitoraggio continuo."
        .to_owned()
}

fn complete() -> ServiceInput {
    ServiceInput {
        slug: Some("gateway-fhir".into()),
        name: Some("Gateway FHIR sovrano".into()),
        short_description_it: Some("Interoperabilità sanitaria sul PSN".into()),
        long_description_it: Some(long_text()),
        features_it: Some(vec!["Profili FHIR R4".into(), "Audit degli accessi".into()]),
        service_model: Some(Some("saas".into())),
        tags: Some(vec!["sanita".into(), "data-collection".into()]),
        provider_id: Some(OrganizationId::new()),
        license: Some(Some("EUPL-1.2".into())),
        repository_url: Some(Some("https://code.example.it/fhir-gateway".into())),
        version: Some(Some("1.4.0".into())),
        contacts: Some(vec![Contact {
            name: "Maria Bianchi".into(),
            email: Some("Maria.Bianchi@Example.it".into()),
            phone: None,
            affiliation: Some("Aurora Labs".into()),
        }]),
        platforms: Some(vec!["web".into(), "kubernetes".into()]),
        development_status: Some(Some("stable".into())),
        release_date: Some(Some("2026-11-20".into())),
        supports: Some(vec!["SPID".into(), "gdpr".into()]),
        ..ServiceInput::default()
    }
}

fn service(content: ServiceContent, state: ServiceState) -> Service {
    let now = Utc::now();
    Service {
        id: ServiceId::new(),
        content,
        state,
        origin_proposal: None,
        scores: None,
        deprecation_reason: None,
        replacement: None,
        revision: 1,
        published_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn fields(error: DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(fields) => fields.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect(),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[test]
fn creating_requires_the_identity_fields_and_validates_each_one() {
    let missing = ServiceContent::create(ServiceInput::default()).expect_err("empty");
    assert_eq!(
        fields(missing),
        [
            "slug:required",
            "name:required",
            "short_description_it:required",
            "long_description_it:required",
            "provider_id:required"
        ]
    );
    let wrong = ServiceInput {
        license: Some(Some("GPL-3".into())),
        version: Some(Some("1.4".into())),
        repository_url: Some(Some("ftp://example.it/x".into())),
        service_model: Some(Some("faas".into())),
        development_status: Some(Some("alpha".into())),
        short_description_it: Some("x".repeat(151)),
        ..complete()
    };
    assert_eq!(
        fields(ServiceContent::create(wrong).expect_err("wrong")),
        [
            "short_description_it:too_long",
            "service_model:unknown_service_model",
            "license:invalid_license",
            "repository_url:invalid_url",
            "version:invalid_version",
            "development_status:unknown_development_status"
        ]
    );
}

#[test]
fn licences_are_spdx_expressions_and_versions_semver() {
    for ok in ["EUPL-1.2", "MIT OR Apache-2.0", "AGPL-3.0-or-later", "(MIT AND BSD-3-Clause)"] {
        let input = ServiceInput { license: Some(Some(ok.into())), ..complete() };
        assert_eq!(ServiceContent::create(input).expect(ok).license.as_deref(), Some(ok));
    }
    for bad in ["EUPL", "MIT OR", "Proprietary licence", ""] {
        let input = ServiceInput { license: Some(Some(bad.into())), ..complete() };
        let content = ServiceContent::create(input);
        if bad.is_empty() {
            assert_eq!(content.expect("empty clears").license, None);
        } else {
            assert_eq!(fields(content.expect_err(bad)), ["license:invalid_license"], "{bad}");
        }
    }
    let input = ServiceInput { version: Some(Some("2.0.0-rc.1+build.5".into())), ..complete() };
    assert_eq!(ServiceContent::create(input).expect("semver").version.as_deref(), Some("2.0.0-rc.1+build.5"));
}

#[test]
fn contacts_are_validated_and_emails_normalised() {
    let content = ServiceContent::create(complete()).expect("complete");
    assert_eq!(content.contacts[0].email.as_deref(), Some("maria.bianchi@example.it"));
    let input = ServiceInput {
        contacts: Some(vec![Contact { name: "M".into(), email: Some("nope".into()), phone: None, affiliation: None }]),
        ..complete()
    };
    let errors = fields(ServiceContent::create(input).expect_err("bad contact"));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("contacts[0]."), "{errors:?}");
}

#[test]
fn publishing_lists_every_field_the_publiccode_export_needs() {
    let minimal = ServiceContent::create(ServiceInput {
        slug: Some("bozza".into()),
        name: Some("Bozza".into()),
        short_description_it: Some("Breve".into()),
        long_description_it: Some("Troppo corta".into()),
        provider_id: Some(OrganizationId::new()),
        ..ServiceInput::default()
    })
    .expect("minimal");
    let draft = service(minimal, ServiceState::Draft);
    assert_eq!(
        fields(draft.apply(&ServiceAction::Publish).expect_err("incomplete")),
        [
            "service_model:required_to_publish",
            "license:required_to_publish",
            "repository_url:required_to_publish",
            "version:required_to_publish",
            "contacts:required_to_publish",
            "platforms:required_to_publish",
            "development_status:required_to_publish",
            "release_date:required_to_publish",
            "features_it:required_to_publish",
            "tags:category_required_to_publish",
            "long_description_it:too_short_to_publish"
        ]
    );
    let ready = service(ServiceContent::create(complete()).expect("complete"), ServiceState::Draft);
    assert_eq!(ready.apply(&ServiceAction::Publish).expect("publish"), ServiceState::Published);
}

fn reason(text: &str) -> Option<Note> {
    let (min, max) = DEPRECATION_REASON;
    Note::parse_within("reason", Some(text), min, max).expect("a valid reason")
}

#[test]
fn the_lifecycle_only_moves_forward_in_order() {
    use ServiceState as S;
    let content = ServiceContent::create(complete()).expect("complete");
    let deprecate = ServiceAction::deprecate(reason("Sostituito dalla versione 2"), None).expect("reason");
    let allowed = [
        (S::Draft, ServiceAction::Publish, S::Published),
        (S::Published, deprecate.clone(), S::Deprecated),
        (S::Published, ServiceAction::Retire, S::Retired),
        (S::Deprecated, ServiceAction::Retire, S::Retired),
    ];
    for state in S::ALL.iter().copied() {
        for action in [ServiceAction::Publish, deprecate.clone(), ServiceAction::Retire] {
            let result = service(content.clone(), state).apply(&action);
            match allowed.iter().find(|(from, a, _)| *from == state && *a == action) {
                Some((_, _, to)) => assert_eq!(result.expect("allowed"), *to),
                None => assert!(
                    matches!(result, Err(DomainError::Conflict { code: "invalid_transition", .. })),
                    "{state} {action:?}: {result:?}"
                ),
            }
        }
    }
    assert_eq!(fields(ServiceAction::deprecate(None, None).expect_err("no reason")), ["reason:required"]);
    let published = service(content, S::Published);
    let itself = ServiceAction::deprecate(reason("Motivo valido"), Some(published.id)).expect("reason");
    assert_eq!(fields(published.apply(&itself).expect_err("self")), ["replacement:self_replacement"]);
}

#[test]
fn the_slug_is_frozen_once_published() {
    let content = ServiceContent::create(complete()).expect("complete");
    let rename = || ServiceInput { slug: Some("nuovo-nome".into()), ..ServiceInput::default() };
    assert_eq!(service(content.clone(), ServiceState::Draft).edit(rename()).expect("draft").slug, "nuovo-nome");
    for state in [ServiceState::Published, ServiceState::Deprecated, ServiceState::Retired] {
        assert_eq!(fields(service(content.clone(), state).edit(rename()).expect_err("frozen")), ["slug:slug_frozen"]);
    }
}

#[test]
fn slugs_are_made_from_italian_titles() {
    assert_eq!(slugify("Qualità dell'aria: sensori IoT per i Comuni"), "qualita-dell-aria-sensori-iot-per-i-comuni");
    assert_eq!(slugify("  --AI  "), "servizio-ai");
    let long = slugify(&"parola ".repeat(30));
    assert!(long.len() <= 60 && !long.ends_with('-') && parse_slug(&long).is_ok(), "{long}");
    assert_eq!(
        slugify("Cruscotto open data sul mercato del lavoro per Regioni e centri per l'impiego"),
        "cruscotto-open-data-sul-mercato-del-lavoro-per-regioni-e",
        "cut at a whole word"
    );
}

#[test]
fn the_publiccode_document_has_every_mandatory_key() {
    let mut published = service(ServiceContent::create(complete()).expect("complete"), ServiceState::Published);
    published.published_at = Some("2026-12-01T10:00:00Z".parse().expect("time"));
    let provider = Provider { id: "org-1", name: "Comune di Roma", ipa_code: Some("c_h501") };
    let doc = serde_json::to_value(PublicCode::of(&published, provider, "https://hub.example.it/")).expect("json");
    assert_eq!(doc["publiccodeYmlVersion"], "0.7");
    assert_eq!(doc["name"], "Gateway FHIR sovrano");
    assert_eq!(doc["url"], "https://code.example.it/fhir-gateway");
    assert_eq!(doc["releaseDate"], "2026-11-20");
    assert_eq!(doc["platforms"], serde_json::json!(["kubernetes", "web"]));
    assert_eq!(doc["developmentStatus"], "stable");
    assert_eq!(doc["softwareType"], "standalone/web");
    assert_eq!(doc["description"]["it"]["shortDescription"], "Interoperabilità sanitaria sul PSN");
    assert_eq!(doc["description"]["it"]["longDescription"], long_text());
    assert_eq!(doc["description"]["it"]["features"][1], "Audit degli accessi");
    assert!(doc["description"].get("en").is_none(), "no English without English descriptions");
    assert_eq!(doc["legal"]["license"], "EUPL-1.2");
    assert_eq!(doc["maintenance"]["type"], "internal");
    assert_eq!(doc["maintenance"]["contacts"][0]["name"], "Maria Bianchi");
    assert_eq!(doc["localisation"], serde_json::json!({"localisationReady": false, "availableLanguages": ["it"]}));
    assert_eq!(doc["categories"], serde_json::json!(["data-collection"]), "only the standard's categories");
    assert_eq!(doc["supports"], serde_json::json!([{"id": "alias:gdpr"}, {"id": "alias:spid"}]));
    assert_eq!(doc["organisation"], serde_json::json!({"uri": "urn:x-italian-pa:c_h501", "name": "Comune di Roma"}));
    assert_eq!(doc["maintenance"]["contacts"][0]["affiliation"], "Aurora Labs", "the editor's affiliation");
    published.content.contacts[0].affiliation = None;
    let doc = serde_json::to_value(PublicCode::of(&published, provider, "https://hub.example.it")).expect("json");
    assert_eq!(doc["maintenance"]["contacts"][0]["affiliation"], "Comune di Roma", "defaults to the provider");
    assert!(doc.get("it").is_none() && doc.get("IT").is_none(), "0.7 deprecates the Italian section");
}

#[test]
fn a_provider_without_an_ipa_code_is_named_by_its_hub_page() {
    let provider = Provider { id: "org-7", name: "Aurora Labs S.r.l.", ipa_code: None };
    assert_eq!(provider.uri("https://hub.example.it/"), "https://hub.example.it/organizations/org-7");
}

#[test]
fn the_categories_are_the_standards_list_file() {
    let all: Vec<&str> = publiccode::categories().collect();
    assert_eq!(all.len(), 106, "every line of std-categories-v0.7.0.txt");
    assert!(publiccode::is_category("it-security") && publiccode::is_category("whistleblowing"));
    assert!(!publiccode::is_category("sanita") && !publiccode::is_category("payments-management"));
}

#[test]
fn generic_mailboxes_and_desks_are_not_maintenance_contacts() {
    let contact = |name: &str, email: &str| Contact {
        name: name.into(),
        email: Some(email.into()),
        phone: None,
        affiliation: None,
    };
    for (c, field) in [
        (contact("Maria Bianchi", "info@example.it"), "contacts[0].email:not_a_person"),
        (contact("Maria Bianchi", "noreply@example.it"), "contacts[0].email:not_a_person"),
        (contact("Maria Bianchi", "support-pa@example.it"), "contacts[0].email:not_a_person"),
        (contact("Servizio clienti Nuvola", "maria.bianchi@example.it"), "contacts[0].name:not_a_person"),
    ] {
        let input = ServiceInput { contacts: Some(vec![c]), ..complete() };
        assert_eq!(fields(ServiceContent::create(input).expect_err("not a person")), [field]);
    }
    let person = ServiceInput { contacts: Some(vec![contact("Sofia Pace", "sofia.pace@example.it")]), ..complete() };
    assert!(ServiceContent::create(person).is_ok(), "a person's own address is fine");
}

#[test]
fn release_dates_and_supports_are_validated() {
    let input = ServiceInput {
        release_date: Some(Some("20/11/2026".into())),
        supports: Some(vec!["spid".into(), "fax".into()]),
        ..complete()
    };
    assert_eq!(
        fields(ServiceContent::create(input).expect_err("bad")),
        ["release_date:invalid_date", "supports:unknown_support"]
    );
    let undated = ServiceInput { release_date: Some(None), ..complete() };
    let missing = ServiceContent::create(undated).expect("a draft may lack it").missing_for_publication();
    assert!(missing.iter().any(|f| f.field == "release_date" && f.code == "required_to_publish"), "{missing:?}");
}

#[test]
fn the_publish_checklist_is_what_publishing_refuses() {
    let done = ServiceContent::create(complete()).expect("complete");
    let list = done.publication_checklist();
    assert!(list.iter().all(|r| r.met), "{list:?}");
    assert!(list.iter().any(|r| r.need.field == "tags" && r.need.code == "category_required_to_publish"));
    let draft = ServiceContent::create(ServiceInput { release_date: Some(None), license: Some(None), ..complete() })
        .expect("a draft may lack them");
    let unmet: Vec<_> = draft.publication_checklist().into_iter().filter(|r| !r.met).map(|r| r.need).collect();
    assert_eq!(unmet, draft.missing_for_publication());
    let names: Vec<&str> = unmet.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["license", "release_date"]);
    assert_eq!(draft.publication_checklist().len(), list.len(), "the same items, met or not");
}
