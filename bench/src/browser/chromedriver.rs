//! Starts chromedriver on a free port and a headless Chromium session in a
//! fresh profile; chromedriver and the profile go away when the `Browser`
//! is dropped.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub struct BrowserPaths {
    pub chromium: String,
    pub chromedriver: String,
}

/// Chromium as the test suites run it (as root, so without its sandbox),
/// with everything that would make background traffic turned off.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub struct Browser {
    pub client: Client,
    _driver: DriverProcess,
}

impl Browser {
    pub async fn start(paths: &BrowserPaths) -> Result<Self, String> {
        let port = free_port()?;
        let driver = DriverProcess {
            child: Command::new(&paths.chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|error| format!("cannot start {}: {error}", paths.chromedriver))?,
            profile: std::env::temp_dir()
                .join(format!("silent-renew-bench-profile-{}", std::process::id())),
        };
        wait_until_listening(port)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|&arg| arg.to_owned()).collect();
        args.push(format!("--user-data-dir={}", driver.profile.display()));
        let capabilities = json!({
            "goog:chromeOptions": { "binary": paths.chromium, "args": args }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|error| format!("cannot open a Chromium session: {error}"))?;
        Ok(Self {
            client,
            _driver: driver,
        })
    }
}

struct DriverProcess {
    child: Child,
    profile: PathBuf,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    Ok(listener
        .local_addr()
        .map_err(|error| error.to_string())?
        .port())
}

fn wait_until_listening(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not start listening within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}
