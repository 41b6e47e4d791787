//! A minimal HTTP/1.1 client over one keep-alive TCP connection: GET a path, read the whole
//! response (Content-Length, chunked, or to the end), say whether the connection can be reused,
//! and name what went wrong when it fails, by kind.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What went wrong with one request, coarse enough to count by kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Failure {
    /// The server refused the TCP connection.
    ConnectRefused,
    /// Connecting failed some other way.
    Connect(String),
    /// The server reset the connection.
    Reset,
    /// The server closed the connection before the whole response arrived.
    ClosedEarly,
    /// No whole response within the request timeout.
    Timeout,
    /// The bytes were not an HTTP/1.1 response this client understands.
    BadResponse(&'static str),
    /// Another I/O error.
    Io(String),
    /// A whole response, but not 2xx or 3xx.
    Status(u16),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::ConnectRefused => write!(f, "connection refused"),
            Failure::Connect(e) => write!(f, "connect: {e}"),
            Failure::Reset => write!(f, "connection reset"),
            Failure::ClosedEarly => write!(f, "closed before the response ended"),
            Failure::Timeout => write!(f, "timeout"),
            Failure::BadResponse(why) => write!(f, "bad response ({why})"),
            Failure::Io(e) => write!(f, "I/O: {e}"),
            Failure::Status(s) => write!(f, "HTTP {s}"),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe => Failure::Reset,
            io::ErrorKind::UnexpectedEof => Failure::ClosedEarly,
            io::ErrorKind::TimedOut => Failure::Timeout,
            _ => Failure::Io(e.kind().to_string()),
        }
    }
}

/// One response, read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Body bytes read.
    pub body_bytes: usize,
    /// Whether the connection may carry another request.
    pub keep_alive: bool,
}

/// Open a TCP connection to `addr`, failing as [`Failure::ConnectRefused`] or
/// [`Failure::Connect`].
pub async fn connect(addr: SocketAddr) -> Result<TcpStream, Failure> {
    let s = TcpStream::connect(addr).await.map_err(|e| match e.kind() {
        io::ErrorKind::ConnectionRefused => Failure::ConnectRefused,
        _ => Failure::Connect(e.kind().to_string()),
    })?;
    s.set_nodelay(true).map_err(Failure::from)?;
    Ok(s)
}

/// A keep-alive connection as a browser or proxy pools it.
pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// When the last response ended (a connection idle for long is not reused: the server may
    /// be closing it at that moment).
    pub idle_since: Instant,
}

impl Conn {
    /// Connect anew.
    pub async fn open(addr: SocketAddr) -> Result<Conn, Failure> {
        Ok(Conn {
            stream: connect(addr).await?,
            buf: Vec::with_capacity(16 * 1024),
            idle_since: Instant::now(),
        })
    }

    /// GET `path` and read the whole response.
    pub async fn get(&mut self, host: &str, path: &str) -> Result<Response, Failure> {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: haven-load\r\nAccept: */*\r\n\r\n"
        );
        self.stream.write_all(req.as_bytes()).await?;
        self.buf.clear();
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            if self.buf.len() > 64 * 1024 {
                return Err(Failure::BadResponse("headers over 64 KiB"));
            }
            self.fill().await?;
        };
        let head = parse_head(&self.buf[..head_end])?;
        let mut body_bytes = 0;
        let mut keep_alive = head.keep_alive;
        match head.framing {
            Framing::Length(n) => {
                while self.buf.len() - head_end < n {
                    self.fill().await?;
                }
                body_bytes = n;
            }
            Framing::Chunked => {
                let mut pos = head_end;
                loop {
                    let line_end = loop {
                        if let Some(i) = find(&self.buf[pos..], b"\r\n") {
                            break pos + i;
                        }
                        self.fill().await?;
                    };
                    let size_text = std::str::from_utf8(&self.buf[pos..line_end])
                        .map_err(|_| Failure::BadResponse("chunk size"))?;
                    let size_text = size_text.split(';').next().unwrap_or("").trim();
                    let size = usize::from_str_radix(size_text, 16)
                        .map_err(|_| Failure::BadResponse("chunk size"))?;
                    let need = line_end + 2 + size + 2;
                    while self.buf.len() < need {
                        self.fill().await?;
                    }
                    if size == 0 {
                        break;
                    }
                    body_bytes += size;
                    // Drop what is read so a long stream does not pile up in memory.
                    self.buf.drain(..need);
                    pos = 0;
                }
            }
            Framing::ToEnd => {
                body_bytes = self.buf.len() - head_end;
                let mut chunk = [0u8; 16 * 1024];
                loop {
                    let n = self.stream.read(&mut chunk).await?;
                    if n == 0 {
                        break;
                    }
                    body_bytes += n;
                }
                keep_alive = false;
            }
        }
        self.idle_since = Instant::now();
        if !(200..400).contains(&head.status) {
            return Err(Failure::Status(head.status));
        }
        Ok(Response {
            status: head.status,
            body_bytes,
            keep_alive,
        })
    }

    async fn fill(&mut self) -> Result<(), Failure> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(Failure::ClosedEarly);
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// A connection that has been idle this long is closed rather than reused.
pub const MAX_IDLE: Duration = Duration::from_secs(2);

enum Framing {
    Length(usize),
    Chunked,
    ToEnd,
}

struct Head {
    status: u16,
    framing: Framing,
    keep_alive: bool,
}

fn parse_head(head: &[u8]) -> Result<Head, Failure> {
    let text = std::str::from_utf8(head).map_err(|_| Failure::BadResponse("headers not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/1.") {
        return Err(Failure::BadResponse("status line"));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or(Failure::BadResponse("status code"))?;
    let mut framing = Framing::ToEnd;
    let mut keep_alive = version == "HTTP/1.1";
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let n = value
                .parse::<usize>()
                .map_err(|_| Failure::BadResponse("content-length"))?;
            framing = Framing::Length(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            && value.to_ascii_lowercase().contains("chunked")
        {
            framing = Framing::Chunked;
        } else if name.eq_ignore_ascii_case("connection") {
            keep_alive = !value.eq_ignore_ascii_case("close");
        }
    }
    // A status without a body (1xx, 204, 304) ends at the headers.
    if status == 204 || status == 304 || (100..200).contains(&status) {
        framing = Framing::Length(0);
    }
    Ok(Head {
        status,
        framing,
        keep_alive,
    })
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// A server that answers each request on one connection with the next canned reply.
    async fn serve(replies: Vec<&'static [u8]>) -> SocketAddr {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = l.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            for r in replies {
                let mut got = Vec::new();
                while find(&got, b"\r\n\r\n").is_none() {
                    let n = s.read(&mut buf).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                }
                s.write_all(r).await.unwrap();
            }
        });
        addr
    }

    #[test]
    fn reads_length_and_chunked_bodies_on_one_connection() {
        rt().block_on(async {
            let addr = serve(vec![
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy",
            ])
            .await;
            let mut c = Conn::open(addr).await.unwrap();
            let r = c.get("h", "/a").await.unwrap();
            assert_eq!((r.status, r.body_bytes, r.keep_alive), (200, 5, true));
            let r = c.get("h", "/b").await.unwrap();
            assert_eq!((r.status, r.body_bytes, r.keep_alive), (200, 5, true));
            assert_eq!(c.get("h", "/c").await, Err(Failure::Status(503)));
            // The server is gone now: the next request fails as a closed connection.
            let e = c.get("h", "/d").await.unwrap_err();
            assert!(
                matches!(e, Failure::ClosedEarly | Failure::Reset),
                "got {e}"
            );
        });
    }

    #[test]
    fn a_cut_body_and_garbage_are_failures() {
        rt().block_on(async {
            let addr = serve(vec![b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"]).await;
            let mut c = Conn::open(addr).await.unwrap();
            assert_eq!(c.get("h", "/").await, Err(Failure::ClosedEarly));
            let addr = serve(vec![b"SSH-2.0-nope\r\n\r\n"]).await;
            let mut c = Conn::open(addr).await.unwrap();
            assert_eq!(
                c.get("h", "/").await,
                Err(Failure::BadResponse("status line"))
            );
        });
    }

    #[test]
    fn a_closed_port_is_refused() {
        rt().block_on(async {
            let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = l.local_addr().unwrap();
            drop(l);
            assert_eq!(Conn::open(addr).await.err(), Some(Failure::ConnectRefused));
        });
    }
}
