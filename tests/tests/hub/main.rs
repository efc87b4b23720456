//! The black-box tests, one module per area, in one test binary: one link instead of one per file,
//! and the two test threads kept busy across areas instead of idling at the end of each file.

mod accounts;
mod admin;
mod audit;
mod authorization;
mod auto_assign;
mod browser;
mod caching;
mod catalogue;
mod challenges;
mod concurrency;
mod decisions;
mod evaluation_integrity;
mod http;
mod input;
mod jwt;
mod mail;
mod openapi;
mod openapi_examples;
mod pillars;
mod privacy;
mod problems;
mod proposals;
mod races;
mod ranking;
mod reviews;
mod seeds;
mod statements;
mod throttle;
mod tokens;
mod web;
mod web_account;
mod web_browse;
mod web_proposals;
