//! The versioned rubric: reference data written once per version and read by everyone.

use diesel::prelude::*;
use domain::{Pillar, Rubric, RubricLevel, RubricPillar};

use crate::Store;
use crate::error::StoreError;
use crate::schema::rubric_pillars;
use crate::stored::Named;

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = rubric_pillars)]
struct RubricRow {
    version: String,
    #[diesel(serialize_as = Named<Pillar>)]
    key: Pillar,
    position: i32,
    name_it: String,
    name_en: String,
    description_it: String,
    description_en: String,
    levels: String,
}

impl Store {
    /// Stores a rubric version unless it is already there; a version's text never changes.
    ///
    /// # Errors
    /// When the rubric is invalid or the database fails.
    pub fn rubric_ensure(&self, rubric: &Rubric) -> Result<bool, StoreError> {
        rubric.validate().map_err(|e| StoreError::internal("rubric", e))?;
        self.db.write(|conn| {
            let known: i64 =
                rubric_pillars::table.filter(rubric_pillars::version.eq(&rubric.version)).count().get_result(conn)?;
            if known > 0 {
                return Ok(false);
            }
            for (position, p) in rubric.pillars.iter().enumerate() {
                let row = RubricRow {
                    version: rubric.version.clone(),
                    key: p.pillar,
                    position: i32::try_from(position).unwrap_or_default(),
                    name_it: p.name_it.clone(),
                    name_en: p.name_en.clone(),
                    description_it: p.description_it.clone(),
                    description_en: p.description_en.clone(),
                    levels: serde_json::to_string(&p.levels).map_err(|e| StoreError::internal("rubric levels", e))?,
                };
                diesel::insert_into(rubric_pillars::table).values(row).execute(conn)?;
            }
            Ok(true)
        })
    }

    /// The newest rubric version.
    ///
    /// # Errors
    /// `NotFound` when none is stored.
    pub fn rubric_current(&self) -> Result<Rubric, StoreError> {
        self.db.read(|conn| {
            let version: String = rubric_pillars::table
                .select(rubric_pillars::version)
                .order(rubric_pillars::version.desc())
                .first(conn)
                .optional()?
                .ok_or_else(|| StoreError::not_found("rubric"))?;
            let rows: Vec<RubricRow> = rubric_pillars::table
                .filter(rubric_pillars::version.eq(&version))
                .order(rubric_pillars::position.asc())
                .select(RubricRow::as_select())
                .load(conn)?;
            let pillars = rows
                .into_iter()
                .map(|r| {
                    Ok(RubricPillar {
                        pillar: r.key,
                        name_it: r.name_it,
                        name_en: r.name_en,
                        description_it: r.description_it,
                        description_en: r.description_en,
                        levels: serde_json::from_str::<Vec<RubricLevel>>(&r.levels)
                            .map_err(|e| StoreError::internal("rubric levels", e))?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            Ok(Rubric { version, pillars })
        })
    }
}
