use clap::Parser;
use clap::error::ErrorKind;

use silent_renew::config::Config;
use silent_renew::startup::Application;
use silent_renew::telemetry;

/// Keeps browser users signed in, silently and safely. Every setting is an
/// environment variable with a matching flag.
#[derive(Parser)]
#[command(name = "silent-renew", version)]
struct Cli {
    #[command(flatten)]
    config: Config,
}

fn main() -> std::process::ExitCode {
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
    if let Err(message) = telemetry::init(&cli.config.log_filter) {
        return fail(&message);
    }
    let outcome = actix_web::rt::System::new().block_on(async {
        let application = Application::build(cli.config).await?;
        application.run_until_stopped().await?;
        anyhow::Ok(())
    });
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => fail(&format!("{error:#}")),
    }
}

/// One clear line naming what to fix, then a non-zero exit.
fn fail(message: &str) -> std::process::ExitCode {
    let first_line = message.lines().next().unwrap_or(message);
    eprintln!("silent-renew: {}", first_line.trim_start_matches("error: "));
    std::process::ExitCode::from(2)
}
