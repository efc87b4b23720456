//! Rewriting, truncating or gapping the chain is detected.

use super::*;

hub_test!(a_rewritten_row_is_detected_at_that_row, |app| {
    let (admin, seq) = some_history(&app).await;
    let total = intact(&app);
    assert!(total >= 5, "a provisioning, registrations and the role change: {total}");
    let mut intruder = Intruder::open(&app);
    let rows = intruder.rows();
    let row = rows.iter().find(|r| r.seq == seq).expect("the role change");
    assert_eq!(row.keyed_mac(&key(&app)), row.hash, "the intruder knows the formula, not the key");

    // Someone rewrites history (the role change now says admin) and recomputes the rest of the chain
    // with the formula the hub used before its chain was keyed.
    intruder.drop_triggers();
    let rewritten = r#"{"after":"admin","before":"proposer"}"#;
    let last = intruder.rewrite_and_rechain(seq, rewritten, RawRow::unkeyed_hash);
    assert_eq!(app.store.audit_verify().expect("verify"), broken(seq, AuditBreak::MacMismatch));
    // ... or with the keyed formula and a guessed key, moving the head along with a MAC of that key.
    let guess = b"a guess at the hub's audit key, 32+ chars".to_vec();
    let last_guessed = intruder.rewrite_and_rechain(seq, rewritten, |row| row.keyed_mac(&guess));
    assert_eq!(last.seq, last_guessed.seq);
    intruder.forge_head(&last_guessed, &guess);
    assert_eq!(app.store.audit_verify().expect("verify"), broken(seq, AuditBreak::MacMismatch));
    // The log still reads, for the investigation.
    assert_eq!(app.get("/api/v1/audit?limit=5", Some(&admin)).await.status, 200);
});

hub_test!(removing_the_last_rows_is_detected_as_truncation, |app| {
    let (_admin, _) = some_history(&app).await;
    let total = intact(&app);
    let mut intruder = Intruder::open(&app);
    intruder.drop_triggers();
    assert_eq!(intruder.execute(&format!("DELETE FROM audit_log WHERE seq >= {}", total - 1)).expect("delete"), 2);
    let truncated = broken(total - 1, AuditBreak::Truncated { head_seq: total });
    assert_eq!(app.store.audit_verify().expect("verify"), truncated);
    // Moving the head back to the new last row takes its MAC, which takes the key.
    let rows = intruder.rows();
    let new_last = rows.last().expect("rows left");
    intruder.forge_head(new_last, b"a guess at the hub's audit key, 32+ chars");
    assert_eq!(app.store.audit_verify().expect("verify"), broken(total - 2, AuditBreak::HeadForged));
    // Removing the head altogether is named too.
    assert_eq!(intruder.execute("DELETE FROM audit_head").expect("delete the head"), 1);
    assert_eq!(app.store.audit_verify().expect("verify"), broken(total - 1, AuditBreak::HeadMissing));
    // The hub refuses to extend a chain whose head is gone, rather than sealing the cut one afresh.
    let body = json!({
        "email": "late@aurora.example", "password": hub_tests::PASSWORD, "display_name": "Late User",
        "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}
    });
    let refused = app.post("/api/v1/auth/register", None, body).await;
    refused.assert_problem(500, "internal_error");
    assert_eq!(intruder.rows().len(), rows.len(), "no entry was added");
});

hub_test!(removing_a_row_in_the_middle_is_a_sequence_gap, |app| {
    let (_admin, _) = some_history(&app).await;
    assert!(intact(&app) > 4);
    let seq = 3;
    let mut intruder = Intruder::open(&app);
    intruder.drop_triggers();
    intruder.tamper(&format!("DELETE FROM audit_log WHERE seq = {seq}"));
    let gap = broken(seq + 1, AuditBreak::SequenceGap { missing_from: seq });
    assert_eq!(app.store.audit_verify().expect("verify"), gap);
});
