//! The account pages: register, verify, passwords, invitations, profile, personal data, tokens, webhooks.

mod colleagues;
mod data;
mod expertise;
mod invitation;
mod organization;
mod password;
mod profile;
mod register;
mod tokens;
mod verify;
mod webhooks;

/// An emailed token, from the link's query or the form's hidden field.
#[derive(Debug, serde::Deserialize)]
pub struct Token {
    #[serde(default)]
    token: String,
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(register::show)
        .service(register::submit)
        .service(register::sent)
        .service(verify::show)
        .service(verify::submit)
        .service(password::forgot)
        .service(password::ask)
        .service(password::show)
        .service(password::reset)
        .service(invitation::show)
        .service(invitation::accept)
        .service(profile::show)
        .service(profile::save)
        .service(profile::password)
        .service(profile::verification)
        .service(colleagues::invite)
        .service(colleagues::officer)
        .service(expertise::show)
        .service(expertise::save)
        .service(organization::show)
        .service(organization::rename)
        .service(organization::owner)
        .service(organization::revoke)
        .service(organization::remove)
        .service(organization::leave)
        .service(data::show)
        .service(data::export)
        .service(data::erase)
        .service(tokens::list)
        .service(tokens::add)
        .service(tokens::revoke)
        .configure(webhooks::configure);
}
