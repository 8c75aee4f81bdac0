//! The binary as an operator runs it: settings refused with one clear line,
//! graceful shutdown, and no session lost to a crash. These run the real
//! executable on the embedded SQLite default in a temp folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_silent-renew");

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "silent-renew-process-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A server process, its port read from its "listening" log line.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data_dir: &Path) -> Self {
        let mut child = Command::new(BINARY)
            .args(["--bind-addr", "127.0.0.1:0", "--cookie-secure", "false"])
            .arg("--data-dir")
            .arg(data_dir)
            .env_clear()
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let port: String = line[at + 17..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    let _ = sender.send(port.parse::<u16>().unwrap());
                }
            }
        });
        let port = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server logs its address");
        Self { child, port }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait_for_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "the server did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange over a fresh connection: (status, raw response).
fn exchange(port: u16, method: &str, path: &str, cookies: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{}",
        request_head(port, method, path, cookies, body.len())
    )
    .unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    read_response(stream)
}

fn request_head(port: u16, method: &str, path: &str, cookies: &str, length: usize) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
    )
}

fn read_response(mut stream: TcpStream) -> (u16, String) {
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// The `name=value` pairs of every Set-Cookie in a raw response.
fn cookies_of(response: &str) -> String {
    response
        .lines()
        .filter_map(|line| line.strip_prefix("set-cookie: "))
        .map(|cookie| cookie.split(';').next().unwrap())
        .collect::<Vec<_>>()
        .join("; ")
}

fn register(port: u16, username: &str) -> String {
    let body = format!(r#"{{"username":"{username}","password":"correct horse battery"}}"#);
    let (status, response) = exchange(port, "POST", "/api/register", "", &body);
    assert_eq!(status, 201, "{response}");
    cookies_of(&response)
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let data_dir = TempDir::new("config");
    let output = Command::new(BINARY)
        .args(args)
        .arg("--data-dir")
        .arg(&data_dir.0)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_bad_setting_stops_the_start_with_one_line_naming_the_variable() {
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("ACCESS_TOKEN_TTL", "soon")], "ACCESS_TOKEN_TTL"),
        (&[("SECRET_KEY", "too short")], "SECRET_KEY"),
        (&[("RENEW_RATE_LIMIT", "lots")], "RENEW_RATE_LIMIT"),
        (&[("DATABASE_URL", "postgres://nowhere/db")], "SECRET_KEY"),
        (&[("BIND_ADDR", "not an address")], "BIND_ADDR"),
    ];
    for (env, variable) in cases {
        let (code, stderr) = run_with(&[], env);
        assert_ne!(code, 0, "{env:?}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(variable), "{variable} named in: {stderr}");
    }
}

#[test]
fn help_lists_every_setting_with_its_variable() {
    let output = Command::new(BINARY)
        .arg("--help")
        .env_clear()
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for variable in [
        "BIND_ADDR",
        "DATA_DIR",
        "DATABASE_URL",
        "PUBLIC_ORIGIN",
        "SECRET_KEY",
        "PREVIOUS_SECRET_KEYS",
        "ACCESS_TOKEN_TTL",
        "REFRESH_IDLE_TTL",
        "SESSION_MAX_AGE",
        "RENEW_GRACE",
        "TRUSTED_PROXIES",
        "LOGIN_RATE_LIMIT",
        "RENEW_RATE_LIMIT",
        "COOKIE_SECURE",
        "RUST_LOG",
    ] {
        assert!(
            help.contains(&format!("[env: {variable}")),
            "{variable} in --help"
        );
    }
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits_cleanly() {
    let data_dir = TempDir::new("sigterm");
    let mut server = Server::start(&data_dir.0);
    register(server.port, "alice");

    // A request whose body is still arriving when the signal comes.
    let body = r#"{"username":"alice","password":"correct horse battery"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{}",
        request_head(server.port, "POST", "/api/login", "", body.len())
    )
    .unwrap();
    stream.write_all(&body.as_bytes()[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal("-TERM");
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body.as_bytes()[10..]).unwrap();

    let (status, response) = read_response(stream);
    assert_eq!(status, 200, "the request in flight finished: {response}");
    let exit = server.wait_for_exit(Duration::from_secs(15));
    assert!(exit.success(), "exit status {exit:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "no longer listening"
    );
}

#[test]
fn a_killed_server_loses_no_session() {
    let data_dir = TempDir::new("kill");
    let server = Server::start(&data_dir.0);
    let cookies = register(server.port, "bob");
    let refresh = cookies
        .split("; ")
        .find(|c| c.starts_with("refresh="))
        .unwrap()
        .to_owned();
    let access = cookies
        .split("; ")
        .find(|c| c.starts_with("access="))
        .unwrap()
        .to_owned();
    server.signal("-KILL");
    drop(server);

    let restarted = Server::start(&data_dir.0);
    let (status, _) = exchange(restarted.port, "GET", "/api/me", &access, "");
    assert_eq!(status, 200);
    let (status, response) = exchange(restarted.port, "POST", "/auth/renew", &refresh, "");
    assert_eq!(status, 200, "{response}");
}

fn command(data_dir: &Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(BINARY)
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn operator_commands_migrate_add_users_prune_and_check_the_config() {
    let data_dir = TempDir::new("commands");

    let (ok, out, _) = command(&data_dir.0, &["migrate"], "");
    assert!(ok && out.contains("migration(s) applied"), "{out}");

    let (ok, out, err) = command(
        &data_dir.0,
        &["user", "add", "operator"],
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("created operator"));
    let (ok, _, err) = command(
        &data_dir.0,
        &["user", "add", "operator"],
        "a long enough password\n",
    );
    assert!(!ok && err.contains("taken"), "{err}");
    let (ok, _, err) = command(&data_dir.0, &["user", "add", "weak"], "short\n");
    assert!(!ok && err.contains("8 characters"), "{err}");

    let server = Server::start(&data_dir.0);
    let body = r#"{"username":"operator","password":"a long enough password"}"#;
    assert_eq!(exchange(server.port, "POST", "/api/login", "", body).0, 200);
    drop(server);

    let (ok, out, _) = command(&data_dir.0, &["sessions", "prune"], "");
    assert!(ok && out.contains("expired session(s) deleted"), "{out}");

    let (ok, out, _) = command(
        &data_dir.0,
        &[
            "--secret-key",
            "a secret master key that nobody may read",
            "config",
            "check",
        ],
        "",
    );
    assert!(ok, "{out}");
    assert!(out.contains("SECRET_KEY") && out.contains("[redacted]"));
    assert!(!out.contains("nobody may read"));
    assert!(out.contains("configuration is valid"));
}

#[test]
fn every_command_explains_itself_with_help() {
    let data_dir = TempDir::new("help");
    for words in [
        &["serve"][..],
        &["migrate"],
        &["user", "add"],
        &["sessions", "prune"],
        &["config", "check"],
    ] {
        let mut args = words.to_vec();
        args.push("--help");
        let (ok, out, err) = command(&data_dir.0, &args, "");
        let usage = format!("Usage: silent-renew {}", words.join(" "));
        assert!(ok, "{args:?}: {err}");
        assert!(out.contains(&usage), "{args:?} printed: {out}");
        assert!(
            out.contains("--database-url"),
            "{args:?} lists the settings: {out}"
        );
    }
}
