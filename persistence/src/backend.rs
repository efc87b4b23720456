//! SQL functions shared by both engines, declared once.

diesel::define_sql_function! {
    /// Lower-cases text (both SQLite and PostgreSQL call it `lower`).
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The `LIKE` pattern that finds `words` anywhere in a lower-cased column: lower-cased, with `LIKE`'s
/// own wildcards escaped by [`LIKE_ESCAPE`] (a search for `c_h501` or `50%` finds exactly that). Every
/// `like` with such a pattern says `.escape(LIKE_ESCAPE)`.
pub(crate) fn like_pattern(words: &str) -> String {
    let mut pattern = String::from("%");
    for c in words.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The escape character of [`like_pattern`]'s patterns.
pub(crate) const LIKE_ESCAPE: char = '\\';

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

/// A full-text index: an FTS5 table on SQLite, a `search` tsvector column on PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextIndex {
    /// The catalogue's services (`services_fts`, `services.search`).
    Services,
    /// The proposals (`proposals_fts`, `proposals.search`).
    Proposals,
}

impl TextIndex {
    /// (FTS5 table, its key column, the PostgreSQL table).
    const fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Services => ("services_fts", "service_id", "services"),
            Self::Proposals => ("proposals_fts", "proposal_id", "proposals"),
        }
    }
}

/// Replaces a row's full-text document in `index`.
pub(crate) fn search_write(
    conn: &mut DbConnection,
    index: TextIndex,
    id: &str,
    document: &str,
) -> Result<(), StoreError> {
    let document = search_words(document).join(" ");
    let (fts, key, table) = index.names();
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query(format!("DELETE FROM {fts} WHERE {key} = ?")).bind::<Text, _>(id).execute(c)?;
            diesel::sql_query(format!("INSERT INTO {fts} ({key}, document) VALUES (?, ?)"))
                .bind::<Text, _>(id)
                .bind::<Text, _>(&document)
                .execute(c)?;
        }
        DbConnection::Pg(c) => {
            diesel::sql_query(format!("UPDATE {table} SET search = to_tsvector('simple', $2) WHERE id = $1"))
                .bind::<Text, _>(id)
                .bind::<Text, _>(&document)
                .execute(c)?;
        }
    }
    Ok(())
}

/// The rows of `index` whose document has any of `words` (whole words, as [`crate::backend`] folds
/// them), the best matches first by each engine's rank (BM25, `ts_rank`), at most `limit`.
pub(crate) fn search_any(
    conn: &mut DbConnection,
    index: TextIndex,
    words: &[String],
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    let words: Vec<String> = words.iter().flat_map(|w| search_words(w)).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let (fts, key, table) = index.names();
    let hits: Vec<Hit> = match conn {
        DbConnection::Sqlite(c) => {
            let query = words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
            diesel::sql_query(format!(
                "SELECT {key} AS service_id FROM {fts} WHERE {fts} MATCH ? ORDER BY rank LIMIT ?"
            ))
            .bind::<Text, _>(format!("document : ({query})"))
            .bind::<diesel::sql_types::BigInt, _>(limit)
            .load(c)?
        }
        DbConnection::Pg(c) => {
            let query = words.join(" | ");
            diesel::sql_query(format!(
                "SELECT id AS service_id FROM {table} WHERE search @@ to_tsquery('simple', $1) \
                 ORDER BY ts_rank(search, to_tsquery('simple', $1)) DESC, id LIMIT $2"
            ))
            .bind::<Text, _>(query)
            .bind::<diesel::sql_types::BigInt, _>(limit)
            .load(c)?
        }
    };
    Ok(hits.into_iter().map(|h| h.service_id).collect())
}

/// The rows of `index` whose document has any of `words`, best first by the sum of the weights of the
/// words each holds (each word with its weight, its rarity), at most `limit`. SQLite ranks by BM25,
/// which weighs words by their rarity itself; PostgreSQL's `ts_rank` does not (it counts occurrences),
/// so there the given weights rank, which on the synthetic corpus took the share of the exact top-5
/// places the candidates reach from 0.24 to the BM25's.
pub(crate) fn search_weighted(
    conn: &mut DbConnection,
    index: TextIndex,
    words: &[(String, f64)],
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    let DbConnection::Pg(c) = conn else {
        let plain: Vec<String> = words.iter().map(|(w, _)| w.clone()).collect();
        return search_any(conn, index, &plain, limit);
    };
    let (mut folded, mut weights) = (Vec::new(), Vec::new());
    for (word, weight) in words {
        for w in search_words(word) {
            folded.push(w);
            weights.push(*weight);
        }
    }
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let (_, _, table) = index.names();
    let hits: Vec<Hit> = diesel::sql_query(format!(
        "SELECT id AS service_id FROM {table} WHERE search @@ to_tsquery('simple', $1) \
         ORDER BY (SELECT COALESCE(SUM(w.weight), 0) FROM unnest($2::text[], $3::float8[]) AS w(word, weight) \
         WHERE search @@ to_tsquery('simple', w.word)) DESC, id LIMIT $4"
    ))
    .bind::<Text, _>(folded.join(" | "))
    .bind::<diesel::sql_types::Array<Text>, _>(&folded)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Double>, _>(&weights)
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(c)?;
    Ok(hits.into_iter().map(|h| h.service_id).collect())
}

/// How many documents `index` holds: one per row of its table (every write of a row writes its
/// document), counted on the table because FTS5 counts its own rows by reading every one.
pub(crate) fn index_size(conn: &mut DbConnection, index: TextIndex) -> Result<i64, StoreError> {
    let (_, _, table) = index.names();
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let found: Count = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sql).get_result(c)?,
        DbConnection::Pg(c) => diesel::sql_query(sql).get_result(c)?,
    };
    Ok(found.n)
}

/// How many documents of `index` hold `word` (a word as [`search_words`] makes them).
pub(crate) fn documents_with(conn: &mut DbConnection, index: TextIndex, word: &str) -> Result<i64, StoreError> {
    let (fts, _, table) = index.names();
    let found: Count = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {fts} WHERE {fts} MATCH ?"))
            .bind::<Text, _>(format!("document : \"{}\"", word.replace('"', "\"\"")))
            .get_result(c)?,
        DbConnection::Pg(c) => diesel::sql_query(format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE search @@ plainto_tsquery('simple', $1)"
        ))
        .bind::<Text, _>(word)
        .get_result(c)?,
    };
    Ok(found.n)
}

/// PostgreSQL's estimates of how many documents of `index` hold each of its most common words, from the
/// planner's statistics of the `search` column (gathered by `ANALYZE` and autovacuum: none before they
/// first run); none on SQLite. A word that is not among them is in fewer documents than any that is.
pub(crate) fn common_word_estimates(
    conn: &mut DbConnection,
    index: TextIndex,
) -> Result<Vec<(String, i64)>, StoreError> {
    let DbConnection::Pg(c) = conn else { return Ok(Vec::new()) };
    let (_, _, table) = index.names();
    let found: Vec<Estimate> = diesel::sql_query(
        "SELECT u.e AS word, \
         round(u.f::float8 * (SELECT reltuples FROM pg_class WHERE oid = to_regclass($1))::float8)::int8 AS n \
         FROM pg_stats s \
         CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(e, f) \
         WHERE s.schemaname = current_schema() AND s.tablename = $1 AND s.attname = 'search' \
         AND u.e IS NOT NULL",
    )
    .bind::<Text, _>(table)
    .load(c)?;
    Ok(found.into_iter().map(|e| (e.word, e.n)).collect())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Estimate {
    #[diesel(sql_type = Text)]
    word: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
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

/// The items of a `string_agg(…, ',')` column (NULL: none). Only for items that cannot hold a comma:
/// tags (`[a-z0-9-]`) and ids.
pub(crate) fn split_aggregate(aggregate: Option<&str>) -> impl Iterator<Item = &str> {
    aggregate.into_iter().flat_map(|a| a.split(',')).filter(|i| !i.is_empty())
}

/// A fixed SQL expression — a correlated subquery, which Diesel's DSL cannot say — that, unlike
/// `dsl::sql`, leaves the statement around it safe to prepare once and cache: each fragment is a type
/// of its own, so its type identifies the SQL text. (A literal makes PostgreSQL parse and plan the
/// whole statement on every execution: the catalogue page fell from 4,677 to 2,625 req/s.)
pub(crate) trait Fragment: 'static {
    /// The SQL text.
    const SQL: &'static str;
    /// Its type.
    type SqlType: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType;
}

/// [`Fragment`] `F` as an expression.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed<F>(std::marker::PhantomData<F>);

/// The expression of fragment `F`.
pub(crate) fn fixed<F: Fragment>() -> Fixed<F> {
    Fixed(std::marker::PhantomData)
}

impl<F: Fragment, DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for Fixed<F> {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, DB>) -> diesel::QueryResult<()> {
        out.push_sql(F::SQL);
        Ok(())
    }
}

/// What makes `$ty<F>` (`F: $bound`, with an `SqlType`) a plain, non-aggregate expression of type
/// `F::SqlType` that may appear in any query, with a static query id: its type is its SQL text, so
/// Diesel prepares the statement around it once and caches it.
macro_rules! cacheable_expression {
    ($ty:ident, $bound:ident) => {
        impl<F: $bound> diesel::Expression for $ty<F> {
            type SqlType = F::SqlType;
        }

        impl<F: $bound> diesel::query_builder::QueryId for $ty<F> {
            type QueryId = Self;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl<F: $bound, QS> diesel::AppearsOnTable<QS> for $ty<F> {}

        impl<F: $bound, QS> diesel::SelectableExpression<QS> for $ty<F> {}

        impl<F: $bound, GB> diesel::expression::ValidGrouping<GB> for $ty<F> {
            type IsAggregate = diesel::expression::is_aggregate::Never;
        }
    };
}

cacheable_expression!(Fixed, Fragment);

/// A fixed SQL expression with one text parameter between `P::BEFORE` and `P::AFTER`, as cacheable
/// as [`Fixed`].
pub(crate) trait Parameterized: 'static {
    /// The SQL before the parameter.
    const BEFORE: &'static str;
    /// The SQL after it.
    const AFTER: &'static str;
    /// Its type.
    type SqlType: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType;
}

/// [`Parameterized`] `P` with its parameter.
#[derive(Debug, Clone)]
pub(crate) struct WithParam<P>(String, std::marker::PhantomData<P>);

/// The expression of `P` with `param`.
pub(crate) fn with_param<P: Parameterized>(param: impl Into<String>) -> WithParam<P> {
    WithParam(param.into(), std::marker::PhantomData)
}

impl<P, DB> diesel::query_builder::QueryFragment<DB> for WithParam<P>
where
    P: Parameterized,
    DB: diesel::backend::Backend + diesel::sql_types::HasSqlType<Text>,
    String: diesel::serialize::ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, DB>) -> diesel::QueryResult<()> {
        out.push_sql(P::BEFORE);
        out.push_bind_param::<Text, String>(&self.0)?;
        out.push_sql(P::AFTER);
        Ok(())
    }
}

cacheable_expression!(WithParam, Parameterized);

#[cfg(test)]
mod tests {
    #[test]
    fn a_search_pattern_escapes_like_wildcards_and_folds_case() {
        assert_eq!(super::like_pattern("  C_H501 "), "%c\\_h501%");
        assert_eq!(super::like_pattern("50%"), "%50\\%%");
        assert_eq!(super::like_pattern("a\\b"), "%a\\\\b%");
        assert_eq!(super::like_pattern("Città"), "%città%");
    }
}
