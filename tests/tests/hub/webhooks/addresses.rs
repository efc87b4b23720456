//! The addresses the hub refuses to call (server-side request forgery): loopback, private, link-local and
//! metadata addresses, however written, at registration and at a change of address; at delivery too, when
//! the policy changed since; and a redirect is a failed attempt, never followed.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use domain::webhook::AddressPolicy;

use super::*;

/// A public address (registration checks it without connecting; no event is ever sent there).
const PUBLIC: &str = "http://93.184.215.14/hooks";

fn forbidden() -> Vec<(String, String)> {
    vec![("url".to_owned(), "forbidden_address".to_owned())]
}

hub_test!(
    registering_a_loopback_private_link_local_or_metadata_address_is_422,
    settings = &[("HUB_WEBHOOK_ALLOW_ADDRESSES", "")],
    |app| {
        let Some(receiver) = receiver("addresses") else { return };
        let (uni, _) = university(&app).await;
        let root = admin(&app).await;
        let refused = [
            (receiver.url("/uni"), "127.0.0.1"),
            ("http://10.0.0.1/".to_owned(), "10.0.0.1"),
            ("http://169.254.169.254/latest/meta-data".to_owned(), "169.254.169.254"),
            ("http://[::1]/".to_owned(), "::1"),
            ("http://[::ffff:127.0.0.1]/".to_owned(), "127.0.0.1"),
            ("http://localhost/".to_owned(), "localhost"),
            ("http://192.168.1.20:8080/hooks".to_owned(), "192.168.1.20"),
            ("http://[fd00:ec2::254]/".to_owned(), "fd00:ec2::254"),
            ("http://203.0.113.10/x".to_owned(), "203.0.113.10"),
        ];
        for (url, named) in &refused {
            let answer = post_endpoint(&app, &uni, json!({"url": url, "events": ["proposal.moved"]})).await;
            assert_eq!(errors(&answer), forbidden(), "{url}");
            assert!(answer.text.contains(named), "{url}: the address is named in {}", answer.text);
            // Not for the hub either.
            let hub =
                post_endpoint(&app, &root, json!({"url": url, "events": ["proposal.moved"], "scope": "hub"})).await;
            assert_eq!(errors(&hub), forbidden(), "{url}");
        }
        // A name is refused without the addresses it resolves to, as one that does not resolve: whoever registers
        // learns nothing of the hub's own network.
        let named =
            post_endpoint(&app, &uni, json!({"url": "http://localhost:8080/", "events": ["proposal.moved"]})).await;
        assert!(!named.text.contains("127.0.0.1") && !named.text.contains("::1"), "{}", named.text);
        let unknown = json!({"url": "http://nobody-here.invalid/", "events": ["proposal.moved"]});
        let unknown = post_endpoint(&app, &uni, unknown).await;
        assert_eq!(errors(&unknown), forbidden(), "{}", unknown.text);
        assert_eq!(
            unknown.body["errors"][0]["message"].as_str().map(|m| m.replace("nobody-here.invalid", "localhost")),
            named.body["errors"][0]["message"].as_str().map(str::to_owned),
            "one answer for both"
        );
        let items = app.get("/api/v1/webhooks", Some(&root)).await.body["items"].clone();
        assert_eq!(items, json!([]), "nothing registered");

        // A public address is registered; changing it to a refused one is 422 and changes nothing.
        let (id, _) = register(&app, &uni, PUBLIC, &["proposal.moved"]).await;
        for (url, _) in &refused {
            assert_eq!(errors(&patch(&app, &uni, &id, json!({"url": url})).await), forbidden(), "{url}");
        }
        assert_eq!(app.get(&at(&id, ""), Some(&uni)).await.body["url"], PUBLIC);
        assert!(receiver.received().is_empty());
    }
);

hub_test!(a_delivery_to_an_address_refused_since_registration_is_a_failed_attempt, |app| {
    let Some(receiver) = receiver("delivery time") else { return };
    let mut app = app;
    let (uni, _) = university(&app).await;
    let (id, secret) = register(&app, &uni, &receiver.url("/uni"), &["proposal.moved"]).await;
    receiver.trust("/uni", &[&secret]);

    // The operator no longer allows 127.0.0.1.
    app.settings.webhooks.addresses = AddressPolicy::default();
    app.restart().await;
    let queued = ping(&app, &uni, &id).await;
    let delivery = queued["id"].as_str().expect("id");
    let failed = wait_delivery(&app, &uni, &id, delivery, "a failed attempt", |d| logged(d) >= 1).await;
    let attempt = &failed["log"][0];
    assert_eq!(attempt["status_code"], Value::Null, "{failed:#}");
    let error = attempt["error"].as_str().expect("an error");
    assert!(error.contains("127.0.0.1") && error.contains("loopback"), "{error}");
    assert_eq!(failed["last_error"], attempt["error"]);
    assert_eq!(failed["status"], "pending", "retried on the schedule: {failed:#}");
    assert!(receiver.received().is_empty(), "the receiver got nothing");

    // Its owner still edits what is not its address (the address is looked at when it changes), and
    // cannot move it to another refused one.
    let described =
        patch(&app, &uni, &id, json!({"description": "Protocollo, sede nuova", "events": ["proposal.decided"]})).await;
    assert_eq!(described.status, 200, "{}", described.text);
    assert_eq!(described.body["description"], "Protocollo, sede nuova");
    assert_eq!(described.body["url"], receiver.url("/uni"), "the address kept");
    let moved = patch(&app, &uni, &id, json!({"url": receiver.url("/altrove")})).await;
    assert_eq!(moved.status, 422, "{}", moved.text);
    assert_eq!(moved.body["errors"][0]["code"], "forbidden_address", "{}", moved.text);
});

/// A server that answers every request 307 to `location`, counting them.
struct Redirector {
    port: u16,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Redirector {
    fn start(location: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("an address").port();
        let (hits, stop) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
        let (counter, stopped) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        redirect(stream, &location);
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(StdDuration::from_millis(10));
                    }
                    Err(_) => return,
                }
            }
        });
        Self { port, hits, stop }
    }
}

impl Drop for Redirector {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Reads one request (headers and a `Content-Length` body) and answers 307.
fn redirect(mut stream: TcpStream, location: &str) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(StdDuration::from_secs(5)));
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    let mut expected = None;
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..n]);
        if expected.is_none()
            && let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n")
        {
            let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").and_then(|v| v.trim().parse::<usize>().ok()))
                .unwrap_or(0);
            expected = Some(end + 4 + length);
        }
        if expected.is_some_and(|total| request.len() >= total) {
            break;
        }
    }
    let answer = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.flush();
}

hub_test!(a_redirect_is_a_failed_attempt_never_followed, |app| {
    let Some(receiver) = receiver("redirect") else { return };
    let (uni, _) = university(&app).await;
    // The redirect points at a receiver path that would verify the delivery, were it followed.
    let redirector = Redirector::start(receiver.url("/followed"));
    let url = format!("http://127.0.0.1:{}/hooks", redirector.port);
    let (id, secret) = register(&app, &uni, &url, &["proposal.moved"]).await;
    receiver.trust("/followed", &[&secret]);

    let queued = ping(&app, &uni, &id).await;
    let delivery = queued["id"].as_str().expect("id");
    let failed = wait_delivery(&app, &uni, &id, delivery, "a failed attempt", |d| logged(d) >= 1).await;
    let attempt = &failed["log"][failed["log"].as_array().map_or(0, Vec::len) - 1];
    assert_eq!(attempt["status_code"], 307, "{failed:#}");
    assert_eq!(attempt["error"], "answered 307", "{failed:#}");
    assert_eq!(failed["status"], "pending", "a failed attempt, retried: {failed:#}");
    assert_ne!(failed["status"], "delivered");
    assert!(redirector.hits.load(Ordering::SeqCst) >= 1, "the redirector was asked");
    // The attempt was recorded after its answer: had it been followed, the receiver would have it by now.
    assert!(receiver.received().is_empty(), "never followed: {:?}", receiver.received());
});
