//! Every stored name round-trips through both engines, and a name no variant has is corrupt data: a
//! `StoreError`, never a panic.

use diesel::dsl::sql;
use diesel::expression::AsExpression;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use domain::review::ReviewState;
use domain::{ProposalState, Role};

use super::Named;
use crate::db::DbConnection;
use crate::error::StoreError;

fn engines() -> Vec<DbConnection> {
    let mut engines =
        vec![DbConnection::Sqlite(diesel::SqliteConnection::establish(":memory:").expect("in-memory SQLite"))];
    match std::env::var("HUB_TEST_POSTGRES_URL") {
        Ok(url) => engines.push(DbConnection::Pg(diesel::PgConnection::establish(&url).expect("postgres"))),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI needs HUB_TEST_POSTGRES_URL");
            eprintln!("skipped on PostgreSQL: HUB_TEST_POSTGRES_URL is not set");
        }
    }
    engines
}

#[test]
fn every_state_round_trips_on_both_engines() {
    for mut conn in engines() {
        for state in ProposalState::ALL {
            let read: ProposalState =
                diesel::select(AsExpression::<Text>::as_expression(Named(state))).get_result(&mut conn).expect("read");
            assert_eq!(read, state);
        }
        for state in ReviewState::ALL {
            let read: Option<ReviewState> =
                diesel::select(AsExpression::<Nullable<Text>>::as_expression(Named(Some(state))))
                    .get_result(&mut conn)
                    .expect("read");
            assert_eq!(read, Some(state));
        }
        let none: Option<Role> = diesel::select(AsExpression::<Nullable<Text>>::as_expression(Named(None::<Role>)))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(none, None);
    }
}

#[test]
fn an_unknown_stored_name_is_corrupt_data() {
    for mut conn in engines() {
        let read = diesel::select(sql::<Text>("'under-review'")).get_result::<ProposalState>(&mut conn);
        let error = StoreError::from(read.expect_err("no state is named `under-review`"));
        assert!(
            matches!(&error, StoreError::Corrupt(m) if m.contains("`under-review` is no domain::ProposalState")),
            "{error:?}"
        );
    }
}
