//! Realistic examples of the proposal schemas, for the OpenAPI document.

use serde_json::{Value, json};

/// A proposal's content.
pub(super) fn content() -> Value {
    json!({
        "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
        "summary": "Una piattaforma che ottimizza la raccolta dei rifiuti nei comuni pugliesi grazie a sensori di riempimento e percorsi calcolati ogni notte.",
        "description": "## Il problema\n\nI mezzi della raccolta passano anche davanti a cassonetti vuoti.\n\n## La soluzione\n\nSensori a basso consumo e un ottimizzatore di percorsi ospitato sul PSN.",
        "trl": 6,
        "budget_cents": 18000000,
        "tags": ["iot", "rifiuti", "smart-city"],
        "self_assessment": {
            "security_sovereignty": "Dati ospitati sul PSN, cifrati a riposo e in transito.",
            "effectiveness_sustainability": "Meno chilometri percorsi, meno emissioni."
        },
        "reuse_assessment": "Il servizio a catalogo più vicino pianifica la raccolta su calendario fisso; questa proposta misura il riempimento e ricalcola i percorsi ogni notte."
    })
}

/// A proposal under review.
pub(super) fn proposal() -> Value {
    json!({
        "id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
        "challenge_id": "0192f0a3-5e6f-7a80-9b1c-2d3e4f5a6b7c",
        "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
        "created_by": "0192f0a2-1c2d-7e3f-a041-52637485a6b7",
        "state": "under_review",
        "version": 1,
        "team": ["0192f0a2-5e6f-7071-8283-94a5b6c7d8e9"],
        "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
        "summary": "Una piattaforma che ottimizza la raccolta dei rifiuti nei comuni pugliesi grazie a sensori di riempimento e percorsi calcolati ogni notte.",
        "description": "## Il problema\n\nI mezzi della raccolta passano anche davanti a cassonetti vuoti.\n\n## La soluzione\n\nSensori a basso consumo e un ottimizzatore di percorsi ospitato sul PSN.",
        "trl": 6,
        "budget_cents": 18000000,
        "tags": ["iot", "rifiuti", "smart-city"],
        "self_assessment": {
            "security_sovereignty": "Dati ospitati sul PSN, cifrati a riposo e in transito.",
            "effectiveness_sustainability": "Meno chilometri percorsi, meno emissioni."
        },
        "reuse_assessment": "Il servizio a catalogo più vicino pianifica la raccolta su calendario fisso; questa proposta misura il riempimento e ricalcola i percorsi ogni notte.",
        "submitted_at": "2026-03-02T09:15:00Z",
        "created_at": "2026-02-20T14:03:12Z",
        "updated_at": "2026-03-05T11:40:00Z"
    })
}

/// A new proposal to the open call.
pub(super) fn proposal_request() -> Value {
    json!({
        "challenge_id": "open-call",
        "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
        "summary": "Una piattaforma che ottimizza la raccolta dei rifiuti nei comuni pugliesi grazie a sensori di riempimento e percorsi calcolati ogni notte.",
        "trl": 6,
        "budget_cents": 18000000,
        "tags": ["iot", "rifiuti"],
        "self_assessment": {"security_sovereignty": "Dati ospitati sul PSN, cifrati a riposo e in transito."},
        "team": ["0192f0a2-5e6f-7071-8283-94a5b6c7d8e9"]
    })
}

/// A note asking for a revision.
pub(super) fn note_request() -> Value {
    json!({"note": "Allegare il piano di sperimentazione con il Comune di Lecce."})
}

/// An eligible proposal.
pub(super) fn screen_request() -> Value {
    json!({"eligible": true, "reason": null})
}

/// A screening step.
pub(super) fn history() -> Value {
    json!({
        "action": "screen_eligible",
        "actor_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8",
        "actor_name": "Marco Esposito",
        "from_state": "submitted",
        "to_state": "under_review",
        "note": null,
        "override_reason": null,
        "portfolio": null,
        "occurred_at": "2026-03-03T10:00:00Z",
        "version": 1
    })
}

/// The first submitted version.
pub(super) fn version() -> Value {
    json!({
        "version": 1,
        "submitted_at": "2026-03-02T09:15:00Z",
        "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
        "summary": "Una piattaforma che ottimizza la raccolta dei rifiuti nei comuni pugliesi grazie a sensori di riempimento e percorsi calcolati ogni notte.",
        "description": "## Il problema\n\nI mezzi della raccolta passano anche davanti a cassonetti vuoti.\n\n## La soluzione\n\nSensori a basso consumo e un ottimizzatore di percorsi ospitato sul PSN.",
        "trl": 6,
        "budget_cents": 18000000,
        "tags": ["iot", "rifiuti", "smart-city"],
        "self_assessment": {
            "security_sovereignty": "Dati ospitati sul PSN, cifrati a riposo e in transito.",
            "effectiveness_sustainability": "Meno chilometri percorsi, meno emissioni."
        },
        "reuse_assessment": "Il servizio a catalogo più vicino pianifica la raccolta su calendario fisso; questa proposta misura il riempimento e ricalcola i percorsi ogni notte."
    })
}
