//! Where content comes from: the copy of `content/` built into the binary (so `haven serve` runs
//! anywhere out of the box), or a folder on disk (to check or preview edits without a rebuild).

use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// A content tree: the shipped one, or one on disk.
#[derive(Debug, Clone)]
pub enum Source {
    /// `content/` as it was when haven was built.
    Embedded,
    /// A folder laid out like `content/`.
    Dir(PathBuf),
}

/// One content file: its path relative to the content root (always `/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path, e.g. `locales/en/site.ftl`.
    pub path: String,
    /// The file's text (UTF-8).
    pub text: String,
}

/// A content file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ReadError {
    /// Which file or folder.
    pub path: String,
    /// What went wrong, in words.
    pub reason: String,
}

impl Source {
    /// Every file under `folder` (relative to the content root) whose name ends with `ext`,
    /// recursively, sorted by path so loading is deterministic. A missing folder is empty.
    pub fn files(&self, folder: &str, ext: &str) -> Result<Vec<File>, ReadError> {
        let mut out = Vec::new();
        match self {
            Source::Embedded => {
                if let Some(d) = EMBEDDED.get_dir(folder) {
                    collect_embedded(d, ext, &mut out)?;
                }
            }
            Source::Dir(root) => {
                let start = root.join(folder);
                if start.is_dir() {
                    collect_disk(root, &start, ext, &mut out)?;
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The names of the sub-folders of `folder`, sorted (e.g. the locales under `locales`).
    pub fn subfolders(&self, folder: &str) -> Result<Vec<String>, ReadError> {
        let mut names: Vec<String> = match self {
            Source::Embedded => EMBEDDED
                .get_dir(folder)
                .map(|d| {
                    d.dirs()
                        .filter_map(|s| s.path().file_name()?.to_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Dir(root) => {
                let dir = root.join(folder);
                if !dir.is_dir() {
                    return Ok(Vec::new());
                }
                let rd = std::fs::read_dir(&dir).map_err(|e| read_error(&dir, e))?;
                let mut v = Vec::new();
                for entry in rd {
                    let entry = entry.map_err(|e| read_error(&dir, e))?;
                    if entry.path().is_dir() {
                        if let Some(n) = entry.file_name().to_str() {
                            v.push(n.to_string());
                        }
                    }
                }
                v
            }
        };
        names.sort();
        Ok(names)
    }

    /// One file's bytes (videos, captions, images), or None when it does not exist.
    pub fn bytes(&self, path: &str) -> Result<Option<Vec<u8>>, ReadError> {
        if path.split('/').any(|part| part == ".." || part.is_empty()) {
            return Ok(None);
        }
        match self {
            Source::Embedded => Ok(EMBEDDED.get_file(path).map(|f| f.contents().to_vec())),
            Source::Dir(root) => {
                let p = root.join(path);
                if !p.is_file() {
                    return Ok(None);
                }
                std::fs::read(&p).map(Some).map_err(|e| read_error(&p, e))
            }
        }
    }

    /// A short description for messages ("the built-in content", "content folder ./content").
    pub fn describe(&self) -> String {
        match self {
            Source::Embedded => "the built-in content".to_string(),
            Source::Dir(p) => format!("content folder {}", p.display()),
        }
    }
}

fn collect_embedded(d: &Dir<'static>, ext: &str, out: &mut Vec<File>) -> Result<(), ReadError> {
    for f in d.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if path.ends_with(ext) {
            let text = f.contents_utf8().ok_or_else(|| ReadError {
                path: path.clone(),
                reason: "is not UTF-8 text".to_string(),
            })?;
            out.push(File {
                path,
                text: text.to_string(),
            });
        }
    }
    for sub in d.dirs() {
        collect_embedded(sub, ext, out)?;
    }
    Ok(())
}

fn collect_disk(root: &Path, dir: &Path, ext: &str, out: &mut Vec<File>) -> Result<(), ReadError> {
    let rd = std::fs::read_dir(dir).map_err(|e| read_error(dir, e))?;
    for entry in rd {
        let entry = entry.map_err(|e| read_error(dir, e))?;
        let p = entry.path();
        if p.is_dir() {
            collect_disk(root, &p, ext, out)?;
        } else if p.to_string_lossy().ends_with(ext) {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).map_err(|e| read_error(&p, e))?;
            let text = String::from_utf8(bytes).map_err(|_| ReadError {
                path: rel.clone(),
                reason: "is not UTF-8 text".to_string(),
            })?;
            out.push(File { path: rel, text });
        }
    }
    Ok(())
}

fn read_error(p: &Path, e: std::io::Error) -> ReadError {
    ReadError {
        path: p.display().to_string(),
        reason: e.to_string(),
    }
}
