//! The rules the handlers' annotations cannot state one field at a time: patterns, bounds, enums and the
//! rules between fields, each applied to a named place in the document (and failing when it is not there).

use domain::Pillar;
use serde_json::{Value, json};

use super::text::{line, lines};

/// Where a constraint applies.
pub(super) enum Target {
    /// A property of a component schema.
    Property(&'static str, &'static str),
    /// A whole component schema: a rule between its fields, wherever it is used.
    Schema(&'static str),
    /// The items of an array property of a component schema.
    Items(&'static str, &'static str),
    /// A map property's values, keyed by the four pillars (no other key).
    PillarMap(&'static str, &'static str),
    /// A query parameter of one operation (`GET /api/v1/...`).
    Query(&'static str, &'static str),
    /// The JSON body of one operation: a rule between its fields, beyond its schema.
    Body(&'static str),
    /// The JSON body of one operation that creates: its schema's component copied under a name of its
    /// own, with the named fields required and not null (a create and an edit share one DTO, in which
    /// every field is optional).
    /// The constraint is `{"required": [fields]}`.
    Creates(&'static str, &'static str),
}

/// A new organisation: an IPA code only for a public administration.
fn ipa_code_by_kind() -> Value {
    use domain::OrganizationKind::{self as Kind, PublicAdministration as Pa};
    let others: Vec<&str> = Kind::ALL.iter().filter(|k| **k != Pa).map(|k| k.as_str()).collect();
    let kind = |kinds: Value| json!({"type": "string", "enum": kinds});
    json!({"oneOf": [{"type": "object", "properties": {"kind": kind(json!([Pa.as_str()]))}},
        {"type": "object", "properties": {"kind": kind(json!(others)), "ipa_code": {"type": "null"}}}]})
}

/// A required multi-line text of at most `max` characters: not whitespace alone.
fn consensus_text(max: usize) -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": max,
           "pattern": super::text::non_blank(Some(&super::text::multiline_text()))})
}

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Value {
    json!(all.iter().map(|v| name(*v)).collect::<Vec<_>>())
}

/// The closed sets and rules the domain enforces, stated in the document so that clients (and the
/// fuzzer) know them without trying.
pub(super) fn constraints() -> Vec<(Target, Value)> {
    use domain::{
        AdministrationStatus, ChallengeState, DevelopmentStatus, NeedState, OrganizationKind, Pillar, ProposalState,
        Role, Scope, ServiceModel, ServiceState, review::ReviewState,
    };
    let locales = json!({"enum": ["it", "en"]});
    let pillars = names(&Pillar::ALL, Pillar::key);
    let tags = json!({"maxItems": domain::challenge::TAGS_MAX});
    let features = json!({"maxItems": domain::catalogue::FEATURES_MAX});
    vec![
        // Names and titles: one line, no format characters.
        (Target::Property("RegisterRequest", "display_name"), line(100)),
        (Target::Property("ProfileUpdate", "display_name"), line(100)),
        (Target::Property("NewOrganizationDto", "name"), line(200)),
        (Target::Property("OrganizationUpdate", "name"), line(200)),
        (Target::Property("OwnershipRequest", "user_id"), json!({"format": "uuid"})),
        (Target::Property("NewTokenRequest", "name"), line(100)),
        (Target::Property("ProposalRequest", "title"), line(200)),
        (Target::Property("ChallengeRequest", "title_it"), line(200)),
        (Target::Property("ChallengeRequest", "title_en"), line(200)),
        (Target::Property("ServiceRequest", "name"), line(200)),
        (Target::Property("NewEndpointRequest", "description"), line(domain::webhook::DESCRIPTION_MAX)),
        (Target::Property("EndpointPatchRequest", "description"), line(domain::webhook::DESCRIPTION_MAX)),
        // Every array a request brings is bounded.
        (Target::Property("ProposalRequest", "team"), json!({"maxItems": domain::proposal::TEAM_MAX})),
        (Target::Property("ProposalRequest", "tags"), tags.clone()),
        (Target::Property("ChallengeRequest", "tags"), tags.clone()),
        (Target::Property("NeedRequest", "tags"), tags.clone()),
        (Target::Property("NeedRequest", "pillars"), json!({"minItems": 1, "maxItems": Pillar::ALL.len()})),
        (Target::Items("NeedRequest", "pillars"), json!({"enum": pillars.clone()})),
        (Target::Property("NeedRequest", "title"), line(200)),
        (Target::Property("NeedRequest", "description"), lines(10_000)),
        (
            Target::Property("NeedRequest", "urgency"),
            json!({"enum": names(&domain::Urgency::ALL, domain::Urgency::as_str)}),
        ),
        (Target::Property("NeedRequest", "population"), json!({"minimum": 1, "maximum": domain::need::POPULATION_MAX})),
        (Target::Property("NeedRequest", "budget_min_eur"), json!({"minimum": 0, "maximum": domain::need::BUDGET_MAX})),
        (Target::Property("NeedRequest", "budget_max_eur"), json!({"minimum": 0, "maximum": domain::need::BUDGET_MAX})),
        (Target::Property("CosignRequest", "note"), lines(crate::routes::needs::NOTE_MAX)),
        (
            Target::Property("CosignRequest", "population"),
            json!({"minimum": 1, "maximum": domain::need::POPULATION_MAX}),
        ),
        (Target::Property("CloseRequest", "reason"), lines(crate::routes::needs::NOTE_MAX)),
        (Target::Property("ReturnRequest", "note"), lines(crate::routes::challenges::NOTE_MAX)),
        (
            Target::Property("AdoptionRequest", "state"),
            json!({"enum": names(&domain::AdoptionState::ALL, domain::AdoptionState::as_str)}),
        ),
        (
            Target::Property("OpinionRequest", "verdict"),
            json!({"enum": names(&domain::challenge::OpinionVerdict::ALL, domain::challenge::OpinionVerdict::as_str)}),
        ),
        (Target::Property("OpinionRequest", "text"), lines(domain::challenge::OPINION_MAX)),
        (Target::Property("ExpertiseTermRequest", "label_it"), line(80)),
        (Target::Property("ExpertiseTermRequest", "label_en"), line(80)),
        (Target::Property("MyExpertiseRequest", "expertise"), json!({"maxItems": domain::expertise::EXPERTISE_MAX})),
        (Target::Property("AdoptionRequest", "started_on"), json!({"format": "date"})),
        (Target::Property("AdoptionRequest", "ended_on"), json!({"format": "date"})),
        (Target::Property("AdoptionRequest", "note"), lines(domain::adoption::NOTE_MAX)),
        (Target::Property("MessageRequest", "subject"), line(domain::adoption::SUBJECT.1)),
        (Target::Property("MessageRequest", "body"), lines(domain::adoption::BODY.1)),
        (Target::Property("MessageRequest", "to_organization_id"), json!({"format": "uuid"})),
        (Target::Property("ServiceRequest", "tags"), tags.clone()),
        (Target::Property("ServiceRequest", "platforms"), tags),
        (Target::Property("ServiceRequest", "features_it"), features.clone()),
        (Target::Property("ServiceRequest", "features_en"), features),
        (Target::Property("ServiceRequest", "supports"), json!({"maxItems": domain::catalogue::SUPPORTS.len()})),
        (Target::Items("ServiceRequest", "supports"), json!({"enum": domain::catalogue::SUPPORTS})),
        (Target::Property("ServiceRequest", "contacts"), json!({"maxItems": domain::catalogue::CONTACTS_MAX})),
        (Target::Property("RolesRequest", "roles"), json!({"maxItems": Role::ALL.len()})),
        (Target::Property("ServiceRequest", "short_description_it"), line(domain::catalogue::SHORT_DESCRIPTION_MAX)),
        (Target::Property("ServiceRequest", "short_description_en"), line(domain::catalogue::SHORT_DESCRIPTION_MAX)),
        (Target::Property("ServiceRequest", "long_description_it"), lines(domain::catalogue::LONG_DESCRIPTION.1)),
        (Target::Property("ServiceRequest", "long_description_en"), lines(domain::catalogue::LONG_DESCRIPTION.1)),
        (Target::Property("ScreenRequest", "reason"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("DecisionRequest", "rationale"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("DecisionRequest", "observations_reply"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("NoticeRequest", "grounds"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ObservationsRequest", "observations"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ResponseRequest", "response"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("RatingRequest", "note"), lines(domain::quality::RATING_NOTE_MAX)),
        (Target::Property("RedressRequest", "statement"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("HandleRequest", "reason"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ProposalRequest", "summary"), lines(500)),
        (Target::Property("ChallengeRequest", "description_it"), lines(domain::challenge::DESCRIPTION_MAX)),
        (Target::Property("ChallengeRequest", "description_en"), lines(domain::challenge::DESCRIPTION_MAX)),
        (Target::Property("DeprecateRequest", "reason"), lines(domain::catalogue::DEPRECATION_REASON.1)),
        (Target::Property("ProposalRequest", "description"), lines(50_000)),
        (Target::Property("ProposalRequest", "reuse_assessment"), lines(domain::proposal::REUSE_ASSESSMENT_MAX)),
        (Target::Property("RegisterRequest", "locale"), locales.clone()),
        (Target::Property("InvitationRequest", "locale"), locales.clone()),
        (Target::Property("ProfileUpdate", "locale"), locales),
        (
            Target::Property("NewOrganizationDto", "kind"),
            json!({"enum": names(&OrganizationKind::ALL, OrganizationKind::as_str)}),
        ),
        (Target::Property("NewOrganizationDto", "ipa_code"), json!({"pattern": "^[A-Za-z0-9_]{2,20}$"})),
        // Only a public administration has an IPA code (`not_an_administration`): on the organisation
        // itself, so that registration's new organisation states it too.
        (Target::Schema("NewOrganizationDto"), ipa_code_by_kind()),
        (Target::Items("NewTokenRequest", "scopes"), json!({"enum": names(&Scope::ALL, Scope::as_str)})),
        (Target::Property("NewTokenRequest", "scopes"), json!({"minItems": 1, "maxItems": Scope::ALL.len()})),
        (Target::Items("RolesRequest", "roles"), json!({"enum": names(&Role::ALL, Role::as_str)})),
        (Target::Items("NewEndpointRequest", "events"), json!({"enum": webhook_events()})),
        (Target::Items("EndpointPatchRequest", "events"), json!({"enum": webhook_events()})),
        (Target::Property("NewEndpointRequest", "scope"), json!({"enum": ["organization", "hub"]})),
        (Target::Property("NoteRequest", "note"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ReasonRequest", "reason"), lines(domain::review::DECLINE_REASON_MAX)),
        (Target::Property("ReviewRequest", "recommendation"), json!({"enum": ["accept", "reject", "revise"]})),
        (
            Target::PillarMap("ReviewRequest", "scores"),
            json!({"type": ["number", "null"], "format": "float", "minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (Target::PillarMap("ReviewRequest", "comments"), json!({"type": "string"})),
        (
            Target::PillarMap("EvaluationRequest", "weights"),
            json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": 100}),
        ),
        (
            Target::PillarMap("EvaluationRequest", "thresholds"),
            json!({"type": "number", "format": "float", "minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (Target::PillarMap("ProposalRequest", "self_assessment"), json!({"type": ["string", "null"]})),
        // A consensus draft scores and justifies every pillar; a position is a stance (a dissent says why).
        (
            Target::PillarMap("DraftRequest", "scores"),
            json!({"type": "number", "format": "float", "minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (Target::PillarMap("DraftRequest", "justifications"), consensus_text(domain::consensus::JUSTIFICATION_MAX)),
        (Target::Property("DraftRequest", "comment"), lines(domain::consensus::COMMENT_MAX)),
        (Target::Property("DraftRequest", "scores"), json!({"required": pillars.clone()})),
        (Target::Property("DraftRequest", "justifications"), json!({"required": pillars.clone()})),
        (Target::Property("RapporteurRequest", "rapporteur_id"), json!({"format": "uuid"})),
        (
            Target::Property("PositionRequest", "stance"),
            json!({"enum": names(&domain::consensus::Stance::ALL, domain::consensus::Stance::as_str)}),
        ),
        (Target::Property("PositionRequest", "note"), lines(domain::consensus::COMMENT_MAX)),
        (
            Target::Body("PUT /api/v1/proposals/{id}/consensus/position"),
            json!({"oneOf": [
                {"type": "object", "properties": {"stance": {"type": "string", "enum": ["concur"]}}},
                {"type": "object", "required": ["note"], "properties": {"stance": {"type": "string", "enum": ["dissent"]},
                    "note": consensus_text(domain::consensus::COMMENT_MAX)}},
            ]}),
        ),
        (
            Target::Property("ServiceRequest", "service_model"),
            json!({"enum": names(&ServiceModel::ALL, ServiceModel::as_str)}),
        ),
        (
            Target::Property("ServiceRequest", "development_status"),
            json!({"enum": names(&DevelopmentStatus::ALL, DevelopmentStatus::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/proposals", "state"),
            json!({"enum": names(&ProposalState::ALL, ProposalState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/webhooks/{id}/deliveries", "status"),
            json!({"enum": names(&domain::webhook::DeliveryStatus::ALL, domain::webhook::DeliveryStatus::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/challenges", "state"),
            json!({"enum": names(&ChallengeState::ALL, ChallengeState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/catalogue/services", "state"),
            json!({"enum": names(&ServiceState::ALL, ServiceState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/catalogue/services", "service_model"),
            json!({"enum": names(&ServiceModel::ALL, ServiceModel::as_str)}),
        ),
        (Target::Query("GET /api/v1/catalogue/services", "pillar"), json!({"enum": pillars.clone()})),
        (Target::Query("GET /api/v1/catalogue/services", "sort"), json!({"enum": ["name", "newest", "score"]})),
        (
            Target::Query("GET /api/v1/catalogue/services", "min_score"),
            json!({"minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (
            Target::Query("GET /api/v1/organizations", "kind"),
            json!({"enum": names(&OrganizationKind::ALL, OrganizationKind::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/organizations", "status"),
            json!({"enum": names(&AdministrationStatus::ALL, AdministrationStatus::as_str)}),
        ),
        (Target::Query("GET /api/v1/needs", "state"), json!({"enum": names(&NeedState::ALL, NeedState::as_str)})),
        (Target::Query("GET /api/v1/needs", "pillar"), json!({"enum": pillars.clone()})),
        (Target::Query("GET /api/v1/users", "role"), json!({"enum": names(&Role::ALL, Role::as_str)})),
        (Target::Query("GET /api/v1/reviews", "state"), json!({"enum": names(&ReviewState::ALL, ReviewState::as_str)})),
        (Target::Query("GET /api/v1/admin/outbox", "status"), json!({"enum": ["pending", "sent", "dead"]})),
        (
            Target::Creates("POST /api/v1/proposals", "NewProposalRequest"),
            json!({"required": ["challenge_id", "title"]}),
        ),
        (
            Target::Creates("POST /api/v1/needs", "NewNeedRequest"),
            json!({"required": ["title", "description", "pillars", "urgency", "population"]}),
        ),
        (
            Target::Creates("POST /api/v1/challenges", "NewChallengeRequest"),
            json!({"required": ["slug", "title_it", "description_it", "sponsor_id", "opens_at"]}),
        ),
        (
            Target::Creates("POST /api/v1/catalogue/services", "NewServiceRequest"),
            json!({"required": ["slug", "name", "short_description_it", "long_description_it", "provider_id"]}),
        ),
        (
            Target::Creates("PUT /api/v1/catalogue/services/{slug}/adoptions/{organization_id}", "AdoptionDeclaration"),
            json!({"required": ["state"]}),
        ),
        (
            Target::Creates("PUT /api/v1/proposals/{id}/opinions/{organization_id}", "OpinionGiven"),
            json!({"required": ["verdict", "text"]}),
        ),
        (
            Target::Creates("POST /api/v1/catalogue/services/{slug}/messages", "CommunityMessageRequest"),
            json!({"required": ["subject", "body"]}),
        ),
        (
            Target::Creates("POST /api/v1/catalogue/services/{slug}/deprecate", "DeprecationRequest"),
            json!({"required": ["reason"]}),
        ),
        (Target::Creates("POST /api/v1/reviews/{id}/decline", "DeclineRequest"), json!({"required": ["reason"]})),
        (
            Target::Creates("POST /api/v1/challenges/{id}/return", "ChallengeReturnRequest"),
            json!({"required": ["note"]}),
        ),
        (
            Target::Creates("POST /api/v1/organizations/{id}/ownership", "OwnershipTransfer"),
            json!({"required": ["user_id"]}),
        ),
        (Target::Creates("PUT /api/v1/expertise/{tag}", "ExpertiseTermWords"), json!({"required": ["label_it"]})),
        (Target::Creates("PUT /api/v1/me/expertise", "MyExpertise"), json!({"required": ["expertise"]})),
        (
            Target::Creates("POST /api/v1/proposals/{id}/request-revision", "RevisionRequest"),
            json!({"required": ["note"]}),
        ),
        (
            Target::Body("POST /api/v1/proposals/{id}/screen"),
            json!({"oneOf": [
                {"type": "object", "properties": {"eligible": {"type": "boolean", "enum": [true]}}},
                {"type": "object", "required": ["reason"], "properties": {"eligible": {"type": "boolean", "enum": [false]}, "reason": {"type": "string", "minLength": 1, "pattern": super::text::non_blank(Some(&super::text::multiline_text()))}}},
            ]}),
        ),
    ]
}

/// Merges `constraint` into the schema `target` names; an `enum` keeps `null` where the schema
/// allows it.
/// # Errors
/// When the document has no such schema, property, operation or parameter.
pub(super) fn constrain(doc: &mut Value, target: &Target, constraint: Value) -> Result<(), String> {
    fn merge(schema: &mut Value, constraint: &Value) {
        let nullable = schema["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "null"))
            || schema["oneOf"].as_array().is_some_and(|o| o.iter().any(|s| s["type"] == "null"));
        if let (Some(schema), Some(constraint)) = (schema.as_object_mut(), constraint.as_object()) {
            for (key, value) in constraint {
                let mut value = value.clone();
                if key == "enum"
                    && nullable
                    && let Some(values) = value.as_array_mut()
                {
                    values.push(Value::Null);
                }
                schema.insert(key.clone(), value);
            }
        }
    }
    let missing = |pointer: &str| format!("no {pointer} in the document");
    match target {
        Target::Property(schema, property) => {
            let pointer = format!("/components/schemas/{schema}/properties/{property}");
            merge(doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?, &constraint);
        }
        Target::Items(schema, property) => {
            let pointer = format!("/components/schemas/{schema}/properties/{property}/items");
            merge(doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?, &constraint);
        }
        Target::Schema(schema) => {
            let pointer = format!("/components/schemas/{schema}");
            let s = doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?;
            let plain = s.take();
            *s = json!({"allOf": [plain, constraint]});
        }
        Target::PillarMap(schema, property) => {
            let pointer = format!("/components/schemas/{schema}/properties/{property}");
            let s = doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?;
            let properties: serde_json::Map<String, Value> =
                Pillar::ALL.iter().map(|p| (p.key().to_owned(), constraint.clone())).collect();
            let nullable = s["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "null"));
            let description = s.get("description").cloned();
            let example = s.get("example").cloned();
            *s = json!({"type": if nullable { json!(["object", "null"]) } else { json!("object") },
                        "properties": properties, "additionalProperties": false});
            if let Some(d) = description {
                s["description"] = d;
            }
            if let Some(e) = example {
                s["example"] = e;
            }
        }
        Target::Query(at, name) => {
            let (method, path) = at.split_once(' ').ok_or_else(|| format!("{at}: not METHOD PATH"))?;
            let pointer =
                format!("/paths/{}/{}/parameters", path.replace('~', "~0").replace('/', "~1"), method.to_lowercase());
            let parameters =
                doc.pointer_mut(&pointer).and_then(Value::as_array_mut).ok_or_else(|| missing(&pointer))?;
            let mut found = false;
            for parameter in parameters.iter_mut().filter(|p| p["name"] == *name && p["in"] == "query") {
                merge(&mut parameter["schema"], &constraint);
                found = true;
            }
            if !found {
                return Err(format!("{at} has no query parameter {name}"));
            }
        }
        Target::Body(at) => {
            let pointer = body_pointer(at)?;
            let schema = doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?;
            let plain = schema.take();
            *schema = json!({"allOf": [plain, constraint]});
        }
        Target::Creates(at, name) => {
            let fields = constraint["required"].as_array().ok_or_else(|| format!("{at}: no required fields"))?;
            let pointer = body_pointer(at)?;
            let body = doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))?;
            // The component, or the component of an optional body (`oneOf` it and null): required here.
            let reference = std::iter::once(&*body)
                .chain(body["oneOf"].as_array().into_iter().flatten())
                .find_map(|schema| schema["$ref"].as_str())
                .ok_or_else(|| format!("{at}: the body is not a component"))?
                .to_owned();
            let mut schema = reference
                .strip_prefix('#')
                .and_then(|component| doc.pointer(component))
                .cloned()
                .ok_or_else(|| missing(&reference))?;
            for field in fields {
                let field = field.as_str().unwrap_or_default();
                let property = schema["properties"].get_mut(field).ok_or_else(|| format!("{at}: no {field}"))?;
                required(property);
            }
            schema["required"] = json!(fields);
            doc["components"]["schemas"][*name] = schema;
            *doc.pointer_mut(&pointer).ok_or_else(|| missing(&pointer))? =
                json!({"$ref": format!("#/components/schemas/{name}")});
            let body = pointer.trim_end_matches("/content/application~1json/schema");
            doc.pointer_mut(body).ok_or_else(|| missing(body))?["required"] = json!(true);
        }
    }
    Ok(())
}

/// The JSON body schema of `METHOD PATH`.
fn body_pointer(at: &str) -> Result<String, String> {
    let (method, path) = at.split_once(' ').ok_or_else(|| format!("{at}: not METHOD PATH"))?;
    Ok(format!(
        "/paths/{}/{}/requestBody/content/application~1json/schema",
        path.replace('~', "~0").replace('/', "~1"),
        method.to_lowercase()
    ))
}

/// A property made required: not null, and not empty when text.
fn required(property: &mut Value) {
    if let Some(types) = property["type"].as_array() {
        let types: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        property["type"] = if types.len() == 1 { types[0].clone() } else { json!(types) };
    }
    if let Some(alternatives) = property["oneOf"].as_array() {
        let alternatives: Vec<Value> = alternatives.iter().filter(|a| a["type"] != "null").cloned().collect();
        if let [only] = alternatives.as_slice() {
            let only = only.clone();
            property.as_object_mut().map(|p| p.remove("oneOf"));
            if let (Some(p), Some(o)) = (property.as_object_mut(), only.as_object()) {
                p.extend(o.clone());
            }
        } else {
            property["oneOf"] = json!(alternatives);
        }
    }
    if let Some(values) = property["enum"].as_array() {
        property["enum"] = json!(values.iter().filter(|v| !v.is_null()).collect::<Vec<_>>());
    }
    if property["type"] == "string" {
        property["minLength"] = json!(1);
        // Text is trimmed before it is checked: whitespace alone is no text.
        if property.get("format").is_none()
            && property.get("enum").is_none()
            && let Some(pattern) = super::text::non_blank(property["pattern"].as_str())
        {
            property["pattern"] = json!(pattern);
        }
    }
}

/// The events an endpoint subscribes to (every type but the ping).
fn webhook_events() -> Vec<&'static str> {
    domain::webhook::EventType::ALL.iter().filter(|e| e.subscribable()).map(|e| e.as_str()).collect()
}
