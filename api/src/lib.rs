//! The Innovation Hub's HTTP API: configuration, authentication, routes, problem details, OpenAPI,
//! email delivery, and the `hub` command line.

pub mod allocator;
pub mod annexes;
pub mod app;
pub mod auth;
pub mod cache;
pub mod cli;
pub mod csv_export;
pub mod error;
pub mod files;
pub mod input;
pub mod json;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod problems;
pub mod query;
pub mod routes;
pub mod seeds;
pub mod settings;
pub mod state;
pub mod streamed;
pub mod web;
pub mod webhooks;

pub use app::{Running, start};
pub use settings::Settings;
