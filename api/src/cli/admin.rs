//! The operator's commands: `hub admin create-user` and the report of `hub audit verify`.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::anyhow;
use domain::{DisplayName, Email, Locale, NewAccount, Password, Role, SystemClock};

use super::OPERATOR_ORGANIZATION;
use crate::settings::Settings;

/// What `hub audit verify` prints, and its exit code: 0 intact, 2 broken, 3 another key.
pub(crate) fn audit_report(verdict: &persistence::AuditVerification) -> (String, u8) {
    use persistence::AuditVerification::{Broken, Intact, WrongKey};
    match verdict {
        Intact { entries, head: Some(head) } => {
            let mut message =
                format!("audit log intact: {entries} entries verified; head: entry {}, MAC {}", head.seq, head.hash);
            if head.unkeyed_until > 0 {
                message.push_str(&format!(
                    " (entries 1 to {} predate HUB_AUDIT_KEY: hashed without it, sealed by the keyed entries after them)",
                    head.unkeyed_until
                ));
            }
            (message, 0)
        }
        Intact { entries, head: None } => (
            format!(
                "audit log intact: {entries} entries verified, all from before the chain was keyed; the hub seals them with HUB_AUDIT_KEY when it next starts"
            ),
            0,
        ),
        Broken { seq, reason } => (format!("audit log BROKEN at entry {seq}: {reason}"), 2),
        WrongKey { sealed_with, given } => (
            format!(
                "audit log NOT VERIFIED: wrong key: HUB_AUDIT_KEY (key id {given}) is not the key the chain was \
                 written with (key id {sealed_with})"
            ),
            3,
        ),
    }
}

pub(super) async fn create_user(
    settings: Settings,
    clock: Arc<SystemClock>,
    email: &str,
    roles: &[String],
    name: Option<String>,
    organization: Option<String>,
) -> anyhow::Result<ExitCode> {
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {}", e.message))?;
    let roles = roles
        .iter()
        .map(|r| r.parse::<Role>())
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(|e| anyhow!("--role: {}", e.message))?;
    let name = name.unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("user").to_owned());
    let display_name = DisplayName::parse(&name).map_err(|e| anyhow!("--name: {}", e.message))?;
    let organization = organization.as_deref().unwrap_or(OPERATOR_ORGANIZATION);
    let organization = organization.parse().map_err(|_| anyhow!("--organization: not an organisation id"))?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = Password::parse("password", line.trim_end_matches(['\r', '\n']))
        .map_err(|e| anyhow!("password (stdin): {}", e.message))?;
    let store = crate::app::open_store(&settings, clock)?;
    let passwords = crate::auth::passwords::Passwords::new(settings.argon2)?;
    let password_hash = passwords.hash(password).await.map_err(|e| anyhow!("{e}"))?;
    let account =
        NewAccount { email, display_name, password_hash, locale: Locale::default(), expertise: Default::default() };
    let user =
        tokio::task::spawn_blocking(move || store.user_provision(organization, account, roles, false, false)).await??;
    println!("created user {} ({})", user.email, user.id);
    Ok(ExitCode::SUCCESS)
}
