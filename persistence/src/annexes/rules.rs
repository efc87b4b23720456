//! A challenge's annex rules as stored: one JSON list in `challenges.annex_rules`.

use domain::annex::{AnnexRule, AnnexRules, AnnexType};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::rows::parse_stored;

#[derive(Serialize, Deserialize)]
struct StoredRule {
    key: String,
    name: String,
    required: bool,
    types: Vec<String>,
    max_bytes: u64,
    max_count: u8,
    max_pages: Option<u16>,
}

/// The rules' JSON.
pub(crate) fn rules_json(rules: &AnnexRules) -> Result<String, StoreError> {
    let stored: Vec<StoredRule> = rules
        .iter()
        .map(|r| StoredRule {
            key: r.key.clone(),
            name: r.name.clone(),
            required: r.required,
            types: r.types.iter().map(|t| t.as_str().to_owned()).collect(),
            max_bytes: r.max_bytes,
            max_count: r.max_count,
            max_pages: r.max_pages,
        })
        .collect();
    serde_json::to_string(&stored).map_err(|e| StoreError::internal("challenges.annex_rules", e))
}

/// The rules from their JSON.
pub(crate) fn rules_from_json(json: &str) -> Result<AnnexRules, StoreError> {
    let stored: Vec<StoredRule> =
        serde_json::from_str(json).map_err(|e| StoreError::internal("challenges.annex_rules", e))?;
    let rules = stored
        .into_iter()
        .map(|r| {
            let types: Result<_, StoreError> =
                r.types.iter().map(|t| parse_stored::<AnnexType>("challenges.annex_rules", t)).collect();
            Ok(AnnexRule {
                key: r.key,
                name: r.name,
                required: r.required,
                types: types?,
                max_bytes: r.max_bytes,
                max_count: r.max_count,
                max_pages: r.max_pages,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(AnnexRules::from_valid(rules))
}
