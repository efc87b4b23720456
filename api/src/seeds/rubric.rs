//! The four-pillar rubric from `seeds/pillars.toml`, compiled into the binary and stored at start-up,
//! so that every hub (demo or not) serves it.

use anyhow::{Context, anyhow};
use domain::{Pillar, Rubric, RubricLevel, RubricPillar};
use serde::Deserialize;

const EMBEDDED: &str = include_str!("../../../seeds/pillars.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PillarSeed {
    key: String,
    name_it: String,
    name_en: String,
    description_it: String,
    description_en: String,
    levels: Vec<RubricLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    version: String,
    pillar: Vec<PillarSeed>,
}

/// The rubric shipped with this build, validated.
///
/// # Errors
/// When `pillars.toml` does not parse or breaks a rule of the rubric.
pub fn embedded() -> anyhow::Result<Rubric> {
    let file: RubricFile = toml::from_str(EMBEDDED).context("pillars.toml")?;
    let pillars = file
        .pillar
        .into_iter()
        .map(|p| {
            Ok(RubricPillar {
                pillar: p.key.parse::<Pillar>().map_err(|e| anyhow!("pillars.toml: {e}"))?,
                name_it: p.name_it,
                name_en: p.name_en,
                description_it: p.description_it.trim().to_owned(),
                description_en: p.description_en.trim().to_owned(),
                levels: p.levels,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rubric = Rubric { version: file.version, pillars };
    rubric.validate().map_err(|e| anyhow!("pillars.toml: {e}"))?;
    Ok(rubric)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_rubric_is_valid() {
        let rubric = super::embedded().expect("valid rubric");
        assert_eq!(rubric.pillars.len(), 4);
        assert_eq!(rubric.pillars[0].name_it, "Sicurezza e sovranità");
    }
}
