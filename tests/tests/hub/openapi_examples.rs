//! The document's prose and examples: every operation says who may call it and what it does, every
//! request body and JSON success answer shows an example, and every example is one its schema accepts.

use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(api::openapi::document()).expect("the document serialises")
}

/// Every operation of the document, named by method and path.
fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().expect("path item").iter().map(move |(method, op)| (format!("{method} {path}"), op))
        })
        .collect()
}

#[test]
fn every_operation_has_a_summary_and_a_description() {
    let doc = document();
    let mut wanting = Vec::new();
    for (name, op) in operations(&doc) {
        let summary = op["summary"].as_str().unwrap_or_default().trim();
        let description = op["description"].as_str().unwrap_or_default().trim();
        if summary.is_empty() || summary.contains('\n') {
            wanting.push(format!("{name}: a one-line summary (the doc comment's first line)"));
        }
        if description.is_empty() || description == summary {
            wanting.push(format!("{name}: a description (the doc comment after a blank line)"));
        }
    }
    assert!(wanting.is_empty(), "operations wanting prose:\n{}", wanting.join("\n"));
}

/// The schema `schema` names when it is a reference.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => doc.pointer(pointer).map_or(schema, |target| resolve(doc, target)),
        None => schema,
    }
}

/// Whether `schema` carries an example: itself, or through its parts (an array's items, every part of
/// an `allOf` that describes the value, every required property) so that one can be put together.
fn exemplified(doc: &Value, schema: &Value) -> bool {
    let schema = resolve(doc, schema);
    if schema.get("example").is_some() || schema["examples"].as_array().is_some_and(|e| !e.is_empty()) {
        return true;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        // Some part shows the value and every named part has its example; an inline part may only add
        // a rule (the fields an operation requires), which the example is validated against.
        return parts.iter().any(|p| exemplified(doc, p))
            && parts.iter().filter(|p| p.get("$ref").is_some()).all(|p| exemplified(doc, p));
    }
    if let Some(parts) = schema["oneOf"].as_array() {
        return parts.iter().filter(|p| p["type"] != "null").all(|p| exemplified(doc, p));
    }
    if let Some(items) = schema.get("items") {
        return exemplified(doc, items);
    }
    match (schema["properties"].as_object(), schema["required"].as_array()) {
        (Some(properties), Some(required)) if !required.is_empty() => {
            required.iter().filter_map(|name| properties.get(name.as_str()?)).all(|property| exemplified(doc, property))
        }
        _ => false,
    }
}

#[test]
fn every_request_body_and_json_success_has_an_example() {
    let doc = document();
    let mut wanting = Vec::new();
    for (name, op) in operations(&doc) {
        let mut media = Vec::new();
        if let Some(body) = op.pointer("/requestBody/content/application~1json") {
            media.push(("request body".to_owned(), body));
        }
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            if let (true, Some(body)) = (status.starts_with('2'), response.pointer("/content/application~1json")) {
                media.push((format!("{status} answer"), body));
            }
        }
        for (what, body) in media {
            let direct = body.get("example").is_some() || body.get("examples").is_some();
            if !direct && !exemplified(&doc, &body["schema"]) {
                wanting.push(format!("{name}: {what}"));
            }
        }
    }
    assert!(wanting.is_empty(), "without an example (on the operation or its schema):\n{}", wanting.join("\n"));
}

/// An example found in the document: where, the value, and the schema it must satisfy.
struct Example {
    at: String,
    value: Value,
    schema: Value,
}

/// Collects the examples of `node`, at JSON pointer `at`; `schema` says whether `node` is a schema.
fn collect(node: &Value, at: &str, schema: bool, found: &mut Vec<Example>) {
    let Some(object) = node.as_object() else {
        if let Some(items) = node.as_array() {
            for (i, item) in items.iter().enumerate() {
                collect(item, &format!("{at}/{i}"), schema, found);
            }
        }
        return;
    };
    let owner = if schema { Some(node) } else { object.get("schema") };
    if let Some(owner) = owner {
        let mut push = |at: String, value: &Value| {
            found.push(Example { at, value: value.clone(), schema: owner.clone() });
        };
        if let Some(example) = object.get("example") {
            push(format!("{at}/example"), example);
        }
        match object.get("examples") {
            Some(Value::Array(examples)) if schema => {
                examples.iter().enumerate().for_each(|(i, e)| push(format!("{at}/examples/{i}"), e));
            }
            Some(Value::Object(named)) if !schema => {
                for (name, example) in named {
                    if let Some(value) = example.get("value") {
                        push(format!("{at}/examples/{name}/value"), value);
                    }
                }
            }
            _ => {}
        }
    }
    for (key, child) in object {
        let at = format!("{at}/{key}");
        match key.as_str() {
            "example" | "examples" | "enum" | "const" | "default" => {}
            "properties" if schema => {
                for (name, property) in child.as_object().into_iter().flatten() {
                    collect(property, &format!("{at}/{name}"), true, found);
                }
            }
            "schema" => collect(child, &at, true, found),
            "schemas" if at == "/components/schemas" => {
                for (name, component) in child.as_object().into_iter().flatten() {
                    collect(component, &format!("{at}/{name}"), true, found);
                }
            }
            _ => collect(child, &at, schema, found),
        }
    }
}

/// The example a client reads for `schema`: its own, or its named part's, or its one non-null choice's.
fn example_of(doc: &Value, schema: &Value) -> Option<Value> {
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    let parts = schema["allOf"].as_array().or_else(|| schema["oneOf"].as_array())?;
    parts.iter().filter(|p| p["type"] != "null").find_map(|p| example_of(doc, p))
}

/// Every example of the document with its schema; and the example each request body and JSON
/// success answer shows through its schema, with the operation's whole schema (which may require
/// more than the named one).
fn examples(doc: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    collect(doc, "", false, &mut found);
    for (name, op) in operations(doc) {
        let mut media = vec![(format!("{name} request body"), op.pointer("/requestBody/content/application~1json"))];
        for (status, response) in op["responses"].as_object().into_iter().flatten().filter(|(s, _)| s.starts_with('2'))
        {
            media.push((format!("{name} {status} answer"), response.pointer("/content/application~1json")));
        }
        for (at, body) in media {
            let Some(schema) = body.map(|body| &body["schema"]) else { continue };
            if let Some(value) = example_of(doc, schema) {
                found.push(Example { at, value, schema: schema.clone() });
            }
        }
    }
    found
}

/// What the schema (with the document's components, for its references) finds wrong in the example.
fn errors(doc: &Value, example: &Example) -> Vec<String> {
    let mut schema = example.schema.clone();
    if let Some(object) = schema.as_object_mut() {
        object.insert("components".to_owned(), doc["components"].clone());
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema of {} compiles: {e}", example.at));
    validator.iter_errors(&example.value).map(|e| format!("{}: {} at {}", example.at, e, e.instance_path())).collect()
}

#[test]
fn every_example_satisfies_its_schema() {
    let doc = document();
    let examples = examples(&doc);
    assert!(examples.len() >= 50, "the document's examples are found: {}", examples.len());
    let wrong: Vec<String> = examples.iter().flat_map(|example| errors(&doc, example)).collect();
    assert!(wrong.is_empty(), "examples their schema refuses:\n{}", wrong.join("\n"));
}

#[test]
fn a_wrong_example_is_caught() {
    let mut doc = document();
    let example = doc.pointer_mut("/components/schemas/TokenDto/example").expect("TokenDto has an example");
    example["expires_at"] = Value::from("next Tuesday");
    example["scopes"] = Value::from("reviews:read");
    let wrong: Vec<String> = examples(&doc).iter().flat_map(|example| errors(&doc, example)).collect();
    assert!(wrong.iter().any(|e| e.contains("TokenDto") && e.contains("/expires_at")), "{wrong:#?}");
    assert!(wrong.iter().any(|e| e.contains("TokenDto") && e.contains("/scopes")), "{wrong:#?}");
}

/// Every value of the field `key` anywhere in `value`.
fn values_of<'a>(value: &'a Value, key: &str, found: &mut Vec<&'a Value>) {
    match value {
        Value::Object(object) => {
            for (name, child) in object {
                if name == key {
                    found.push(child);
                }
                values_of(child, key, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| values_of(item, key, found)),
        _ => {}
    }
}

#[test]
fn the_examples_tax_and_ipa_codes_are_ones_the_domain_accepts() {
    let doc = document();
    let examples: Vec<Value> = examples(&doc).into_iter().map(|e| e.value).collect();
    let mut tax_codes = Vec::new();
    let mut ipa_codes = Vec::new();
    for example in &examples {
        values_of(example, "tax_code", &mut tax_codes);
        values_of(example, "ipa_code", &mut ipa_codes);
    }
    let tax_codes: Vec<&str> = tax_codes.into_iter().filter_map(Value::as_str).collect();
    assert!(tax_codes.contains(&"80008510754"), "the Comune di Lecce's codice fiscale is shown: {tax_codes:?}");
    for code in tax_codes {
        assert!(domain::TaxCode::parse(code).is_ok(), "{code} has a valid check digit");
    }
    for code in ipa_codes.into_iter().filter_map(Value::as_str) {
        assert!(domain::IpaCode::parse(code).is_ok(), "{code} is an IPA code");
    }
}

/// The example of the component schema `name`.
fn component_example(name: &str) -> Value {
    let doc = document();
    let schema = &doc["components"]["schemas"][name];
    schema
        .pointer("/example")
        .or_else(|| schema.pointer("/allOf/0/example"))
        .cloned()
        .unwrap_or_else(|| panic!("{name} has an example"))
}

hub_tests::hub_test!(the_request_examples_that_name_no_other_record_are_accepted, |app| {
    // Registration with a new organisation: the example as shown.
    let registered = app.post("/api/v1/auth/register", None, component_example("RegisterRequest")).await;
    assert_eq!(registered.status, 202, "{}", registered.text);
    let reset = app.post("/api/v1/auth/password-reset", None, component_example("PasswordResetRequest")).await;
    assert_eq!(reset.status, 202, "{}", reset.text);
    // A public administration registered by an admin, and a personal access token.
    let admin = hub_tests::funnel::admin(&app).await;
    let organization = app.post("/api/v1/organizations", Some(&admin), component_example("NewOrganizationDto")).await;
    assert_eq!(organization.status, 201, "{}", organization.text);
    assert_eq!(organization.body["name"], "Comune di Lecce");
    let token = app.post("/api/v1/me/tokens", Some(&admin), component_example("NewTokenRequest")).await;
    assert_eq!(token.status, 201, "{}", token.text);
});

hub_tests::hub_test!(the_proposal_and_challenge_examples_are_accepted_with_real_ids, |app| {
    // A proposal to the open call, by its own author (the example's co-author is another record).
    let (proposer, _) =
        hub_tests::funnel::verified_proposer(&app, "giulia@nuvolaverde.example", "Nuvola Verde S.r.l.", "04987650753")
            .await;
    let mut proposal = component_example("ProposalRequest");
    proposal.as_object_mut().expect("an object").remove("team");
    let created = app.post("/api/v1/proposals", Some(&proposer), proposal).await;
    assert_eq!(created.status, 201, "{}", created.text);
    // A challenge sponsored by a real administration.
    let admin = hub_tests::funnel::admin(&app).await;
    let lecce = app.post("/api/v1/organizations", Some(&admin), component_example("NewOrganizationDto")).await;
    assert_eq!(lecce.status, 201, "{}", lecce.text);
    let mut challenge = component_example("ChallengeRequest");
    challenge["sponsor_id"] = lecce.body["id"].clone();
    let hub = hub_tests::funnel::manager(&app).await;
    let created = app.post("/api/v1/challenges", Some(&hub), challenge).await;
    assert_eq!(created.status, 201, "{}", created.text);
});
