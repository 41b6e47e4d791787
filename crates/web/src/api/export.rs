//! Precomputed full exports: the NDJSON of a whole table (`/api/services?format=ndjson`, with
//! or without `full`/`minimal`) is written once per directory version into a file and then
//! served from it, so a thousand requests for "everything" cost one walk of the store, not a
//! thousand (a full export is seconds of CPU at a million services). A new file is written when
//! the directory's change sequence moves; the folder is private to this process and removed
//! when the app stops.

use crate::WebError;
use axum::body::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll};

/// How many different exports (table and form) are kept at once; the oldest goes first.
const MAX_KEPT: usize = 16;

/// The export files of one app.
pub struct Exports {
    dir: PathBuf,
    /// One export is generated at a time (they are the expensive kind).
    generating: tokio::sync::Mutex<()>,
    /// key -> (directory sequence, file, when written).
    files: Mutex<HashMap<String, (u64, PathBuf, u64)>>,
    written: AtomicU64,
}

impl Exports {
    /// A new, empty folder for this app's exports under the system's temporary folder.
    pub fn new() -> Result<Exports, WebError> {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "haven-exports-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        remove_stale(&std::env::temp_dir());
        std::fs::create_dir_all(&dir).map_err(|e| {
            WebError::Internal(format!(
                "cannot create the export folder {}: {e}",
                dir.display()
            ))
        })?;
        Ok(Exports {
            dir,
            generating: tokio::sync::Mutex::new(()),
            files: Mutex::new(HashMap::new()),
            written: AtomicU64::new(0),
        })
    }

    /// The finished export for `key` at directory version `seq`, if there is one.
    pub fn ready(&self, key: &str, seq: u64) -> Option<PathBuf> {
        let g = self.files.lock().unwrap_or_else(|p| p.into_inner());
        g.get(key)
            .filter(|(s, p, _)| *s == seq && p.exists())
            .map(|(_, p, _)| p.clone())
    }

    /// Wait for the right to generate an export.
    pub async fn generating(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.generating.lock().await
    }

    /// Where an export being written goes until it is complete.
    pub fn scratch(&self) -> PathBuf {
        let n = self.written.fetch_add(1, Ordering::Relaxed);
        self.dir.join(format!("part-{n}.tmp"))
    }

    /// Make a completely written file the export for `key` at `seq` (dropping older ones).
    pub fn publish(&self, key: &str, seq: u64, written: &Path) -> Result<PathBuf, WebError> {
        let n = self.written.fetch_add(1, Ordering::Relaxed);
        let done = self.dir.join(format!("export-{n}.ndjson"));
        std::fs::rename(written, &done)
            .map_err(|e| WebError::Internal(format!("cannot keep the export: {e}")))?;
        let mut g = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, old, _)) = g.insert(key.to_string(), (seq, done.clone(), n)) {
            let _ = std::fs::remove_file(old);
        }
        while g.len() > MAX_KEPT {
            let oldest = g
                .iter()
                .min_by_key(|(_, (_, _, at))| *at)
                .map(|(k, _)| k.clone());
            match oldest.and_then(|k| g.remove(&k)) {
                Some((_, p, _)) => {
                    let _ = std::fs::remove_file(p);
                }
                None => break,
            }
        }
        Ok(done)
    }

    /// How many exports were written so far (tests: the second request must not write).
    pub fn generated(&self) -> usize {
        let g = self.files.lock().unwrap_or_else(|p| p.into_inner());
        g.len()
    }
}

/// Remove export folders left under `tmp` by haven processes that were killed rather than
/// stopped (their `Drop` never ran), so test runs and crashes do not pile them up. Only folders
/// named as [`Exports::new`] names them whose process is gone (Linux: no `/proc/PID`) go.
fn remove_stale(tmp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix("haven-exports-")) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), n.parse::<u64>()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

impl Drop for Exports {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A response body read from an export file as the client reads it (no thread waits on a
/// client that stopped reading).
pub struct FileBody {
    file: tokio::fs::File,
    buf: Vec<u8>,
}

impl FileBody {
    /// Open an export for reading.
    pub async fn open(path: &Path) -> std::io::Result<FileBody> {
        Ok(FileBody {
            file: tokio::fs::File::open(path).await?,
            buf: vec![0; 64 * 1024],
        })
    }
}

impl futures_core::Stream for FileBody {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let me = self.get_mut();
        let mut rb = tokio::io::ReadBuf::new(&mut me.buf);
        match tokio::io::AsyncRead::poll_read(Pin::new(&mut me.file), cx, &mut rb) {
            Poll::Ready(Ok(())) if rb.filled().is_empty() => Poll::Ready(None),
            Poll::Ready(Ok(())) => Poll::Ready(Some(Ok(Bytes::copy_from_slice(rb.filled())))),
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_dead_processes_go_and_live_ones_stay() {
        let tmp = tempfile::tempdir().unwrap();
        // No process can have this pid (above the kernel's largest pid_max).
        let dead = tmp.path().join("haven-exports-4294967294-0");
        let live = tmp
            .path()
            .join(format!("haven-exports-{}-7", std::process::id()));
        let other = tmp.path().join("haven-exports-notes");
        for d in [&dead, &live, &other] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("export-0.ndjson"), b"{}").unwrap();
        }
        remove_stale(tmp.path());
        assert!(!dead.exists(), "a dead process's folder should be removed");
        assert!(live.exists(), "a running process's folder must stay");
        assert!(other.exists(), "a folder not named by haven must stay");
    }
}
