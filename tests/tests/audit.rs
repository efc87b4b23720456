//! The audit log is hash-chained: changing, or removing, a row directly in the database breaks the
//! chain at that row, and verification names it.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use domain::Role;
use hub_tests::{Backend, TestApp, hub_test};
use persistence::AuditVerification;
use serde_json::json;

/// Runs `sql` on the hub's database behind its back, as an intruder with database access would.
fn tamper(app: &TestApp, sql: &str) {
    let url = app.settings.database_url.expose();
    let changed = match app.backend {
        Backend::Sqlite => {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            let mut conn = SqliteConnection::establish(path).expect("open the SQLite file");
            // The hub writes in the background too (its mail worker claims and marks the outbox
            // rows the registrations queued): wait for its write lock as the hub's own
            // connections do, instead of failing at once with "database is locked".
            conn.batch_execute("PRAGMA busy_timeout = 15000;").expect("busy timeout");
            diesel::sql_query(sql).execute(&mut conn).expect("tamper")
        }
        Backend::Postgres => {
            let mut conn = PgConnection::establish(url).expect("connect");
            diesel::sql_query(sql).execute(&mut conn).expect("tamper")
        }
    };
    assert_eq!(changed, 1, "{sql} changed one row");
}

hub_test!(tampering_with_an_audit_row_is_detected_at_that_row, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    for i in 0..3 {
        app.register(&format!("p{i}@aurora.example"), "Aurora Labs S.r.l.", "04817250931").await;
    }
    let users = app.get("/api/v1/users?limit=100", Some(&admin)).await;
    let target = users.body["items"][1]["id"].as_str().expect("a user").to_owned();
    let changed = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/users/{target}/roles"),
            Some(&admin),
            json!({"roles": ["proposer", "evaluator"]}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);

    let AuditVerification::Intact(total) = app.store.audit_verify().expect("verify") else {
        panic!("an untouched chain verifies")
    };
    assert!(total >= 5, "a provisioning, registrations and the role change: {total}");

    // Someone rewrites history: the role change now says admin.
    let audit = app.get("/api/v1/audit?target_type=user&limit=100", Some(&admin)).await;
    let entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "user.roles_changed")
        .expect("the role change")
        .clone();
    let seq = entry["seq"].as_i64().expect("seq");
    tamper(
        &app,
        &format!(r#"UPDATE audit_log SET details = '{{"after":"admin","before":"proposer"}}' WHERE seq = {seq}"#),
    );
    assert_eq!(app.store.audit_verify().expect("verify"), AuditVerification::BrokenAt(seq));

    // Put it back as it was: the chain verifies again (the hash covers exactly the content).
    let original = serde_json::to_string(&entry["details"]).expect("json");
    tamper(&app, &format!("UPDATE audit_log SET details = '{original}' WHERE seq = {seq}"));
    assert_eq!(app.store.audit_verify().expect("verify"), AuditVerification::Intact(total));

    // Removing a row in the middle breaks the link of the next one.
    tamper(&app, "DELETE FROM audit_log WHERE seq = 3");
    assert_eq!(app.store.audit_verify().expect("verify"), AuditVerification::BrokenAt(4));
    // The log still reads, for the investigation.
    assert_eq!(app.get("/api/v1/audit?limit=5", Some(&admin)).await.status, 200);
});
