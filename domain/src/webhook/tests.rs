use std::collections::BTreeSet;
use std::net::IpAddr;

use super::*;
use crate::actor::Credential;
use crate::ids::UserId;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("an address")
}

#[test]
fn private_loopback_link_local_and_metadata_addresses_are_refused() {
    let policy = AddressPolicy::default();
    for (addr, refusal) in [
        ("127.0.0.1", Refusal::Loopback),
        ("127.8.9.10", Refusal::Loopback),
        ("0.0.0.0", Refusal::Loopback),
        ("::1", Refusal::Loopback),
        ("::", Refusal::Loopback),
        ("10.1.2.3", Refusal::Private),
        ("172.16.0.1", Refusal::Private),
        ("172.31.255.255", Refusal::Private),
        ("192.168.1.1", Refusal::Private),
        ("100.64.0.1", Refusal::Private),
        ("fd12:3456::1", Refusal::Private),
        ("169.254.169.254", Refusal::LinkLocal),
        ("fe80::1", Refusal::LinkLocal),
        ("fd00:ec2::254", Refusal::Metadata),
        ("::ffff:127.0.0.1", Refusal::Loopback),
        ("::ffff:169.254.169.254", Refusal::LinkLocal),
        ("::ffff:10.0.0.1", Refusal::Private),
        ("224.0.0.1", Refusal::Reserved),
        ("255.255.255.255", Refusal::Reserved),
        ("64:ff9b::a00:1", Refusal::Reserved),
        ("2001:db8::1", Refusal::Reserved),
        // The ways to IPv4 addresses behind IPv6 ones, and the deprecated or discarding prefixes.
        ("2002:7f00:1::", Refusal::Reserved),
        ("2002:a00:1::1", Refusal::Reserved),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", Refusal::Reserved),
        ("::ffff:0:7f00:1", Refusal::Reserved),
        ("64:ff9b:1::a00:1", Refusal::Reserved),
        ("100::1", Refusal::Reserved),
        ("fec0::1", Refusal::Private),
        ("192.88.99.1", Refusal::Reserved),
    ] {
        assert_eq!(policy.refusal(ip(addr)), Some(refusal), "{addr}");
    }
    for public in ["93.184.216.34", "172.32.0.1", "151.101.1.69", "2a00:1450:4002:80a::200e", "::ffff:8.8.8.8"] {
        assert_eq!(policy.refusal(ip(public)), None, "{public}");
    }
}

#[test]
fn the_operator_allows_an_address_or_a_network_and_nothing_else() {
    let policy = AddressPolicy::new(["127.0.0.1", " 10.20.0.0/16 "]).expect("policy");
    assert_eq!(policy.refusal(ip("127.0.0.1")), None);
    assert_eq!(policy.refusal(ip("::ffff:127.0.0.1")), None);
    assert_eq!(policy.refusal(ip("127.0.0.2")), Some(Refusal::Loopback));
    assert_eq!(policy.refusal(ip("10.20.3.4")), None);
    assert_eq!(policy.refusal(ip("10.21.0.1")), Some(Refusal::Private));
    assert_eq!(AddressPolicy::new(["localhost"]), Err("localhost".to_owned()));
}

#[test]
fn an_endpoint_url_is_http_or_https_with_a_host_and_no_credentials() {
    let url = EndpointUrl::parse(" https://Protocollo.Unipd.example/hooks?x=1 ").expect("url");
    assert_eq!(url.as_str(), "https://protocollo.unipd.example/hooks?x=1");
    assert_eq!(url.host(), "protocollo.unipd.example");
    assert_eq!(url.ip(), None);
    assert_eq!(EndpointUrl::parse("http://[::1]:8080/").expect("v6").ip(), Some(ip("::1")));
    for (raw, code) in [
        ("ftp://example.org/", "unsupported_scheme"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("https://user:pw@example.org/", "credentials_in_url"),
        ("https://example.org/#x", "invalid_url"),
        ("http://93.184.216.34:0/", "invalid_url"),
        ("/relative", "invalid_url"),
        ("not a url", "invalid_url"),
    ] {
        assert_eq!(EndpointUrl::parse(raw).map_err(|e| e.code), Err(code), "{raw}");
    }
    let long = format!("https://example.org/{}", "a".repeat(URL_MAX));
    assert_eq!(EndpointUrl::parse(&long).map_err(|e| e.code), Err("too_long"));
}

proptest::proptest! {
    /// What the hub stores is the URL normalised (`as_str`), and it reads it back through `parse`: a URL taken
    /// must be taken again as it was stored, however far normalising lengthened it (each non-ASCII character is
    /// written out as up to twelve, a stored URL too long to read back was a 500 on every read of its endpoint).
    #[test]
    fn an_accepted_url_is_accepted_again_as_stored(path in "[a-zé€😀 %/?=.-]{0,700}", host in "[a-zà]{1,20}") {
        if let Ok(url) = EndpointUrl::parse(&format!("https://{host}.example/{path}")) {
            proptest::prop_assert!(url.as_str().chars().count() <= URL_MAX, "{}", url.as_str());
            proptest::prop_assert_eq!(EndpointUrl::parse(url.as_str()), Ok(url.clone()));
        }
    }
}

#[test]
fn a_url_written_out_longer_than_the_limit_is_too_long() {
    let accented = format!("https://example.org/{}", "é".repeat(700));
    assert!(accented.chars().count() <= URL_MAX, "short as typed");
    assert_eq!(EndpointUrl::parse(&accented).map_err(|e| e.code), Err("too_long"), "4,200 characters written out");
}

#[test]
fn an_endpoint_lists_known_subscribable_events_and_every_wrong_field_is_named() {
    let events = vec!["proposal.decided".to_owned(), "adoption.declared".to_owned()];
    let content = EndpointContent::parse("https://example.org/h", Some("Protocollo"), &events).expect("content");
    assert_eq!(content.events, BTreeSet::from([EventType::ProposalDecided, EventType::AdoptionDeclared]));
    let Err(DomainError::Invalid(errors)) = EndpointContent::parse(
        "gopher://x",
        Some(&"d".repeat(DESCRIPTION_MAX + 1)),
        &["proposal.decided".to_owned(), "webhook.ping".to_owned(), "nope".to_owned()],
    ) else {
        panic!("refused")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["url", "description", "events[1]", "events[2]"]);
    // The description is one line of text as names are: no reversed or invisible characters to disguise it.
    for disguised in ["Protocollo\u{202E}lacol", "Proto\u{200B}collo", "riga\nnuova"] {
        let Err(DomainError::Invalid(errors)) =
            EndpointContent::parse("https://example.org/h", Some(disguised), &events)
        else {
            panic!("{disguised:?} refused")
        };
        assert_eq!(errors[0].field, "description", "{disguised:?}");
    }
    let Err(DomainError::Invalid(errors)) = EndpointContent::parse("https://example.org", None, &[]) else {
        panic!("refused")
    };
    assert_eq!(errors[0].code, "required");
}

fn audit(action: &'static str, details: &[(&str, &str)]) -> AuditEvent {
    let mut event = AuditEvent::new(None, action, "proposal", "p1");
    for (k, v) in details {
        event = event.with(k, *v);
    }
    event
}

#[test]
fn audited_changes_raise_their_events_with_ids_and_states_only() {
    let decided = raised(&audit(
        "proposal.moved",
        &[("action", "decide_accept"), ("from", "under_review"), ("to", "accepted"), ("overridden", "true")],
    ))
    .expect("raised");
    assert_eq!(decided.kind, EventType::ProposalDecided);
    assert_eq!(decided.subject, Subject::Proposal("p1".to_owned()));
    assert_eq!(decided.data.keys().collect::<Vec<_>>(), ["action", "from", "to"], "no override flag");
    let moved = raised(&audit("proposal.moved", &[("action", "submit"), ("from", "draft"), ("to", "submitted")]));
    assert_eq!(moved.map(|r| r.kind), Some(EventType::ProposalMoved));
    let review = raised(&AuditEvent::new(None, "review.moved", "assignment", "a1").with("action", "submit"));
    assert_eq!(review.map(|r| r.subject), Some(Subject::Review("a1".to_owned())));
    assert_eq!(raised(&AuditEvent::new(None, "review.moved", "assignment", "a1").with("action", "save")), None);
    let published = raised(
        &AuditEvent::new(None, "service.state_changed", "service", "s1").with("to", "published").with("slug", "x"),
    )
    .expect("raised");
    assert_eq!((published.kind, published.subject), (EventType::ServicePublished, Subject::Service("s1".to_owned())));
    assert_eq!(raised(&AuditEvent::new(None, "service.state_changed", "service", "s1").with("to", "draft")), None);
    let adoption = raised(
        &AuditEvent::new(None, "adoption.declared", "service", "s1")
            .with("organization_id", "o2")
            .with("state", "in_use"),
    )
    .expect("raised");
    assert_eq!(adoption.also.as_deref(), Some("o2"));
    assert_eq!(raised(&audit("proposal.updated", &[])), None);
    assert_eq!(raised(&audit("user.registered", &[])), None);
    for (action, kind) in [
        ("proposal.grounds_notified", EventType::NoticeIssued),
        ("proposal.observations_sent", EventType::NoticeAnswered),
        ("proposal.redress_filed", EventType::RedressFiled),
        ("proposal.redress_handled", EventType::RedressHandled),
    ] {
        assert_eq!(
            raised(&audit(action, &[("version", "2")])).map(|r| (r.kind, r.data["version"].clone())),
            Some((kind, "2".to_owned()))
        );
    }
}

#[test]
fn retries_follow_the_schedule_then_the_delivery_fails() {
    let waits: Vec<i64> = (1..=MAX_ATTEMPTS).filter_map(|n| retry_delay(n).map(|d| d.num_seconds())).collect();
    assert_eq!(waits, [5, 300, 1800, 7200, 18000, 36000, 36000]);
    assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    assert_eq!(retry_delay(0), None);
    assert_eq!(MAX_ATTEMPTS, 8);
}

#[test]
fn an_endpoint_is_disabled_after_enough_failures_over_enough_time() {
    let policy = DisablePolicy { failures: 3, period: Duration::hours(1) };
    let now = Utc::now();
    assert!(!policy.disables(2, Some(now - Duration::hours(2)), now), "too few failures");
    assert!(!policy.disables(5, Some(now - Duration::minutes(59)), now), "too short a time");
    assert!(!policy.disables(5, None, now));
    assert!(policy.disables(3, Some(now - Duration::hours(1)), now));
}

fn actor(owner: bool, roles: &[Role], credential: Credential) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: OrganizationId(uuid::Uuid::nil()),
        is_org_owner: owner,
        roles: roles.iter().copied().collect(),
        email_verified: true,
        credential,
    }
}

#[test]
fn an_organisations_owner_and_admins_manage_its_endpoints_and_nobody_else_knows_them() {
    let org = Owner::Organization(OrganizationId(uuid::Uuid::nil()));
    let other = Owner::Organization(OrganizationId::new());
    let owner = actor(true, &[Role::Proposer], Credential::Session);
    let member = actor(false, &[Role::Proposer], Credential::Session);
    let admin = actor(false, &[Role::Admin], Credential::Session);
    assert_eq!(org.check_manager(&owner), Ok(()));
    assert_eq!(org.check_manager(&member), Err(DomainError::NotFound("webhook endpoint")));
    assert_eq!(other.check_manager(&owner), Err(DomainError::NotFound("webhook endpoint")));
    assert_eq!(Owner::Hub.check_manager(&owner), Err(DomainError::NotFound("webhook endpoint")));
    assert_eq!(other.check_manager(&admin), Ok(()));
    assert_eq!(Owner::Hub.check_manager(&admin), Ok(()));
    let token = actor(true, &[Role::Proposer], Credential::Token(BTreeSet::from([Scope::ProposalsRead])));
    assert!(matches!(org.check_manager(&token), Err(DomainError::Forbidden(_))));
    let scoped = actor(true, &[Role::Proposer], Credential::Token(BTreeSet::from([Scope::Webhooks])));
    assert_eq!(org.check_manager(&scoped), Ok(()));
    assert_eq!(Owner::for_new(&owner, false), Ok(org));
    assert!(matches!(Owner::for_new(&member, false), Err(DomainError::Forbidden(_))));
    assert!(matches!(Owner::for_new(&owner, true), Err(DomainError::Forbidden(_))));
    assert_eq!(Owner::for_new(&admin, true), Ok(Owner::Hub));
}

#[test]
fn the_overlap_of_a_rotation_is_a_day_by_default_and_at_most_a_week() {
    assert_eq!(overlap(None), Ok(Duration::hours(24)));
    assert_eq!(overlap(Some(0)), Ok(Duration::zero()));
    assert!(overlap(Some(-1)).is_err());
    assert!(overlap(Some(OVERLAP_MAX_HOURS + 1)).is_err());
}
