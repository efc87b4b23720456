//! The workers: each drives a proposal through the funnel step by step, writes down what every 2xx
//! promised, and reads where the proposal really is after a write that got no answer.

use super::*;

async fn perform(ctx: &Ctx, t: &mut Track, step: Step) -> Outcome {
    let proposer = ctx.proposers[t.proposer].clone();
    let (evaluator, evaluator_id) = ctx.evaluators[t.evaluator].clone();
    let manager = ctx.manager.clone();
    let id = t.id.clone().unwrap_or_default();
    let review = t.review.clone().unwrap_or_default();
    if step == Step::Edit && t.etag.is_none() {
        match ctx.client.get(&format!("/api/v1/proposals/{id}"), Some(&proposer)).await {
            Ok(reply) if reply.status == 200 => t.absorb_proposal(&reply),
            _ => return Outcome::Failed,
        }
    }
    let mut index = 0;
    let (method, path, token, body, ok): (Method, String, String, Value, &[u16]) = match step {
        Step::Create => (Method::POST, "/api/v1/proposals".into(), proposer, Value::Null, &[201]),
        Step::Edit => {
            let title = {
                let mut ledger = ctx.ledger();
                let sent = ledger.edits.entry(t.key.clone()).or_default();
                index = sent.len();
                sent.push(format!("{} edit {index}", t.key));
                sent[index].clone()
            };
            let body = json!({"title": title, "summary": format!("Edit {index} of {}.", t.key)});
            (Method::PATCH, format!("/api/v1/proposals/{id}"), proposer, body, &[200])
        }
        Step::Submit => (Method::POST, format!("/api/v1/proposals/{id}/submit"), proposer, Value::Null, &[200]),
        Step::RequestRevision => {
            let body = json!({"note": "Please quantify the energy savings."});
            (Method::POST, format!("/api/v1/proposals/{id}/request-revision"), manager, body, &[200])
        }
        Step::Resubmit => (Method::POST, format!("/api/v1/proposals/{id}/resubmit"), proposer, Value::Null, &[200]),
        Step::Screen => {
            (Method::POST, format!("/api/v1/proposals/{id}/screen"), manager, json!({"eligible": true}), &[200])
        }
        Step::Assign => {
            let due = (Utc::now() + chrono::Duration::days(10)).trunc_subsecs(0).to_rfc3339();
            let body = json!({"evaluator_id": evaluator_id, "due_at": due});
            (Method::POST, format!("/api/v1/proposals/{id}/assignments"), manager, body, &[201])
        }
        Step::Confirm => {
            (Method::POST, format!("/api/v1/reviews/{review}/confirm-no-conflict"), evaluator, Value::Null, &[200])
        }
        Step::Save => {
            let comment = {
                let mut ledger = ctx.ledger();
                let sent = ledger.saves.entry(t.key.clone()).or_default();
                index = sent.len();
                sent.push(format!("{} review draft {index}", t.key));
                sent[index].clone()
            };
            let body = json!({
                "scores": {"security_sovereignty": 3.5, "growth_development": 4.0, "talent_skills": 3.0,
                           "effectiveness_sustainability": 4.5},
                "overall_comment": comment,
                "confidential_comment": "Written during the crash test.",
                "recommendation": "reject"
            });
            (Method::PUT, format!("/api/v1/reviews/{review}"), evaluator, body, &[200])
        }
        Step::ReviewSubmit => {
            (Method::POST, format!("/api/v1/reviews/{review}/submit"), evaluator, Value::Null, &[200])
        }
        Step::Notice => {
            let body = json!({"grounds": "The crash test finds the savings unquantified."});
            (Method::POST, format!("/api/v1/proposals/{id}/notice"), manager, body, &[201])
        }
        Step::Observe => {
            let body = json!({"observations": "The savings are in section 2."});
            (Method::POST, format!("/api/v1/proposals/{id}/notice/observations"), proposer, body, &[200])
        }
        Step::Decide => {
            let body = json!({"decision": "reject", "rationale": "Not this time: the crash test decided.",
                              "observations_reply": "Section 2 gives no figures."});
            (Method::POST, format!("/api/v1/proposals/{id}/decide"), manager, body, &[200])
        }
    };
    let etag = t.etag.clone().unwrap_or_default();
    let mut headers: Vec<(&str, &str)> = Vec::new();
    let body = match step {
        Step::Create => {
            headers.push(("idempotency-key", &t.idempotency_key));
            Some(t.create_body.clone())
        }
        _ => (!body.is_null()).then(|| body.to_string().into_bytes()),
    };
    if step == Step::Edit {
        headers.push(("if-match", &etag));
    }
    // A creation retried with its Idempotency-Key after a failure answers 200 with the first proposal.
    let ok: &[u16] = if step == Step::Create && t.after_failure { &[200, 201] } else { ok };
    let reply = match ctx.client.send(method, &path, Some(&token), &headers, body).await {
        Ok(reply) if ok.contains(&reply.status) => reply,
        Ok(reply) if reply.status >= 500 => {
            ctx.ledger().server_errors.push(format!("{} {step:?}: {} {}", t.key, reply.status, reply.text));
            return Outcome::Failed;
        }
        Ok(reply) => return Outcome::Refused(reply.status, reply.text),
        Err(_) => return Outcome::Failed,
    };
    let key = t.key.clone();
    let state_before = t.state.clone();
    match step {
        Step::Create => {
            if reply.status == 200 {
                ctx.ledger().committed_in_flight += 1;
            }
            t.absorb_proposal(&reply);
            let id = text(&reply.body, "id");
            t.id = Some(id.clone());
            ctx.ledger().ids.insert(key.clone(), id.clone());
            ctx.ack(Ack::Created { key, id });
        }
        Step::Edit => {
            t.absorb_proposal(&reply);
            t.edits += 1;
            ctx.ack(Ack::Edited { key, id, index, in_draft: state_before == "draft" });
        }
        Step::Submit | Step::RequestRevision | Step::Resubmit | Step::Screen | Step::Decide => {
            t.absorb_proposal(&reply);
            let action = match step {
                Step::Submit => "submit",
                Step::RequestRevision => "request_revision",
                Step::Resubmit => "resubmit",
                Step::Screen => "screen_eligible",
                _ => "decide_reject",
            };
            ctx.ack(Ack::Moved { key, id, action, to: t.state.clone(), version: t.version });
        }
        Step::Notice | Step::Observe => {
            t.notice = text(&reply.body["notice"], "stage");
            let action = if step == Step::Notice { "notice_of_grounds" } else { "observations" };
            ctx.ack(Ack::Moved { key, id, action, to: t.state.clone(), version: t.version });
        }
        Step::Assign => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::Assigned { key, id, review: text(&reply.body, "id") });
        }
        Step::Confirm => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::Confirmed { key, review });
        }
        Step::Save => {
            t.absorb_review(&reply.body);
            t.saves += 1;
            ctx.ack(Ack::Saved { key, review, index });
        }
        Step::ReviewSubmit => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::ReviewSubmitted { key, review });
        }
    }
    Outcome::Acked
}

/// After a failure: waits for the hub to answer again, then reads where the proposal really is.
async fn resync(ctx: &Ctx, t: &mut Track) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let Some(id) = t.id.clone() else {
            // Nothing to read: the creation is retried with the same Idempotency-Key.
            if ctx.client.get("/healthz", None).await.is_ok_and(|r| r.status == 200) {
                return true;
            }
            continue;
        };
        let proposer = ctx.proposers[t.proposer].clone();
        let Ok(reply) = ctx.client.get(&format!("/api/v1/proposals/{id}"), Some(&proposer)).await else { continue };
        if reply.status >= 500 {
            continue;
        }
        if reply.status != 200 {
            ctx.anomaly(format!("{}: reading proposal {id} answers {}: {}", t.key, reply.status, reply.text));
            return false;
        }
        t.absorb_proposal(&reply);
        if t.state == "under_review" {
            let path = format!("/api/v1/proposals/{id}/assignments");
            let Ok(list) = ctx.client.get(&path, Some(&ctx.manager)).await else { continue };
            if list.status != 200 {
                continue;
            }
            if let Some(first) = list.body["items"].as_array().and_then(|l| l.first()) {
                t.absorb_review(first);
            }
            let path = format!("/api/v1/proposals/{id}/notice");
            let Ok(notice) = ctx.client.get(&path, Some(&ctx.manager)).await else { continue };
            if notice.status != 200 {
                continue;
            }
            t.notice = notice.body["notice"]["stage"].as_str().unwrap_or_default().to_owned();
        }
        return true;
    }
    ctx.anomaly(format!("{}: the hub did not answer again within 90 s", t.key));
    false
}

async fn drive(ctx: &Ctx, t: &mut Track) {
    while !ctx.stop.load(Ordering::SeqCst) {
        let Some(step) = t.next_step() else { return };
        match perform(ctx, t, step).await {
            Outcome::Acked => {
                t.after_failure = false;
                t.refusals = 0;
            }
            Outcome::Refused(status, body) => {
                // Only a write whose earlier attempt failed in flight (and may have committed) can be
                // refused; anything else means the hub forgot or invented something.
                if !t.after_failure {
                    ctx.anomaly(format!("{} {step:?}: {status} with no failure before it: {body}", t.key));
                }
                t.refusals += 1;
                if t.refusals > 3 || !resync(ctx, t).await {
                    ctx.anomaly(format!("{}: gave up at {step:?}", t.key));
                    return;
                }
            }
            Outcome::Failed => {
                ctx.ledger().failed_in_flight += 1;
                t.after_failure = true;
                let snapshot = |t: &Track| {
                    (t.etag.clone(), t.review.clone(), t.review_state.clone(), t.confirmed, t.notice.clone())
                };
                let before = snapshot(t);
                if !resync(ctx, t).await {
                    return;
                }
                if t.id.is_some() && before != snapshot(t) {
                    ctx.ledger().committed_in_flight += 1;
                }
            }
        }
    }
}

pub(super) async fn worker(ctx: Arc<Ctx>, worker: usize) {
    let mut n = 0;
    while !ctx.stop.load(Ordering::SeqCst) {
        let mut track = Track::new(&ctx, worker, n);
        drive(&ctx, &mut track).await;
        n += 1;
    }
}
