//! One chromedriver process per test, on a free port, killed (with the
//! Chromium processes it started) when the test ends.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::waiting::wait_until;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub(crate) struct ChromeDriver {
    process: Child,
    port: u16,
}

impl ChromeDriver {
    /// Starts chromedriver, logging to `log_file`, and waits until it listens.
    pub(crate) async fn start(log_file: &Path) -> Self {
        let port = free_port();
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log_file.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // A process group of its own: dropping the driver ends the
            // browsers it started too, even when a session was never closed.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| {
                panic!("{CHROMEDRIVER} must be installed (apt install chromium-driver): {error}")
            });
        let driver = Self { process, port };
        wait_until("chromedriver listens", Duration::from_secs(10), || async {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .await;
        driver
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The negative id names the whole group: chromedriver and every
        // Chromium process it started, and nothing else.
        let group = format!("-{}", self.process.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
        .port()
}
