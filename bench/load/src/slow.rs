//! The hostile part of the mix: slow readers (an NDJSON stream read at about 2 KB/s, given up
//! after a while, as a phone on a bad line would) and slow clients (request headers trickled
//! one line every 2 s, which the server must cut off at its header timeout).

use crate::http::{connect, find};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The stream a slow reader asks for: big enough that reading it slowly takes minutes.
pub const READER_PATH: &str = "/api/services?format=ndjson&full=true&search=help";

/// How a slow reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReaderEnd {
    /// Read the whole stream.
    Finished,
    /// Refused with 503 (the server's bound on concurrent streams).
    Refused,
    /// Gave up after its life (the server must then free the stream).
    GaveUp,
    /// The server closed or reset the connection mid-stream.
    Cut,
    /// Could not connect or send, or got another status.
    Failed,
}

/// Read `READER_PATH` 1 KB every 0.5 s, for at most `life`.
pub async fn reader(addr: SocketAddr, host: &str, life: Duration) -> ReaderEnd {
    let start = Instant::now();
    let Ok(mut s) = connect(addr).await else {
        return ReaderEnd::Failed;
    };
    let req = format!(
        "GET {READER_PATH} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: haven-load-slow\r\n\r\n"
    );
    if s.write_all(req.as_bytes()).await.is_err() {
        return ReaderEnd::Failed;
    }
    let mut buf = [0u8; 1024];
    let mut head: Vec<u8> = Vec::new();
    let mut status: Option<u16> = None;
    let mut tail: Vec<u8> = Vec::new();
    loop {
        if start.elapsed() >= life {
            return ReaderEnd::GaveUp;
        }
        let n = match tokio::time::timeout(Duration::from_secs(60), s.read(&mut buf)).await {
            Ok(Ok(n)) => n,
            Ok(Err(_)) => return ReaderEnd::Cut,
            Err(_) => return ReaderEnd::Cut,
        };
        if n == 0 {
            // (A 503 returned as soon as its status line came in.)
            return if status == Some(200) && tail.ends_with(b"0\r\n\r\n") {
                ReaderEnd::Finished
            } else {
                ReaderEnd::Cut
            };
        }
        if status.is_none() {
            head.extend_from_slice(&buf[..n]);
            if find(&head, b"\r\n").is_some() {
                let code = std::str::from_utf8(&head)
                    .ok()
                    .and_then(|t| t.split(' ').nth(1))
                    .and_then(|c| c.parse::<u16>().ok());
                match code {
                    Some(503) => return ReaderEnd::Refused,
                    Some(200) => status = Some(200),
                    _ => return ReaderEnd::Failed,
                }
            }
        }
        tail.extend_from_slice(&buf[..n]);
        if tail.len() > 16 {
            tail.drain(..tail.len() - 16);
        }
        if status == Some(200) && tail.ends_with(b"0\r\n\r\n") {
            return ReaderEnd::Finished;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// How a slow client ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClientEnd {
    /// The server closed the connection (or answered and closed) this long after the
    /// connection opened.
    Cut(Duration),
    /// It sent every header line and the server never cut it off: the header timeout failed.
    Outlived,
    /// Could not connect.
    Failed,
}

/// Send a request line, then one header line every 2 s, up to 100 lines.
pub async fn client(addr: SocketAddr) -> ClientEnd {
    let start = Instant::now();
    let Ok(s) = connect(addr).await else {
        return ClientEnd::Failed;
    };
    let (mut r, mut w) = s.into_split();
    if w.write_all(b"GET / HTTP/1.1\r\n").await.is_err() {
        return ClientEnd::Cut(start.elapsed());
    }
    let mut buf = [0u8; 512];
    for i in 0..100 {
        // Waiting for the next line is also listening for the server giving up on us.
        match tokio::time::timeout(Duration::from_secs(2), r.read(&mut buf)).await {
            Err(_) => {}
            Ok(Ok(0)) | Ok(Err(_)) => return ClientEnd::Cut(start.elapsed()),
            // An answer (a 408) comes before the close; keep reading to the close.
            Ok(Ok(_)) => continue,
        }
        if w.write_all(format!("X-Slow-{i}: x\r\n").as_bytes())
            .await
            .is_err()
        {
            return ClientEnd::Cut(start.elapsed());
        }
    }
    ClientEnd::Outlived
}
