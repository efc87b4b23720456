//! The rubric's pillars as every page names them (the versioned rubric is the one home of their names,
//! definitions and levels, in Italian and English).

use domain::{Locale, Pillar, Rubric};

use super::public::localized;

/// A pillar as the pages show it: its key, name, what it assesses and its levels.
#[derive(Debug, Clone)]
pub struct PillarView {
    /// Its key (`security_sovereignty`…).
    pub key: &'static str,
    /// Its name.
    pub name: String,
    /// What it assesses.
    pub about: String,
    /// Its levels, 0 to 5: (score, definition).
    pub levels: Vec<(u8, String)>,
}

/// The rubric's pillars in `locale`.
pub fn pillars(rubric: &Rubric, locale: Locale) -> Vec<PillarView> {
    rubric
        .pillars
        .iter()
        .map(|p| PillarView {
            key: p.pillar.key(),
            name: localized(locale, &p.name_it, Some(&p.name_en)),
            about: localized(locale, &p.description_it, Some(&p.description_en)),
            levels: p.levels.iter().map(|l| (l.score, localized(locale, &l.it, Some(&l.en)))).collect(),
        })
        .collect()
}

/// The name of `pillar` among `views` (its key if the rubric lacks it).
pub fn name_of(views: &[PillarView], pillar: Pillar) -> String {
    views.iter().find(|v| v.key == pillar.key()).map_or_else(|| pillar.key().to_owned(), |v| v.name.clone())
}
