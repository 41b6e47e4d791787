//! `haven serve`: the web app (crate `web`) on the configured store, on a tokio runtime, in a
//! process that leaves no core dump and has the file descriptors its connection cap needs.
//!
//! It listens as soon as the store is open and builds the search index meanwhile: the log says
//! `haven: listening on http://ADDR/ ...` at once (`/healthz` and `/readyz` answer from then
//! on) and `haven: serving on http://ADDR/ ...` once the index is built and every page can be
//! answered; scripts wait for the second line. SIGTERM or Ctrl-C drains open requests and
//! exits 0.

use anyhow::{Context, Result};
use std::sync::Arc;
use std::time::Duration;

/// Descriptors kept for the store, the export files and the runtime, beyond the connections.
const FD_RESERVE: u64 = 128;

/// Create and load the store on first start only: a missing file is made and gets the bundled
/// directory (said in the log); an existing empty one that can be written gets it too. A store
/// that exists is never replaced.
pub fn first_start(db: &str) -> Result<()> {
    let missing = !store::exists(db)?;
    let opts = store::OpenOptions {
        create: missing,
        ..store::OpenOptions::default()
    };
    let mut st =
        store::open_with(db, &opts).with_context(|| format!("opening the store at {db}"))?;
    if missing {
        eprintln!("haven: first start: created {}", st.describe());
    }
    if !st.is_read_only() && store::is_empty(st.as_ref())? {
        let report = crate::bundled::load(st.as_mut())?;
        let n: u64 = report.tally.values().map(|t| t.created).sum();
        eprintln!("haven: new store: loaded the bundled directory ({n} records).");
    }
    Ok(())
}

/// Start the site and serve until stopped. The store is opened again by the web app (it keeps
/// a pool of connections); `db` is the store URL.
pub fn serve(db: &str, addr: &str, mut config: web::Config) -> Result<()> {
    harden();
    let fds = raise_fd_limit();
    let cap = config.limits.max_connections as u64;
    if let Some(n) = fds.filter(|n| *n < cap + FD_RESERVE) {
        let lower = usize::try_from(n.saturating_sub(FD_RESERVE).max(16)).unwrap_or(16);
        eprintln!(
            "haven: the open-file limit is {n}; serving at most {lower} connections (not {cap})"
        );
        config.limits.max_connections = lower;
    }
    let state = web::AppState::open_deferred(config, db).context("cannot start the site")?;
    let state = Arc::new(state);
    // The state holds PostgreSQL connections, whose own runtime must not be dropped inside
    // this one: the last reference is dropped here, after the runtime has stopped.
    let keep = state.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr().context("no local address")?;
        eprintln!(
            "haven: listening on http://{local}/ and building the search index (/readyz says \
             when it is ready)"
        );
        let ready = state.clone();
        tokio::spawn(async move {
            ready.wait_ready().await;
            eprintln!("haven: serving on http://{local}/ (Ctrl-C stops)");
        });
        web::serve(listener, state)
            .await
            .context("the server stopped with an error")
    });
    // A request cut off at the drain deadline may still hold a blocking thread (a slow store
    // read): do not wait for it.
    rt.shutdown_timeout(Duration::from_millis(500));
    drop(keep);
    served
}

/// A number of seconds as a flag gives it (`1`, `0.25`), for the serve flags that take one.
pub fn seconds(text: &str) -> Result<Duration, String> {
    let n: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("\"{text}\" is not a number of seconds (like 1 or 0.5)"))?;
    if !(0.0..=86_400.0).contains(&n) {
        return Err(format!(
            "\"{text}\" is out of range: give 0 to 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(n))
}

/// No core dumps and no ptrace by other processes of the same user: a crash must not write
/// what people searched for to disk.
fn harden() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls with constant arguments.
    unsafe {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::setrlimit(libc::RLIMIT_CORE, &zero) != 0 {
            eprintln!("haven: could not turn core dumps off");
        }
        if libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 {
            eprintln!("haven: could not mark the process non-dumpable");
        }
    }
}

/// Raise the soft open-file limit to the hard one; the limit now in force.
fn raise_fd_limit() -> Option<u64> {
    #[cfg(unix)]
    // SAFETY: getrlimit/setrlimit on a local struct.
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) != 0 {
            return None;
        }
        if l.rlim_cur < l.rlim_max {
            let want = libc::rlimit {
                rlim_cur: l.rlim_max,
                rlim_max: l.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &want) == 0 {
                l.rlim_cur = l.rlim_max;
            }
        }
        #[allow(clippy::useless_conversion)] // rlim_t is not u64 everywhere
        Some(u64::try_from(l.rlim_cur).unwrap_or(u64::MAX))
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_take_whole_and_fractional_numbers_and_refuse_the_rest_saying_why() {
        assert_eq!(seconds("1"), Ok(Duration::from_secs(1)));
        assert_eq!(seconds(" 0.25 "), Ok(Duration::from_millis(250)));
        assert_eq!(seconds("0"), Ok(Duration::ZERO));
        for bad in ["-1", "NaN", "inf", "1e9"] {
            let e = seconds(bad).expect_err(bad);
            assert!(e.contains("out of range"), "{bad}: {e}");
        }
        let e = seconds("5s").expect_err("5s");
        assert!(e.contains("\"5s\" is not a number of seconds"), "{e}");
    }
}
