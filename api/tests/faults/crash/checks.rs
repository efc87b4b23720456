//! What the crash test checks after the restart: every acknowledged write is there, and the audit rows
//! and emails match the history.

use super::*;

/// Reads every proposal the load made and checks each acknowledged write against it: it is there, as
/// acknowledged or with a later write of the same worker. Returns what was read, by proposal id, and
/// how many acknowledged writes were found.
pub(super) async fn find_acknowledged(
    client: &Client,
    manager: &str,
    ledger: &Ledger,
    problems: &mut Vec<String>,
) -> (HashMap<String, Seen>, usize) {
    let mut seen: HashMap<String, Seen> = HashMap::new();
    for id in ledger.ids.values() {
        let proposal = get_ok(client, &format!("/api/v1/proposals/{id}"), manager).await;
        let history = check_history(client, manager, &proposal, problems).await;
        let assignments = get_ok(client, &format!("/api/v1/proposals/{id}/assignments"), manager).await;
        let version1 = client.get(&format!("/api/v1/proposals/{id}/versions/1"), Some(manager)).await;
        let version1_title = version1.ok().filter(|r| r.status == 200).map(|r| text(&r.body, "title"));
        let assignments = assignments["items"].as_array().cloned().unwrap_or_default();
        seen.insert(id.clone(), Seen { proposal, history, assignments, version1_title });
    }
    let (edits, saves, ids) = (&ledger.edits, &ledger.saves, &ledger.ids);
    let review_of = |key: &str, review: &str| -> Option<Value> {
        let id = ids.get(key)?;
        seen.get(id)?.assignments.iter().find(|a| text(a, "id") == review).cloned()
    };
    let mut found = 0;
    for ack in &ledger.acks {
        let ok = match ack {
            Ack::Created { key, id } => {
                seen.get(id).is_some_and(|s| text(&s.proposal, "title").starts_with(&format!("{key} ")))
            }
            Ack::Edited { key, id, index, in_draft } => seen.get(id).is_some_and(|s| {
                let later = &edits[key][*index..];
                later.contains(&text(&s.proposal, "title"))
                    && (!in_draft || s.version1_title.as_ref().is_none_or(|v1| later.contains(v1)))
            }),
            Ack::Moved { key, id, action, to, version } => seen.get(id).is_some_and(|s| {
                ids.get(key) == Some(id)
                    && s.history
                        .iter()
                        .any(|h| h["action"] == *action && h["to_state"] == to.as_str() && h["version"] == *version)
                    && rank(&text(&s.proposal, "state"), s.proposal["version"].as_i64().unwrap_or_default())
                        >= rank(to, *version)
            }),
            Ack::Assigned { key, id, review } => review_of(key, review).is_some_and(|r| text(&r, "proposal_id") == *id),
            Ack::Confirmed { key, review } => {
                review_of(key, review).is_some_and(|r| !r["conflict_confirmed_at"].is_null())
            }
            Ack::Saved { key, review, index } => {
                review_of(key, review).is_some_and(|r| saves[key][*index..].contains(&text(&r, "overall_comment")))
            }
            Ack::ReviewSubmitted { key, review } => {
                review_of(key, review).is_some_and(|r| text(&r, "state") == "submitted")
            }
        };
        if ok {
            found += 1;
        } else {
            problems.push(format!("acknowledged but not found: {ack:?}"));
        }
    }
    (seen, found)
}

/// Every history row of the load's proposals has its audit row, and every assignment too.
pub(super) fn check_audit_rows(
    ledger: &Ledger,
    seen: &HashMap<String, Seen>,
    audit: &[persistence::AuditEntry],
    problems: &mut Vec<String>,
) {
    for (key, id) in &ledger.ids {
        let Some(s) = seen.get(id) else { continue };
        let audited = audit.iter().filter(|e| e.target_id == *id && e.action.starts_with("proposal.")).count();
        let assigned = audit.iter().filter(|e| e.target_id == *id && e.action == "assignment.created").count();
        if audited != s.history.len() || assigned != s.assignments.len() {
            problems.push(format!(
                "{key}: {} history rows and {} assignments, but {audited} and {assigned} audit rows",
                s.history.len(),
                s.assignments.len()
            ));
        }
    }
}

/// An email and the change that caused it share their transaction's time: every change that sends
/// mail has its email, and every email its change (none from a transaction that did not commit).
/// Returns how many changes were matched.
pub(super) fn check_emails(
    history: &[Value],
    audit: &[persistence::AuditEntry],
    outbox: &[persistence::OutboxMessage],
    problems: &mut Vec<String>,
) -> usize {
    let mut caused: Vec<(&str, chrono::DateTime<Utc>, String)> = Vec::new();
    for row in history {
        let at = chrono::DateTime::parse_from_rfc3339(&text(row, "occurred_at")).expect("a time").with_timezone(&Utc);
        for template in mails_of(&text(row, "action")) {
            caused.push((template, at, row.to_string()));
        }
    }
    for entry in audit.iter().filter(|e| e.action == "assignment.created") {
        caused.push(("review_assigned", entry.occurred_at, format!("{entry:?}")));
    }
    let sent: HashSet<(&str, chrono::DateTime<Utc>)> =
        outbox.iter().map(|m| (m.mail.template.as_str(), m.created_at)).collect();
    for (template, at, what) in &caused {
        if !sent.contains(&(*template, *at)) {
            problems.push(format!("no {template} email for {what}"));
        }
    }
    let causes: HashSet<(&str, chrono::DateTime<Utc>)> = caused.iter().map(|(t, at, _)| (*t, *at)).collect();
    let templates: HashSet<&str> = caused.iter().map(|(t, _, _)| *t).collect();
    for mail in outbox.iter().filter(|m| templates.contains(m.mail.template.as_str())) {
        if !causes.contains(&(mail.mail.template.as_str(), mail.created_at)) {
            problems.push(format!("an email no change explains: {mail:?}"));
        }
    }
    caused.len()
}

/// The audit rows about proposals and every outbox row, read directly from the database.
pub(super) async fn read_audit_and_outbox(
    url: &str,
) -> (Vec<persistence::AuditEntry>, Vec<persistence::OutboxMessage>) {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let clock: Arc<dyn domain::Clock> = Arc::new(domain::SystemClock);
        // Reads only: the audit key matters to appends and verification, not to listing.
        let key = persistence::AuditKey::new("a key for reading").expect("key");
        let store = persistence::Store::connect(&url, &persistence::PoolOptions::default(), clock, key).expect("store");
        let mut audit = Vec::new();
        let mut after = None;
        loop {
            let page = domain::PageRequest { after, limit: 100 };
            let page = store
                .audit_list(
                    &persistence::AuditFilter { target_type: Some("proposal".to_owned()), ..Default::default() },
                    &page,
                )
                .expect("audit page");
            audit.extend(page.items);
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let mut outbox = Vec::new();
        let mut after = None;
        loop {
            let page = domain::PageRequest { after, limit: 100 };
            let page = store.outbox_list(None, &page).expect("outbox page");
            outbox.extend(page.items);
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        (audit, outbox)
    })
    .await
    .expect("join")
}
