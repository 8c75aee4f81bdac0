use std::io::Read;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

use silent_renew::cli;
use silent_renew::config::Config;
use silent_renew::startup::Application;
use silent_renew::telemetry;

/// Keeps browser users signed in, silently and safely. Every setting is an
/// environment variable with a matching flag.
#[derive(Parser)]
#[command(name = "silent-renew", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    config: Config,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Run the database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Manage sessions.
    Sessions {
        #[command(subcommand)]
        action: SessionsCommand,
    },
    /// Inspect the configuration.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; its password is read from standard input.
    Add {
        /// 3–32 characters of a-z 0-9 _ . -
        username: String,
    },
}

#[derive(Subcommand)]
enum SessionsCommand {
    /// Delete every session past its idle or absolute expiry.
    Prune,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the settings and print them, secrets redacted.
    Check,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            error.exit()
        }
        Err(error) => return fail(&error.to_string()),
    };
    if let Err(message) = telemetry::init(&cli.config.log_filter, cli.config.log_format) {
        return fail(&message);
    }
    if let Err(message) = cli.config.validate() {
        return fail(&message);
    }
    let config = cli.config;
    let outcome = actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                Application::build(config)
                    .await?
                    .run_until_stopped()
                    .await?;
            }
            Command::Migrate => {
                let applied = cli::migrate(&config)?;
                println!("{applied} migration(s) applied; the schema is up to date");
            }
            Command::User {
                action: UserCommand::Add { username },
            } => {
                let password = read_password()?;
                let id = cli::add_user(&config, &username, password).await?;
                println!("created {username} (id {id})");
            }
            Command::Sessions {
                action: SessionsCommand::Prune,
            } => {
                let deleted = cli::prune_sessions(&config).await?;
                println!("{deleted} expired session(s) deleted");
            }
            Command::Config {
                action: ConfigCommand::Check,
            } => {
                print!("{}", cli::describe(&config));
                println!("configuration is valid");
            }
        }
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // `#`: with its causes, on one line.
        Err(error) => fail(&format!("{error:#}")),
    }
}

/// The password on standard input: its first line, without the newline.
fn read_password() -> std::io::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    Ok(input.lines().next().unwrap_or_default().to_owned())
}

/// One clear line naming what to fix, then a non-zero exit.
fn fail(message: &str) -> ExitCode {
    let first_line = message.lines().next().unwrap_or(message);
    eprintln!("silent-renew: {}", first_line.trim_start_matches("error: "));
    ExitCode::from(2)
}
