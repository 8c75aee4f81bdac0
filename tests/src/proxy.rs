//! A TCP proxy between the app and PostgreSQL that a test can cut and
//! restore: a database outage without touching the shared server.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub struct TcpProxy {
    port: u16,
    shared: Arc<Shared>,
}

struct Shared {
    cut: AtomicBool,
    frozen: AtomicBool,
    open: Mutex<Vec<TcpStream>>,
    stopped: AtomicBool,
}

impl TcpProxy {
    pub fn start(upstream: SocketAddr) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            cut: AtomicBool::new(false),
            frozen: AtomicBool::new(false),
            open: Mutex::new(Vec::new()),
            stopped: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if accepting.stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let server = if accepting.cut.load(Ordering::SeqCst) {
                    None
                } else {
                    TcpStream::connect(upstream).ok()
                };
                // Checked again under the lock `cut` takes: a connection
                // made while the cut happens must not outlive it.
                let mut open = accepting.open.lock().unwrap();
                let Some(server) = server.filter(|_| !accepting.cut.load(Ordering::SeqCst)) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                if let (Ok(c), Ok(s)) = (client.try_clone(), server.try_clone()) {
                    open.extend([c, s]);
                }
                drop(open);
                pipe(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    accepting.clone(),
                );
                pipe(server, client, accepting.clone());
            }
        });
        Ok(Self { port, shared })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Drops every open connection and refuses new ones: the database is gone.
    pub fn cut(&self) {
        let mut open = self.shared.open.lock().unwrap();
        self.shared.cut.store(true, Ordering::SeqCst);
        for stream in open.drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// Keeps every connection open but passes nothing on: a hung server.
    pub fn freeze(&self) {
        self.shared.frozen.store(true, Ordering::SeqCst);
    }

    pub fn restore(&self) {
        self.shared.cut.store(false, Ordering::SeqCst);
        self.shared.frozen.store(false, Ordering::SeqCst);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.cut();
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, shared: Arc<Shared>) {
    thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            let read = match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => read,
            };
            while shared.frozen.load(Ordering::SeqCst) && !shared.stopped.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(10));
            }
            if to.write_all(&buffer[..read]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Both);
        let _ = from.shutdown(Shutdown::Both);
    });
}
