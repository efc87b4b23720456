//! The account pages: register, verify, passwords, invitations, profile, personal data, tokens.

mod register;
mod verify;

use super::Tr;

/// The invalid fields of a form: each one's input id and its message, in the page's language.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    /// The domain's field errors, translated per code where the catalogue has one; `id` maps the
    /// domain's field path to the input's id.
    pub fn from_domain(tr: Tr, fields: &[domain::FieldError], id: impl Fn(&str) -> String) -> Self {
        Self(
            fields
                .iter()
                .map(|f| {
                    let key = format!("field-error-{}", f.code.replace('_', "-"));
                    let message = tr.t(&key);
                    let message = if message == key { tr.t("field-error-invalid") } else { message };
                    (id(&f.field), message)
                })
                .collect(),
        )
    }

    /// The message of the input `id`, if it is invalid.
    pub fn of(&self, id: &str) -> Option<&str> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, m)| m.as_str())
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(register::show)
        .service(register::submit)
        .service(register::sent)
        .service(verify::show)
        .service(verify::submit);
}
