//! SQL functions shared by both engines, declared once.

diesel::define_sql_function! {
    /// Lower-cases text (both SQLite and PostgreSQL call it `lower`).
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use crate::db::DbConnection;
use crate::error::StoreError;

/// The words of a search text, lowercased with accents folded, as both full-text indexes hold them.
fn search_words(text: &str) -> Vec<String> {
    domain::catalogue::fold_for_search(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Replaces a service's full-text document: an FTS5 row on SQLite, the `search` tsvector on PostgreSQL.
pub(crate) fn search_write(conn: &mut DbConnection, id: &str, document: &str) -> Result<(), StoreError> {
    let document = search_words(document).join(" ");
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("DELETE FROM services_fts WHERE service_id = ?").bind::<Text, _>(id).execute(c)?;
            diesel::sql_query("INSERT INTO services_fts (service_id, document) VALUES (?, ?)")
                .bind::<Text, _>(id)
                .bind::<Text, _>(&document)
                .execute(c)?;
        }
        DbConnection::Pg(c) => {
            diesel::sql_query("UPDATE services SET search = to_tsvector('simple', $2) WHERE id = $1")
                .bind::<Text, _>(id)
                .bind::<Text, _>(&document)
                .execute(c)?;
        }
    }
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Hit {
    #[diesel(sql_type = Text)]
    service_id: String,
}

/// The services whose document has every word of `q`, each as a word prefix ("interop" finds
/// "interoperabilità"); `None` when `q` has no words.
pub(crate) fn search_ids(conn: &mut DbConnection, q: &str) -> Result<Option<Vec<String>>, StoreError> {
    // A query of more than 16 words is a paste, not a search: its first 16 are plenty.
    let words: Vec<String> = search_words(q).into_iter().take(16).collect();
    if words.is_empty() {
        return Ok(None);
    }
    let hits: Vec<Hit> = match conn {
        DbConnection::Sqlite(c) => {
            let query = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND ");
            diesel::sql_query("SELECT service_id FROM services_fts WHERE services_fts MATCH ?")
                .bind::<Text, _>(format!("document : ({query})"))
                .load(c)?
        }
        DbConnection::Pg(c) => {
            let query = words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & ");
            diesel::sql_query("SELECT id AS service_id FROM services WHERE search @@ to_tsquery('simple', $1)")
                .bind::<Text, _>(query)
                .load(c)?
        }
    };
    Ok(Some(hits.into_iter().map(|h| h.service_id).collect()))
}
