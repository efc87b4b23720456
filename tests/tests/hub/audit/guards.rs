//! The tables refuse UPDATE and DELETE, and another key is reported as a wrong key.

use super::*;

hub_test!(the_audit_tables_refuse_update_and_delete, |app| {
    let (admin, seq) = some_history(&app).await;
    let total = intact(&app);
    let mut intruder = Intruder::open(&app);
    for sql in [
        format!("UPDATE audit_log SET details = '{{}}' WHERE seq = {seq}"),
        format!("DELETE FROM audit_log WHERE seq = {seq}"),
        "DELETE FROM audit_head".to_owned(),
    ] {
        let error = intruder.execute(&sql).expect_err("refused");
        assert!(error.to_string().contains("is append-only"), "{sql}: {error}");
    }
    assert_eq!(intact(&app), total, "nothing changed");
    // The hub goes on appending.
    app.register("after@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    assert!(intact(&app) > total);
    assert_eq!(app.get("/api/v1/audit?limit=5", Some(&admin)).await.status, 200);
});

hub_test!(another_key_is_reported_as_a_wrong_key, |app| {
    let (_admin, _) = some_history(&app).await;
    let total = intact(&app);
    let right = persistence::AuditKey::new(key(&app)).expect("key");
    let wrong = persistence::AuditKey::new("not the key this hub's chain was written with").expect("key");
    let clock: std::sync::Arc<dyn domain::Clock> = app.clock.clone();
    let url = app.settings.database_url.expose();
    let store = persistence::Store::connect(url, &persistence::PoolOptions::default(), clock, wrong.clone())
        .expect("a store with another key");
    let verdict = store.audit_verify().expect("verify");
    let expected = AuditVerification::WrongKey { sealed_with: right.id().to_owned(), given: wrong.id().to_owned() };
    assert_eq!(verdict, expected);
    assert!(!store.audit_seal().expect("seal"), "a sealed chain is not sealed again with another key");
    // A hub given the wrong key refuses to start, rather than write entries that break the chain.
    let mut settings = app.settings.clone();
    settings.audit_key = api::settings::Secret::new("not the key this hub's chain was written with");
    let error = api::app::open_store(&settings, app.clock.clone()).expect_err("refused");
    assert!(error.to_string().contains("HUB_AUDIT_KEY"), "{error}");
    assert_eq!(intact(&app), total, "nothing was written");
});
