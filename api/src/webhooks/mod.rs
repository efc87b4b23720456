//! Webhooks' delivery (issue 20): secrets made, deliveries signed per the Standard Webhooks specification
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of
//! `{id}.{timestamp}.{body}`, one signature per secret in use), posted by a client that never reaches an
//! address the policy refuses (checked at registration, and again at every connection: a name that
//! resolves elsewhere later, or a redirect, gets nowhere), and the worker that claims, delivers and records.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use domain::DomainError;
use domain::webhook::{AddressPolicy, EndpointUrl};
use hmac::{Hmac, Mac};
use persistence::{Claimed, Outcome};
use rand::RngCore;
use sha2::Sha256;

use crate::settings::WebhookSettings;

pub mod worker;

/// What every secret starts with, as the specification writes them.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: 32 random bytes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The signature of one delivery with one secret: `v1,` and the base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}` under the secret's bytes.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let raw = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    let key = STANDARD.decode(raw).unwrap_or_else(|_| raw.as_bytes().to_vec());
    let mut mac = match Hmac::<Sha256>::new_from_slice(&key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Resolves names for the delivery client, keeping only the addresses the policy allows.
#[derive(Debug)]
struct GuardedResolver {
    policy: AddressPolicy,
}

impl reqwest13::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest13::dns::Name) -> reqwest13::dns::Resolving {
        let (policy, host) = (self.policy.clone(), name.as_str().to_owned());
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.iter().filter(|a| policy.refusal(a.ip()).is_none()).copied().collect();
            if allowed.is_empty() {
                // Without the addresses: the log is read by the endpoint's owner, who need not learn the hub's.
                return Err(format!("{host} resolves only to addresses the hub does not call").into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest13::dns::Addrs)
        })
    }
}

/// The webhooks' client and policy.
#[derive(Debug, Clone)]
pub struct Webhooks {
    client: reqwest13::Client,
    /// The settings.
    pub settings: WebhookSettings,
}

impl Webhooks {
    /// The client: no redirects followed, no proxy, the settings' timeout, names resolved through the policy.
    ///
    /// # Errors
    /// When the TLS stack cannot be set up.
    pub fn new(settings: WebhookSettings) -> anyhow::Result<Self> {
        let client = reqwest13::Client::builder()
            .redirect(reqwest13::redirect::Policy::none())
            .no_proxy()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("InnovationHub-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver { policy: settings.addresses.clone() }))
            .build()?;
        Ok(Self { client, settings })
    }

    /// Checks where a new or changed endpoint points: every address its host resolves to must be one the
    /// policy allows.
    ///
    /// # Errors
    /// `url` field error `forbidden_address`: an address written in the URL named with why; a host name that
    /// does not resolve, or resolves to an address refused, without its addresses.
    pub async fn check_target(&self, url: &EndpointUrl) -> Result<(), DomainError> {
        if let Some(ip) = url.ip() {
            // An address as written: named, with why it is refused.
            return match self.settings.addresses.refusal(ip) {
                Some(refusal) => Err(DomainError::invalid(
                    "url",
                    "forbidden_address",
                    format!("{ip} is a {} address, which the hub does not call", refusal.as_str()),
                )),
                None => Ok(()),
            };
        }
        let lookup = tokio::net::lookup_host((url.host(), 0));
        let addresses: Vec<std::net::IpAddr> = match tokio::time::timeout(Duration::from_secs(5), lookup).await {
            Ok(Ok(found)) => found.map(|a| a.ip()).collect(),
            _ => Vec::new(),
        };
        // A name that does not resolve and one that resolves to an address the hub does not call get one
        // answer, without the addresses: whoever registers learns nothing of the names and addresses of the
        // hub's own network.
        if addresses.is_empty() || addresses.iter().any(|ip| self.settings.addresses.refusal(*ip).is_some()) {
            return Err(DomainError::invalid(
                "url",
                "forbidden_address",
                format!("{} does not resolve to public addresses only, which the hub calls", url.host()),
            ));
        }
        Ok(())
    }

    /// Posts one claimed delivery, signed with each of its secrets.
    pub async fn deliver(&self, claimed: Claimed) -> Outcome {
        let started = Instant::now();
        let result = self.post(&claimed).await;
        let latency_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        let (status_code, error) = match result {
            Ok(code) if (200..300).contains(&code) => (Some(code), None),
            Ok(code) => (Some(code), Some(format!("answered {code}"))),
            Err(error) => (None, Some(error)),
        };
        Outcome { delivery_id: claimed.delivery_id, status_code, latency_ms, error, attempt: claimed.attempts }
    }

    async fn post(&self, claimed: &Claimed) -> Result<u16, String> {
        let url = EndpointUrl::parse(&claimed.url).map_err(|e| e.message)?;
        if let Some(ip) = url.ip()
            && let Some(refusal) = self.settings.addresses.refusal(ip)
        {
            return Err(format!("{ip} is a {} address the hub does not call", refusal.as_str()));
        }
        let timestamp = chrono::Utc::now().timestamp();
        let signatures: Vec<String> =
            claimed.secrets.iter().map(|s| sign(s, &claimed.event_id, timestamp, &claimed.payload)).collect();
        let answer = self
            .client
            .post(url.as_str())
            .header("content-type", "application/json")
            .header("webhook-id", &claimed.event_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signatures.join(" "))
            .body(claimed.payload.clone())
            .send()
            .await
            .map_err(|e| describe(&e))?;
        Ok(answer.status().as_u16())
    }
}

/// An error as the delivery log shows it: what went wrong, with its causes.
fn describe(error: &reqwest13::Error) -> String {
    let mut text = if error.is_timeout() { "timed out".to_owned() } else { error.to_string() };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_as_the_standard_webhooks_reference_does() {
        // The specification's example, checked with its Python library (standardwebhooks 1.3.0).
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_new_secret_is_32_random_bytes_after_the_prefix() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        let raw = a.strip_prefix(SECRET_PREFIX).expect("prefix");
        assert_eq!(STANDARD.decode(raw).expect("base64").len(), 32);
    }
}
