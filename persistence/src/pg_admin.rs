//! Database administration for test harnesses and tools: create, clone and drop PostgreSQL
//! databases, and migrate one over a single connection.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;

use crate::error::StoreError;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn connect(url: &str) -> Result<PgConnection, StoreError> {
    PgConnection::establish(url).map_err(|e| StoreError::Unavailable(e.to_string()))
}

fn quoted(name: &str) -> Result<String, StoreError> {
    if name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') && !name.is_empty() {
        Ok(format!("\"{name}\""))
    } else {
        Err(StoreError::Internal(format!("refusing database name `{name}`")))
    }
}

/// Replaces the database of a `postgres://` URL.
pub fn url_with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Makes sure a migrated template database `template` exists, creating it under an advisory lock so
/// that concurrent test processes build it once; then clones it as `database`.
///
/// # Errors
/// When the server refuses.
pub fn clone_migrated(admin_url: &str, template: &str, database: &str) -> Result<(), StoreError> {
    let mut admin = connect(admin_url)?;
    diesel::sql_query("SELECT pg_advisory_lock(727466)").execute(&mut admin)?;
    let result = (|| {
        let exists = diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(template)
            .get_result::<Count>(&mut admin)?
            .n
            > 0;
        if !exists {
            let building = format!("{template}_building");
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quoted(&building)?))
                .execute(&mut admin)?;
            diesel::sql_query(format!("CREATE DATABASE {}", quoted(&building)?)).execute(&mut admin)?;
            {
                let mut conn = connect(&url_with_database(admin_url, &building))?;
                conn.run_pending_migrations(crate::db::POSTGRES_MIGRATIONS)
                    .map_err(|e| StoreError::internal("migrating the template", e))?;
            }
            diesel::sql_query(format!("ALTER DATABASE {} RENAME TO {}", quoted(&building)?, quoted(template)?))
                .execute(&mut admin)?;
        }
        diesel::sql_query(format!("CREATE DATABASE {} TEMPLATE {}", quoted(database)?, quoted(template)?))
            .execute(&mut admin)?;
        Ok(())
    })();
    diesel::sql_query("SELECT pg_advisory_unlock(727466)").execute(&mut admin)?;
    result
}

/// Drops a database, ending its connections.
///
/// # Errors
/// When the server refuses.
pub fn drop_database(admin_url: &str, database: &str) -> Result<(), StoreError> {
    let mut admin = connect(admin_url)?;
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quoted(database)?)).execute(&mut admin)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(url_with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            url_with_database("postgres://u@h/postgres?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(url_with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
