//! Email: templates, transports and the outbox delivery worker.

pub(crate) mod dates;
mod html;
pub mod templates;
pub mod transport;
pub mod worker;

pub use transport::Transport;
