//! The hub's four pillars and the 0–5 half-point scale they are scored and weighted on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// One of the four pillars, in their fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pillar {
    /// Sicurezza e sovranità.
    SecuritySovereignty,
    /// Crescita e sviluppo.
    GrowthDevelopment,
    /// Talento e competenze.
    TalentSkills,
    /// Efficacia e sostenibilità.
    EffectivenessSustainability,
}

impl Pillar {
    /// The pillars in order.
    pub const ALL: [Self; 4] =
        [Self::SecuritySovereignty, Self::GrowthDevelopment, Self::TalentSkills, Self::EffectivenessSustainability];

    /// The stable key.
    pub fn key(self) -> &'static str {
        match self {
            Self::SecuritySovereignty => "security_sovereignty",
            Self::GrowthDevelopment => "growth_development",
            Self::TalentSkills => "talent_skills",
            Self::EffectivenessSustainability => "effectiveness_sustainability",
        }
    }

    /// The position in the fixed order.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for Pillar {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.key() == s)
            .ok_or_else(|| FieldError::new("pillar", "unknown_pillar", format!("unknown pillar `{s}`")))
    }
}

impl fmt::Display for Pillar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A value on the 0–5 scale in half points, kept as a count of halves (0..=10) so that it is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct HalfPoints(u8);

impl HalfPoints {
    /// 3.0, the default thresholds.
    pub const THREE: Self = Self(6);

    /// Parses a number such as `3`, `2.5` or `0`.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` when it is outside 0–5 or not a multiple of 0.5.
    pub fn parse(field: &str, value: f64) -> Result<Self, FieldError> {
        let halves = value * 2.0;
        if !(0.0..=10.0).contains(&halves) || halves.fract() != 0.0 {
            return Err(FieldError::new(field, "not_half_points", "must be between 0 and 5 in steps of 0.5"));
        }
        Ok(Self(halves as u8))
    }

    /// From a stored count of halves.
    ///
    /// # Errors
    /// A [`FieldError`] when above 10.
    pub fn from_halves(halves: i32) -> Result<Self, FieldError> {
        u8::try_from(halves)
            .ok()
            .filter(|h| *h <= 10)
            .map(Self)
            .ok_or_else(|| FieldError::new("halves", "out_of_range", "must be 0 to 10"))
    }

    /// The count of halves.
    pub fn halves(self) -> i32 {
        i32::from(self.0)
    }

    /// The value, e.g. 2.5.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn half_points() {
        assert_eq!(HalfPoints::parse("x", 2.5).map(HalfPoints::halves), Ok(5));
        assert_eq!(HalfPoints::parse("x", 0.0).map(HalfPoints::halves), Ok(0));
        assert_eq!(HalfPoints::parse("x", 5.0).map(HalfPoints::halves), Ok(10));
        for bad in [-0.5, 5.5, 2.25, f64::NAN, f64::INFINITY] {
            assert!(HalfPoints::parse("x", bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_half_point_round_trips(halves in 0u8..=10) {
            let value = f64::from(halves) / 2.0;
            prop_assert_eq!(HalfPoints::parse("x", value).map(HalfPoints::value), Ok(value));
        }
    }

    #[test]
    fn pillar_keys_round_trip_in_order() {
        for (i, pillar) in Pillar::ALL.into_iter().enumerate() {
            assert_eq!(pillar.key().parse::<Pillar>(), Ok(pillar));
            assert_eq!(pillar.index(), i);
        }
    }
}

/// The definition of one whole level of a pillar's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricLevel {
    /// 0 to 5.
    pub score: u8,
    /// Definition in Italian.
    pub it: String,
    /// Definition in English.
    pub en: String,
}

/// One pillar of the rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricPillar {
    /// Which pillar.
    pub pillar: Pillar,
    /// Name in Italian.
    pub name_it: String,
    /// Name in English.
    pub name_en: String,
    /// What it assesses, in Italian.
    pub description_it: String,
    /// What it assesses, in English.
    pub description_en: String,
    /// The six whole levels, 0 to 5.
    pub levels: Vec<RubricLevel>,
}

/// The versioned four-pillar rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rubric {
    /// Version, e.g. `2026.1`.
    pub version: String,
    /// The pillars in order.
    pub pillars: Vec<RubricPillar>,
}

impl Rubric {
    /// Checks that it defines the four pillars in order, each with levels 0 to 5 and every text.
    ///
    /// # Errors
    /// A message naming the first problem.
    pub fn validate(&self) -> Result<(), String> {
        if self.version.trim().is_empty() {
            return Err("the rubric needs a version".to_owned());
        }
        let keys: Vec<Pillar> = self.pillars.iter().map(|p| p.pillar).collect();
        if keys != Pillar::ALL {
            return Err(format!("the rubric must define the four pillars in order, not {keys:?}"));
        }
        for p in &self.pillars {
            let texts = [&p.name_it, &p.name_en, &p.description_it, &p.description_en];
            if texts.iter().any(|t| t.trim().is_empty()) {
                return Err(format!("{}: every name and description is required", p.pillar));
            }
            let scores: Vec<u8> = p.levels.iter().map(|l| l.score).collect();
            if scores != [0, 1, 2, 3, 4, 5] {
                return Err(format!("{}: levels must be 0 to 5 in order, not {scores:?}", p.pillar));
            }
            if p.levels.iter().any(|l| l.it.trim().is_empty() || l.en.trim().is_empty()) {
                return Err(format!("{}: every level needs its Italian and English definition", p.pillar));
            }
        }
        Ok(())
    }
}
