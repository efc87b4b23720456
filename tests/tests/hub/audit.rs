//! The audit log proves what it claims: rows are keyed (HMAC) with a key kept outside the database,
//! the head is recorded so that removing the last rows is caught, and the table refuses UPDATE and
//! DELETE. An intruder with database access (who can drop the triggers, but does not hold the key)
//! can neither rewrite history nor cut it short without `audit_verify` naming it.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use domain::Role;
use hmac::{Hmac, Mac};
use hub_tests::{Backend, TestApp, hub_test};
use persistence::{AuditBreak, AuditVerification};
use serde_json::json;
use sha2::{Digest, Sha256};

mod guards;
mod tampering;

/// A connection to the hub's database behind its back, as an intruder with database access has.
pub(crate) enum Intruder {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// An `audit_log` row as the intruder reads it.
#[derive(Debug, Clone, QueryableByName)]
struct RawRow {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Timestamp)]
    occurred_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Text>)]
    actor_id: Option<String>,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    target_type: String,
    #[diesel(sql_type = Text)]
    target_id: String,
    #[diesel(sql_type = Text)]
    details: String,
    #[diesel(sql_type = Text)]
    prev_hash: String,
    #[diesel(sql_type = Text)]
    hash: String,
}

impl RawRow {
    /// The chain's formula before it was keyed: SHA-256 over the previous hash and the content.
    fn unkeyed_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for part in self.parts() {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        hex::encode(hasher.finalize())
    }

    /// The keyed formula, as anyone reading the hub's source knows it: HMAC-SHA256 over the same
    /// fields, length-prefixed. Without the key, the intruder can only guess one.
    fn keyed_mac(&self, key: &[u8]) -> String {
        let parts = self.parts();
        let mut all = vec!["entry".to_owned()];
        all.extend(parts);
        mac(key, &all)
    }

    fn parts(&self) -> [String; 9] {
        [
            self.prev_hash.clone(),
            self.seq.to_string(),
            self.id.clone(),
            self.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            self.actor_id.clone().unwrap_or_default(),
            self.action.clone(),
            self.target_type.clone(),
            self.target_id.clone(),
            self.details.clone(),
        ]
    }
}

fn mac(key: &[u8], parts: &[String]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    hex::encode(mac.finalize().into_bytes())
}

impl Intruder {
    pub(crate) fn open(app: &TestApp) -> Self {
        let url = app.settings.database_url.expose();
        match app.backend {
            Backend::Sqlite => {
                let path = url.strip_prefix("sqlite://").unwrap_or(url);
                let mut conn = SqliteConnection::establish(path).expect("open the SQLite file");
                // The hub writes in the background too (its mail worker claims and marks the outbox
                // rows the registrations queued): wait for its write lock as the hub's own
                // connections do, instead of failing at once with "database is locked".
                conn.batch_execute("PRAGMA busy_timeout = 15000;").expect("busy timeout");
                Self::Sqlite(conn)
            }
            Backend::Postgres => Self::Pg(PgConnection::establish(url).expect("connect")),
        }
    }

    fn execute(&mut self, sql: &str) -> diesel::QueryResult<usize> {
        match self {
            Self::Sqlite(conn) => diesel::sql_query(sql).execute(conn),
            Self::Pg(conn) => diesel::sql_query(sql).execute(conn),
        }
    }

    /// Runs `sql`, which must change exactly one row.
    pub(crate) fn tamper(&mut self, sql: &str) {
        assert_eq!(self.execute(sql).expect("tamper"), 1, "{sql} changed one row");
    }

    /// Removes the append-only triggers, as anyone who can write the database can.
    pub(crate) fn drop_triggers(&mut self) {
        let sql = match self {
            Self::Sqlite(_) => {
                "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; \
                 DROP TRIGGER IF EXISTS audit_head_no_delete;"
            }
            Self::Pg(_) => {
                "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log; \
                 DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_head;"
            }
        };
        match self {
            Self::Sqlite(conn) => conn.batch_execute(sql),
            Self::Pg(conn) => conn.batch_execute(sql),
        }
        .expect("drop the triggers");
    }

    fn rows(&mut self) -> Vec<RawRow> {
        let sql = "SELECT seq, id, occurred_at, actor_id, action, target_type, target_id, details, prev_hash, hash \
                   FROM audit_log ORDER BY seq";
        match self {
            Self::Sqlite(conn) => diesel::sql_query(sql).load(conn),
            Self::Pg(conn) => diesel::sql_query(sql).load(conn),
        }
        .expect("read the audit log")
    }

    /// Rewrites row `seq`'s details and recomputes every later row with `hash`, so that each row's
    /// link and hash agree with the formula the intruder uses; returns the new last row.
    fn rewrite_and_rechain(&mut self, seq: i64, details: &str, hash: impl Fn(&RawRow) -> String) -> RawRow {
        let mut prev: Option<String> = None;
        let mut last = None;
        for mut row in self.rows().into_iter().filter(|r| r.seq >= seq) {
            if row.seq == seq {
                row.details = details.to_owned();
            }
            if let Some(prev) = prev {
                row.prev_hash = prev;
            }
            row.hash = hash(&row);
            self.tamper(&format!(
                "UPDATE audit_log SET details = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
                row.details.replace('\'', "''"),
                row.prev_hash,
                row.hash,
                row.seq
            ));
            prev = Some(row.hash.clone());
            last = Some(row);
        }
        last.expect("rows from seq on")
    }

    /// Moves the head to `row`, with a MAC made with `key` (the intruder's guess).
    fn forge_head(&mut self, row: &RawRow, key: &[u8]) {
        let (unkeyed_until, key_id) = self.head_fields();
        let parts = ["head".to_owned(), row.seq.to_string(), row.hash.clone(), unkeyed_until.to_string(), key_id];
        self.tamper(&format!(
            "UPDATE audit_head SET seq = {}, hash = '{}', mac = '{}'",
            row.seq,
            row.hash,
            mac(key, &parts)
        ));
    }

    fn head_fields(&mut self) -> (i64, String) {
        #[derive(QueryableByName)]
        struct Head {
            #[diesel(sql_type = BigInt)]
            unkeyed_until: i64,
            #[diesel(sql_type = Text)]
            key_id: String,
        }
        let sql = "SELECT unkeyed_until, key_id FROM audit_head";
        let head: Head = match self {
            Self::Sqlite(conn) => diesel::sql_query(sql).get_result(conn),
            Self::Pg(conn) => diesel::sql_query(sql).get_result(conn),
        }
        .expect("the head");
        (head.unkeyed_until, head.key_id)
    }
}

/// An admin, three registrations and a role change: a chain of at least five rows; returns the admin's
/// token and the role change's `seq`.
async fn some_history(app: &TestApp) -> (String, i64) {
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
    let audit = app.get("/api/v1/audit?target_type=user&limit=100", Some(&admin)).await;
    let entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "user.roles_changed")
        .expect("the role change")
        .clone();
    (admin, entry["seq"].as_i64().expect("seq"))
}

/// The number of entries of an intact chain, whose head is its last entry.
fn intact(app: &TestApp) -> i64 {
    match app.store.audit_verify().expect("verify") {
        AuditVerification::Intact { entries, head: Some(head) } => {
            assert_eq!(i64::try_from(entries).ok(), Some(head.seq), "the head is the last entry");
            assert_eq!(head.unkeyed_until, 0, "a new hub keys its chain from the first entry");
            head.seq
        }
        other => panic!("an untouched chain verifies: {other:?}"),
    }
}

fn broken(seq: i64, reason: AuditBreak) -> AuditVerification {
    AuditVerification::Broken { seq, reason }
}

fn key(app: &TestApp) -> Vec<u8> {
    app.settings.audit_key.expose().as_bytes().to_vec()
}
