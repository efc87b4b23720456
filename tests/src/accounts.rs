//! Accounts for the tests: logging in, registering through the API, and users provisioned directly
//! with roles (as `hub admin create-user` does).

use std::collections::BTreeSet;
use std::path::PathBuf;

use domain::{DisplayName, Email, Locale, NewAccount, OrganizationId, Password, Role};
use serde_json::{Value, json};

use crate::{PASSWORD, TestApp};

impl TestApp {
    /// Logs in; returns the token response.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let answer = self.post("/api/v1/auth/login", None, json!({"email": email, "password": password})).await;
        assert_eq!(answer.status, 200, "login of {email}: {}", answer.text);
        answer.body
    }

    /// Logs in; returns the access token.
    pub async fn token(&self, email: &str) -> String {
        self.login(email, PASSWORD).await["access_token"].as_str().expect("access token").to_owned()
    }

    /// Logs in with `password`; returns the access token.
    pub async fn token_with(&self, email: &str, password: &str) -> String {
        self.login(email, password).await["access_token"].as_str().expect("access token").to_owned()
    }

    /// Registers a founder of a new organisation through the API; returns the user (as `GET /me`).
    pub async fn register(&self, email: &str, org_name: &str, tax_code: &str) -> Value {
        let answer = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({
                    "email": email, "password": PASSWORD, "display_name": "Test User",
                    "organization": {"name": org_name, "kind": "startup", "tax_code": tax_code}
                }),
            )
            .await;
        assert_eq!(answer.status, 202, "register {email}: {}", answer.text);
        self.account(email).await
    }

    /// The account with `email` as `GET /me` shows it, read through the store (registration with a
    /// new organisation answers 202 with no body).
    pub async fn account(&self, email: &str) -> Value {
        let (store, email) = (self.store.clone(), Email::parse(email).expect("valid email"));
        let user = tokio::task::spawn_blocking(move || {
            let (id, _) = store.user_credentials(&email).expect("read").expect("the account exists");
            store.user_get(id).expect("the user")
        })
        .await
        .expect("join");
        serde_json::to_value(api::routes::me::UserDto::from(user)).expect("JSON")
    }

    /// Creates a verified user with `roles` directly (as `hub admin create-user` does), in the
    /// operator organisation or `organization`; returns an access token.
    pub async fn user_with_roles(&self, email: &str, roles: &[Role], organization: Option<OrganizationId>) -> String {
        self.provision(email, roles, organization, &[]).await
    }

    /// Like [`TestApp::user_with_roles`], with expertise tags.
    pub async fn provision(
        &self,
        email: &str,
        roles: &[Role],
        organization: Option<OrganizationId>,
        expertise: &[&str],
    ) -> String {
        let passwords = api::auth::passwords::Passwords::new(self.settings.argon2).expect("hasher");
        let hash = passwords.hash(Password::parse("password", PASSWORD).expect("valid")).await.expect("hash");
        let account = NewAccount {
            email: Email::parse(email).expect("valid email"),
            display_name: DisplayName::parse("Staff Member").expect("valid"),
            password_hash: hash,
            locale: Locale::En,
            expertise: expertise.iter().map(|t| (*t).to_owned()).collect(),
        };
        let organization = organization.unwrap_or_else(|| api::cli::OPERATOR_ORGANIZATION.parse().expect("uuid"));
        let roles: BTreeSet<Role> = roles.iter().copied().collect();
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.user_provision(organization, account, roles, false, false))
            .await
            .expect("join")
            .expect("provision");
        self.token(email).await
    }

    /// The folder of `.eml` files (when no SMTP server is configured).
    pub fn mail_dir(&self) -> PathBuf {
        self.settings.mail_dir()
    }
}
