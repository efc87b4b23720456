//! The request of each row's cell, built for the caller after any setup the cell needs of its own.

use super::*;

/// The request of `row`'s cell for `who`, after any setup the cell needs of its own (a fresh user to
/// verify, a session to refresh, a token to revoke). `me` is the account the cell acts as: the
/// caller's, the PAT's owner's, or the visitor's for the anonymous.
pub(super) async fn request(app: &TestApp, w: &World, row: &Row, me: &Persona) -> Req {
    let n = w.next();
    let proposal = |id: &str, tail: &str| format!("/api/v1/proposals/{id}{tail}");
    let review = |id: &str, tail: &str| format!("/api/v1/reviews/{id}{tail}");
    let challenge = |slug: &str, tail: &str| format!("/api/v1/challenges/{slug}{tail}");
    let service = |slug: &str, tail: &str| format!("/api/v1/catalogue/services/{slug}{tail}");
    let webhook = |id: &str, tail: &str| format!("/api/v1/webhooks/{id}{tail}");
    match (row.method, row.path) {
        ("POST", "/api/v1/auth/register") => post(row.path).json(json!({
            "email": format!("new{n}@startup.example"), "password": PASSWORD, "display_name": "New Founder",
            "organization": {"name": format!("Startup {n}"), "kind": "startup", "tax_code": tax_code(100 + n)}
        })),
        ("POST", "/api/v1/auth/login") => post(row.path).json(json!({"email": me.email, "password": PASSWORD})),
        ("POST", "/api/v1/auth/refresh" | "/api/v1/auth/logout") => {
            let session = app.login(&me.email, PASSWORD).await;
            post(row.path).json(json!({"refresh_token": session["refresh_token"]}))
        }
        ("POST", "/api/v1/auth/verify-email") => {
            let email = format!("verify{n}@startup.example");
            app.register(&email, &format!("Verifica {n}"), &tax_code(100 + n)).await;
            post(row.path).json(json!({"token": app.mail_to(&email).await.token()}))
        }
        ("POST", "/api/v1/auth/verify-email/resend") => post(row.path),
        ("POST", "/api/v1/auth/password-reset") => post(row.path).json(json!({"email": me.email})),
        ("POST", "/api/v1/auth/password-reset/confirm") => {
            let email = format!("reset{n}@hub.example");
            app.user_with_roles(&email, &[Role::Proposer], None).await;
            ok(app.post("/api/v1/auth/password-reset", None, json!({"email": email})).await, 202, "reset");
            let token = app.mail_to(&email).await.token();
            post(row.path).json(json!({"token": token, "new_password": "another long passphrase"}))
        }
        ("GET", "/healthz" | "/readyz" | "/status" | "/metrics" | "/api/v1/pillars") => get(row.path),
        ("GET", "/api/v1/me" | "/api/v1/me/tokens" | "/api/v1/me/export") => get(row.path),
        ("POST", "/api/v1/me/tokens") => {
            post(row.path).json(json!({"name": format!("script {n}"), "scopes": ["proposals:read"]}))
        }
        ("DELETE", "/api/v1/me/tokens/{id}") => {
            let body = json!({"name": format!("spare {n}"), "scopes": ["proposals:read"]});
            let created = ok(app.post("/api/v1/me/tokens", Some(&me.token), body).await, 201, "spare token");
            Req::new(Method::DELETE, format!("/api/v1/me/tokens/{}", created["id"].as_str().expect("id")))
        }
        ("DELETE", "/api/v1/me") => Req::new(Method::DELETE, row.path),
        ("PATCH", "/api/v1/me") => Req::new(Method::PATCH, row.path).json(json!({"locale": "en"})),
        ("POST", "/api/v1/me/password") => {
            post(row.path).json(json!({"current_password": PASSWORD, "new_password": PASSWORD}))
        }
        ("GET", "/api/v1/organizations" | "/api/v1/users" | "/api/v1/admin/outbox" | "/api/v1/audit") => get(row.path),
        ("GET", "/api/v1/exports/proposals" | "/api/v1/exports/reviews" | "/api/v1/analytics/funnel") => get(row.path),
        ("GET", "/api/v1/open-data/services" | "/api/v1/open-data/adoptions" | "/api/v1/open-data/funnel") => {
            get(row.path)
        }
        ("GET", "/api/v1/audit/verification") => get(row.path),
        ("POST", "/api/v1/admin/outbox/{id}/retry") => {
            // A message of the world's setup: delivered or waiting, never dead (the mail goes to files).
            let page = domain::PageRequest { after: None, limit: 1 };
            let message = app.store.outbox_list(None, &page).expect("the outbox").items.remove(0);
            post(format!("/api/v1/admin/outbox/{}/retry", message.id))
        }
        ("POST", "/api/v1/organizations") => post(row.path)
            .json(json!({"name": format!("Impresa {n}"), "kind": "company", "tax_code": tax_code(100 + n)})),
        ("GET", "/api/v1/organizations/{id}") => get(format!("/api/v1/organizations/{}", w.aurora)),
        ("POST", "/api/v1/organizations/{id}/invitations") => {
            post(format!("/api/v1/organizations/{}/invitations", w.aurora))
                .json(json!({"email": format!("colleague{n}@aurora.example")}))
        }
        ("PATCH", "/api/v1/organizations/{id}") => {
            Req::new(Method::PATCH, format!("/api/v1/organizations/{}", w.aurora))
                .json(json!({"name": "Aurora Labs S.r.l."}))
        }
        ("POST", "/api/v1/organizations/{id}/ownership") => {
            post(format!("/api/v1/organizations/{}/ownership", w.aurora)).json(json!({"user_id": w.anna}))
        }
        ("GET", "/api/v1/organizations/{id}/invitations") => {
            get(format!("/api/v1/organizations/{}/invitations", w.aurora))
        }
        ("DELETE", "/api/v1/organizations/{id}/invitations/{invitation_id}") => {
            // A pending invitation of its own for each cell, sent from an address of its own (the throttle).
            let client = app.client_from(&format!("127.9.{}.{}", n / 250, n % 250 + 1));
            let path = format!("/api/v1/organizations/{}/invitations", w.aurora);
            let body = json!({"email": format!("invited{n}@aurora.example")});
            let sent =
                ok(app.post_from(&client, &path, Some(w.token(Who::OwnProposer)), body).await, 201, "invitation");
            Req::new(Method::DELETE, format!("{path}/{}", sent["id"].as_str().expect("id")))
        }
        ("GET", "/api/v1/organizations/{id}/members") => get(format!("/api/v1/organizations/{}/members", w.aurora)),
        ("GET", "/api/v1/expertise") => get(row.path),
        ("PUT", "/api/v1/expertise/{tag}") => {
            let words = json!({"label_it": "Cloud e infrastrutture"});
            let hub = w.token(Who::HubManager);
            let saved = app.request(Method::PUT, "/api/v1/expertise/cloud", Some(hub), words.clone()).await;
            assert!([200, 201].contains(&saved.status), "the term to reword: {}", saved.text);
            Req::new(Method::PUT, "/api/v1/expertise/cloud").json(words)
        }
        ("DELETE", "/api/v1/expertise/{tag}") => {
            let path = format!("/api/v1/expertise/term-{n}");
            let hub = w.token(Who::HubManager);
            let saved = app.request(Method::PUT, &path, Some(hub), json!({"label_it": format!("Termine {n}")})).await;
            assert_eq!(saved.status, 201, "a term of its own: {}", saved.text);
            Req::new(Method::DELETE, path)
        }
        ("PUT", "/api/v1/me/expertise") => {
            let current = app.get("/api/v1/me", Some(&me.token)).await.body["expertise"].clone();
            Req::new(Method::PUT, row.path).json(json!({"expertise": current}))
        }
        ("DELETE", "/api/v1/organizations/{id}/members/{user_id}") => {
            let email = format!("member{n}@aurora.example");
            let member = app.user_with_roles(&email, &[Role::Proposer], Some(w.aurora.parse().expect("id"))).await;
            let id =
                ok(app.get("/api/v1/me", Some(&member)).await, 200, "member")["id"].as_str().expect("id").to_owned();
            Req::new(Method::DELETE, format!("/api/v1/organizations/{}/members/{id}", w.aurora))
        }
        ("PUT" | "DELETE", "/api/v1/organizations/{id}/officers/{user_id}") => Req::new(
            if row.method == "PUT" { Method::PUT } else { Method::DELETE },
            format!("/api/v1/organizations/{}/officers/{}", w.aurora, w.anna),
        ),
        ("POST", "/api/v1/organizations/{id}/verification") => {
            let email = format!("pa{n}@comune.example");
            let ipa = format!("c_t{n}");
            let (_, founder) =
                founded_administration(app, &email, &format!("Comune {n}"), &tax_code(200 + n), &ipa).await;
            post(format!("/api/v1/organizations/{}/verification", founder["organization_id"].as_str().expect("id")))
        }
        ("GET", "/api/v1/needs" | "/api/v1/evaluators") => get(row.path),
        ("GET", "/api/v1/needs/{id}") => get(format!("/api/v1/needs/{}", w.need)),
        ("PATCH", "/api/v1/needs/{id}") => {
            let path = format!("/api/v1/needs/{}", w.need);
            let tag = etag(app, w.token(Who::HubManager), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"urgency": "low"}))
        }
        ("POST", "/api/v1/needs") => post(row.path).json(json!({
            "title": format!("Fabbisogno {n}"), "description": "Una descrizione del fabbisogno abbastanza lunga.",
            "pillars": ["talent_skills"], "urgency": "low", "population": 100
        })),
        ("POST", "/api/v1/needs/{id}/cosignatures") => {
            post(format!("/api/v1/needs/{}/cosignatures", w.need)).json(json!({}))
        }
        ("DELETE", "/api/v1/needs/{id}/cosignatures/{organization_id}") => {
            Req::new(Method::DELETE, format!("/api/v1/needs/{}/cosignatures/{}", w.need, w.aurora))
        }
        ("POST", "/api/v1/needs/{id}/merge") => {
            let (a, b) = (
                new_need(app, &w.officer, &format!("Doppio {n}")).await,
                new_need(app, &w.officer, &format!("Primo {n}")).await,
            );
            post(format!("/api/v1/needs/{a}/merge")).json(json!({"into": b}))
        }
        ("POST", "/api/v1/needs/{id}/close") => {
            let id = new_need(app, &w.officer, &format!("Da chiudere {n}")).await;
            post(format!("/api/v1/needs/{id}/close")).json(json!({"reason": "Già risolto."}))
        }
        ("POST", "/api/v1/needs/{id}/conversion") => {
            let id = new_need(app, &w.officer, &format!("Da convertire {n}")).await;
            let challenge = app.get(&challenge(&w.challenge_draft, ""), Some(w.token(Who::HubManager))).await;
            let challenge_id = challenge.body["id"].as_str().expect("the challenge's id").to_owned();
            post(format!("/api/v1/needs/{id}/conversion")).json(json!({"challenge_id": challenge_id}))
        }
        ("PUT", "/api/v1/users/{id}/roles") => Req::new(Method::PUT, format!("/api/v1/users/{}/roles", w.role_target))
            .json(json!({"roles": ["evaluator", "proposer"]})),
        ("GET", "/api/v1/challenges") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/challenges") => post(row.path).json(challenge_body(&format!("nuova-{n}"), &w.sponsor)),
        ("GET", "/api/v1/challenges/{id}") => get(challenge(&w.challenge_draft, "")),
        ("PATCH", "/api/v1/challenges/{id}") => {
            let path = challenge(&w.challenge_edit, "");
            let tag = etag(app, w.token(Who::HubManager), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"title_it": "Titolo rivisto"}))
        }
        ("POST", "/api/v1/challenges/{id}/open") => post(challenge(&w.challenge_opening, "/open")),
        ("POST", "/api/v1/challenges/{id}/propose") => post(challenge(&w.challenge_draft, "/propose")),
        ("POST", "/api/v1/challenges/{id}/return") => {
            post(challenge(&w.challenge_returning, "/return")).json(json!({"note": "Indicare la data di chiusura."}))
        }
        ("GET", "/api/v1/challenges/{id}/follow") => get(challenge(&w.challenge_draft, "/follow")),
        ("POST", "/api/v1/challenges/{id}/close") => post(challenge(&w.challenge_closing, "/close")),
        ("POST", "/api/v1/challenges/{id}/archive") => post(challenge(&w.challenge_archiving, "/archive")),
        ("POST", "/api/v1/challenges/{id}/auto-assign") => post(challenge(&w.challenge_staffing, "/auto-assign"))
            .json(json!({"evaluators_per_proposal": 1, "due_at": in_days(14)})),
        ("GET", "/api/v1/challenges/{id}/ranking") => get(challenge("open-call", "/ranking")),
        ("GET", "/api/v1/challenges/{id}/portfolio") => get(challenge(&w.challenge_staffing, "/portfolio")),
        ("GET", "/api/v1/proposals") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/proposals") => {
            post(row.path).json(hub_tests::funnel::complete(&format!("Proposal number {n}"), "open-call"))
        }
        ("GET", "/api/v1/proposals/{id}") => get(proposal(&w.read, "")),
        ("PATCH", "/api/v1/proposals/{id}") => {
            let path = proposal(&w.revising, "");
            let tag = etag(app, w.token(Who::OwnProposer), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"title": "A revised title"}))
        }
        ("GET", "/api/v1/proposals/{id}/history") => get(proposal(&w.read, "/history")),
        ("GET", "/api/v1/proposals/{id}/versions/{version}") => get(proposal(&w.read, "/versions/1")),
        ("POST", "/api/v1/proposals/{id}/submit") => post(proposal(&w.drafted, "/submit")),
        ("POST", "/api/v1/proposals/{id}/withdraw") => post(proposal(&w.withdrawing, "/withdraw")),
        ("POST", "/api/v1/proposals/{id}/resubmit") => post(proposal(&w.resubmitting, "/resubmit")),
        ("POST", "/api/v1/proposals/{id}/screen") => {
            post(proposal(&w.screening, "/screen")).json(json!({"eligible": true}))
        }
        ("POST", "/api/v1/proposals/{id}/request-revision") => {
            post(proposal(&w.revision, "/request-revision")).json(json!({"note": "Please add a timeline."}))
        }
        ("POST", "/api/v1/proposals/{id}/decide") => post(proposal(&w.deciding, "/decide"))
            .json(json!({"decision": "reject", "rationale": "Outside the hub's scope.",
                "observations_reply": hub_tests::funnel::REPLY})),
        ("GET", "/api/v1/proposals/{id}/notice") => get(proposal(&w.deciding, "/notice")),
        ("POST", "/api/v1/proposals/{id}/notice") => {
            post(proposal(&w.noticing, "/notice")).json(json!({"grounds": "Il piano non basta."}))
        }
        ("GET", "/api/v1/proposals/{id}/redress") => get(proposal(&w.decided, "/redress")),
        ("POST", "/api/v1/proposals/{id}/redress") => {
            post(proposal(&w.decided, "/redress")).json(json!({"statement": "The notice came late."}))
        }
        ("POST", "/api/v1/proposals/{id}/redress/handle") => {
            post(proposal(&w.redressing, "/redress/handle")).json(json!({"outcome": "reject", "reason": "In scope."}))
        }
        ("GET", "/api/v1/proposals/{id}/response") => get(proposal(&w.responding, "/response")),
        ("GET", "/api/v1/proposals/{id}/annexes") => get(proposal(&w.annexed, "/annexes")),
        ("POST", "/api/v1/proposals/{id}/annexes") => {
            let mut body = b"--matrix\r\ncontent-disposition: form-data; name=\"rule\"\r\n\r\nscheda\r\n".to_vec();
            body.extend_from_slice(
                b"--matrix\r\ncontent-disposition: form-data; name=\"file\"; filename=\"m.png\"\r\n",
            );
            body.extend_from_slice(b"content-type: image/png\r\n\r\n");
            body.extend_from_slice(PNG);
            body.extend_from_slice(b"\r\n--matrix--\r\n");
            post(proposal(&w.annex_draft, "/annexes")).raw("multipart/form-data; boundary=matrix", body)
        }
        ("PUT", "/api/v1/proposals/{id}/annexes/{rule}/{filename}") => {
            Req::new(Method::PUT, proposal(&w.annex_draft, &format!("/annexes/scheda/m{n}.png")))
                .raw("application/octet-stream", PNG.to_vec())
        }
        ("GET", "/api/v1/annexes/{id}") => get(format!("/api/v1/annexes/{}", w.frozen_annex)),
        ("GET", "/api/v1/annexes/{id}/content") => get(format!("/api/v1/annexes/{}/content", w.frozen_annex)),
        ("DELETE", "/api/v1/annexes/{id}") => {
            let spare = upload_png(app, w.token(Who::OwnProposer), &w.annex_deleting, &format!("d{n}.png")).await;
            Req::new(Method::DELETE, format!("/api/v1/annexes/{spare}"))
        }
        ("GET", "/api/v1/me/assigned-annexes") => get(row.path),
        ("GET", "/api/v1/webhooks") => get(row.path),
        ("POST", "/api/v1/webhooks") => post(row.path).json(
            json!({"url": format!("http://127.0.0.1:9/m{n}"), "events": ["proposal.moved", "adoption.declared"]}),
        ),
        ("GET", "/api/v1/webhooks/{id}") => get(webhook(&w.webhook, "")),
        ("PATCH", "/api/v1/webhooks/{id}") => {
            Req::new(Method::PATCH, webhook(&w.webhook, "")).json(json!({"description": format!("Protocollo {n}")}))
        }
        ("DELETE", "/api/v1/webhooks/{id}") => {
            let spare = new_webhook(app, w.token(Who::OwnProposer)).await;
            Req::new(Method::DELETE, webhook(&spare, ""))
        }
        ("POST", "/api/v1/webhooks/{id}/rotate-secret") => {
            post(webhook(&w.webhook, "/rotate-secret")).json(json!({"overlap_hours": 1}))
        }
        ("POST", "/api/v1/webhooks/{id}/ping") => post(webhook(&w.webhook, "/ping")),
        ("GET", "/api/v1/webhooks/{id}/deliveries") => get(webhook(&w.webhook, "/deliveries")),
        ("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver") => {
            post(webhook(&w.webhook, &format!("/deliveries/{}/redeliver", w.webhook_delivery)))
        }
        ("POST", "/api/v1/proposals/{id}/response") => {
            post(proposal(&w.responding, "/response")).json(json!({"response": "La sezione 4 lo descrive."}))
        }
        ("POST", "/api/v1/proposals/{id}/notice/observations") => {
            post(proposal(&w.observing, "/notice/observations")).json(json!({"observations": "Il piano c'è."}))
        }
        ("GET", "/api/v1/proposals/{id}/feedback") => get(proposal(&w.decided, "/feedback")),
        ("GET", "/api/v1/proposals/{id}/evaluation-summary") => get(proposal(&w.decided, "/evaluation-summary")),
        ("GET", "/api/v1/proposals/{id}/consensus") => get(proposal(&w.read, "/consensus")),
        ("PUT", "/api/v1/proposals/{id}/consensus/rapporteur") => {
            let id = for_consensus(app, w, None, false).await;
            Req::new(Method::PUT, proposal(&id, "/consensus/rapporteur")).json(json!({"rapporteur_id": w.eva}))
        }
        ("PUT", "/api/v1/proposals/{id}/consensus") => {
            let id = for_consensus(app, w, Some(Who::AssignedEvaluator), false).await;
            Req::new(Method::PUT, proposal(&id, "/consensus")).json(consensus_body())
        }
        ("PUT", "/api/v1/proposals/{id}/consensus/position") => {
            let id = for_consensus(app, w, Some(Who::HubManager), true).await;
            Req::new(Method::PUT, proposal(&id, "/consensus/position")).json(json!({"stance": "concur"}))
        }
        ("POST", "/api/v1/proposals/{id}/consensus/finalise") => {
            post(proposal(&for_consensus(app, w, Some(Who::AssignedEvaluator), true).await, "/consensus/finalise"))
        }
        ("POST", "/api/v1/proposals/{id}/promote") => post(proposal(&w.accepted, "/promote")),
        ("GET", "/api/v1/proposals/{id}/assignments") => get(proposal(&w.read, "/assignments")),
        ("POST", "/api/v1/proposals/{id}/assignments") => post(proposal(&w.staffing, "/assignments"))
            .json(json!({"evaluator_id": w.spare_evaluator, "due_at": in_days(14)})),
        ("DELETE", "/api/v1/proposals/{id}/assignments/{assignment_id}") => {
            let (id, assignment) = &w.unstaffing;
            Req::new(Method::DELETE, proposal(id, &format!("/assignments/{assignment}")))
        }
        ("GET", "/api/v1/proposals/{id}/reviews") => get(proposal(&w.read, "/reviews")),
        ("GET", "/api/v1/reviews") => get(format!("{}?limit=100", row.path)),
        ("GET", "/api/v1/reviews/{id}") => get(review(&w.read_review, "")),
        ("GET", "/api/v1/reviews/{id}/ratings") => get(review(&w.read_review, "/ratings")),
        ("PUT", "/api/v1/reviews/{id}/rating") => {
            Req::new(Method::PUT, review(&w.read_review, "/rating")).json(json!({"labels": ["helpful"]}))
        }
        ("GET", "/api/v1/evaluators/{id}/quality") => get(format!("/api/v1/evaluators/{}/quality", w.eva)),
        ("PUT", "/api/v1/reviews/{id}") => Req::new(Method::PUT, review(&w.saving, "")).json(review_body()),
        ("POST", "/api/v1/reviews/{id}/confirm-no-conflict") => post(review(&w.confirming, "/confirm-no-conflict")),
        ("POST", "/api/v1/reviews/{id}/decline") => {
            post(review(&w.declining, "/decline")).json(json!({"reason": "I advised this team last year."}))
        }
        ("POST", "/api/v1/reviews/{id}/submit") => post(review(&w.submitting, "/submit")),
        ("GET", "/api/v1/proposals/{id}/similar-services") => get(proposal(&w.read, "/similar-services")),
        ("GET", "/api/v1/proposals/{id}/similar-proposals") => get(proposal(&w.read, "/similar-proposals")),
        ("GET", "/api/v1/proposals/{id}/opinions") => get(proposal(&w.read, "/opinions")),
        ("PUT", "/api/v1/proposals/{id}/opinions/{organization_id}") => {
            let path = proposal(&w.read, &format!("/opinions/{}", w.sponsor));
            Req::new(Method::PUT, path).json(json!({"verdict": "favourable", "text": "Risponde al nostro fabbisogno."}))
        }
        ("GET", "/api/v1/catalogue/services") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/catalogue/services") => post(row.path).json(service_body(&format!("nuovo-{n}"), &w.aurora)),
        ("GET", "/api/v1/catalogue/services/{slug}") => get(service(&w.service_promoted, "")),
        ("GET", "/api/v1/catalogue/services/{slug}/history") => get(service(&w.service_promoted, "/history")),
        ("GET", "/api/v1/catalogue/services/{slug}/publiccode.yml") => {
            get(service(&w.service_promoted, "/publiccode.yml"))
        }
        ("GET", "/api/v1/catalogue/services/{slug}/adoptions") => get(service(&w.service_deprecating, "/adoptions")),
        ("GET", "/api/v1/catalogue/services/{slug}/adoptions/{organization_id}") => {
            get(service(&w.service_deprecating, &format!("/adoptions/{}", w.sponsor)))
        }
        ("PUT", "/api/v1/catalogue/services/{slug}/adoptions/{organization_id}") => {
            let path = service(&w.service_deprecating, &format!("/adoptions/{}", w.sponsor));
            Req::new(Method::PUT, path).json(json!({"state": "in_use"}))
        }
        ("POST", "/api/v1/catalogue/services/{slug}/messages") => post(service(&w.service_deprecating, "/messages"))
            .json(
                json!({"to_organization_id": w.sponsor, "subject": "Aggiornamento", "body": "Esce la versione 2.0."}),
            ),
        ("GET", "/api/v1/organizations/{id}/adoptions") => get(format!("/api/v1/organizations/{}/adoptions", w.aurora)),
        ("PATCH", "/api/v1/catalogue/services/{slug}") => {
            let path = service(&w.service_edit, "");
            let tag = etag(app, w.token(Who::CatalogueEditor), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"version": "1.0.1"}))
        }
        ("POST", "/api/v1/catalogue/services/{slug}/publish") => post(service(&w.service_publishing, "/publish")),
        ("POST", "/api/v1/catalogue/services/{slug}/deprecate") => post(service(&w.service_deprecating, "/deprecate"))
            .json(json!({"reason": "Superseded by a newer service."})),
        ("POST", "/api/v1/catalogue/services/{slug}/retire") => post(service(&w.service_retiring, "/retire")),
        (method, path) => panic!("no request is built for {method} {path}: add one to `request`"),
    }
}
