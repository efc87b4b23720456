//! The `hub` command line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::anyhow;
use clap::{Parser, Subcommand};
use domain::SystemClock;
use tracing_subscriber::EnvFilter;

use crate::settings::{LogFormat, Settings};

mod admin;

pub(crate) use admin::audit_report;
use admin::create_user;

/// The organisation of the platform's own staff, created by the first migration.
pub const OPERATOR_ORGANIZATION: &str = "01900000-0000-7000-8000-000000000001";

/// The Innovation Hub of the Polo Strategico Nazionale.
#[derive(Debug, Parser)]
#[command(name = "hub", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database, then serve (the default).
    Serve,
    /// Load the demo data, print the demo accounts and the docs URL, then serve.
    Demo {
        /// A seeds folder instead of the built-in demo data.
        #[arg(long)]
        seeds: Option<PathBuf>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load seed data (idempotent).
    Seed {
        /// The folder (default: the built-in demo data).
        dir: Option<PathBuf>,
        /// Then add this many synthetic proposals, with three submitted reviews for those under review
        /// or decided, for benchmarks (no history, audit or mail: never on a hub in use).
        #[arg(long, value_name = "N")]
        synthetic: Option<u64>,
        /// Put the synthetic proposals in this challenge (id or slug) instead of spreading them.
        #[arg(long, requires = "synthetic")]
        challenge: Option<String>,
        /// Make every synthetic proposal under review with three reviews (for ranking measurements).
        #[arg(long, requires = "synthetic")]
        under_review: bool,
        /// Add this many synthetic catalogue services instead of one per hundred proposals (for the
        /// similarity measurements; `--synthetic 0 --services N` adds only services).
        #[arg(long, value_name = "N", requires = "synthetic")]
        services: Option<u64>,
    },
    /// Measure the screening's similar proposals against the exact ones (every other proposal scored)
    /// for a sample of proposals, and print the result as JSON: for benchmarks (it reads every
    /// proposal's text).
    SimilarityRecall {
        /// How many proposals to compare.
        #[arg(long, default_value_t = 40)]
        sample: usize,
    },
    /// Print the OpenAPI document (YAML).
    Openapi,
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Operator commands.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify the keyed chain with HUB_AUDIT_KEY: every entry's MAC and link, and the recorded head
    /// (which catches removed last entries). Names the first broken entry and why; exits 2 when
    /// broken, 3 for another key.
    Verify,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a user; the password is read from standard input.
    CreateUser {
        /// Email address.
        #[arg(long)]
        email: String,
        /// A role (repeat for several).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Display name (default: the email's local part).
        #[arg(long)]
        name: Option<String>,
        /// Organisation id (default: the platform operator's).
        #[arg(long)]
        organization: Option<String>,
    },
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        return match crate::openapi::yaml() {
            Ok(yaml) => {
                print!("{yaml}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => return fail(&anyhow!("configuration: {e}")),
    };
    init_tracing(settings.log_format);
    let result = actix_web::rt::System::new().block_on(run(cli.command.unwrap_or(Command::Serve), settings));
    match result {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    eprintln!("hub: {error:#}");
    ExitCode::FAILURE
}

fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_env("HUB_LOG").unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    // Colours only for a person at a terminal: a log file or a collector gets plain text.
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colours);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).init(),
        LogFormat::Pretty => builder.init(),
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    let clock = Arc::new(SystemClock);
    match command {
        Command::Serve => serve(settings, clock, None).await,
        Command::Demo { seeds } => serve(settings, clock, Some(seeds)).await,
        Command::Migrate => {
            let store = crate::app::open_store(&settings, clock)?;
            println!("database migrated ({:?})", store.engine());
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed { dir, synthetic, challenge, under_review, services } => {
            let password = demo_password(&settings);
            let store = crate::app::open_store(&settings, clock)?;
            let passwords = crate::auth::passwords::Passwords::new(settings.argon2)?;
            let annexes = std::sync::Arc::new(crate::annexes::Annexes::open(&settings.annexes)?);
            let users =
                crate::seeds::load(&store, &passwords, dir.as_deref(), &password, &settings.public_url, &annexes)
                    .await?;
            println!("seeded {} demo accounts; their password: {password}", users.len());
            if let Some(proposals) = synthetic {
                synthetic_seed(
                    &store,
                    persistence::SyntheticPlan { proposals, challenge, batch: 10_000, all_under_review: under_review },
                    services.unwrap_or(proposals / 100),
                )
                .await?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::SimilarityRecall { sample } => {
            let store = crate::app::open_store(&settings, clock)?;
            let found = tokio::task::spawn_blocking(move || store.similarity_recall(sample)).await??;
            println!(
                "{}",
                serde_json::json!({
                    "sample": found.sample,
                    "with_similar": found.with_similar,
                    "recall": found.recall,
                    "top_found": found.top_found,
                })
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let store = crate::app::open_store_any_key(&settings, clock)?;
            let verdict = tokio::task::spawn_blocking(move || store.audit_verify()).await??;
            let (message, code) = audit_report(&verdict);
            println!("{message}");
            Ok(ExitCode::from(code))
        }
        Command::Admin { command: AdminCommand::CreateUser { email, roles, name, organization } } => {
            create_user(settings, clock, &email, &roles, name, organization).await
        }
        Command::Openapi => Ok(ExitCode::SUCCESS),
    }
}

/// Adds synthetic proposals in batches, with a progress bar on the terminal.
async fn synthetic_seed(
    store: &persistence::Store,
    plan: persistence::SyntheticPlan,
    services: u64,
) -> anyhow::Result<()> {
    let store = store.clone();
    let started = std::time::Instant::now();
    let report = tokio::task::spawn_blocking(move || {
        let bar = indicatif::ProgressBar::new(plan.proposals).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} proposals {per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let report = store.synthetic_generate_with_services(&plan, services, |done| bar.set_position(done));
        bar.finish_and_clear();
        report
    })
    .await??;
    println!(
        "added {} synthetic proposals, {} submitted reviews and {} catalogue services in {:.1} s",
        report.proposals,
        report.reviews,
        report.services,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn demo_password(settings: &Settings) -> String {
    settings
        .demo_password
        .as_ref()
        .map_or_else(|| format!("demo-{}", &crate::auth::tokens::random_token()[..16]), |p| p.expose().to_owned())
}

async fn serve(settings: Settings, clock: Arc<SystemClock>, demo: Option<Option<PathBuf>>) -> anyhow::Result<ExitCode> {
    let public_url = settings.public_url.clone();
    let demo_settings = settings.clone();
    let running = crate::app::start(settings, clock).await?;
    if let Some(seeds) = demo {
        let password = demo_password(&demo_settings);
        let passwords = crate::auth::passwords::Passwords::new(demo_settings.argon2)?;
        let users =
            crate::seeds::load(&running.store, &passwords, seeds.as_deref(), &password, &demo_settings.public_url, &{
                std::sync::Arc::new(crate::annexes::Annexes::open(&demo_settings.annexes)?)
            })
            .await?;
        println!("\nInnovation Hub demo is running on {} ({:?})", running.addr, running.store.engine());
        println!("  Web:        {public_url}  (log in at {})", public_url.join("login")?);
        println!("  API docs:   {}", public_url.join("docs/")?);
        println!("  OpenAPI:    {}", public_url.join("api/openapi.json")?);
        if demo_settings.smtp_url.is_none() {
            println!("  Emails:     written as .eml files to {}", demo_settings.mail_dir().display());
        }
        println!("\nDemo accounts (password for all: {password}):");
        for seeded in &users {
            let roles: Vec<&str> = seeded.user.roles.iter().map(|r| r.as_str()).collect();
            println!("  {:<42} {:<28} {}", seeded.user.email, roles.join(","), seeded.organization);
        }
        println!("\nOr with the API: curl -s {}api/v1/auth/login -H 'content-type: application/json' \\", public_url);
        println!("          -d '{{\"email\":\"admin@hub.example\",\"password\":\"{password}\"}}'\n");
    } else {
        tracing::info!(addr = %running.addr, web = %public_url, docs = %public_url.join("docs/")?, "serving");
    }
    let handle = running.handle.clone();
    actix_web::rt::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            handle.stop(true).await;
        }
    });
    running.wait().await?;
    Ok(ExitCode::SUCCESS)
}
