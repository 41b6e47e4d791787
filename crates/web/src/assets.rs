//! The site's own CSS, JavaScript and images, built into the binary and served under names that
//! carry a hash of their content, so browsers may keep them forever and a change is a new name.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

/// One static file.
#[derive(Debug)]
pub struct Asset {
    /// Logical name, e.g. `site.css`.
    pub name: &'static str,
    /// Name with the content hash, e.g. `site.3f2a9c01d4.css`: what pages link to.
    pub served_as: String,
    /// Media type.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: &'static [u8],
}

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "site.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/site.css"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/print.css"),
    ),
    (
        "card.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/card.css"),
    ),
    (
        "exit.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/exit.js"),
    ),
    (
        "find.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/find.js"),
    ),
];

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Every asset, fingerprinted once.
pub fn all() -> &'static [Asset] {
    static CELL: OnceLock<Vec<Asset>> = OnceLock::new();
    CELL.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, ct, bytes)| {
                let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
                Asset {
                    name,
                    served_as: format!("{stem}.{:010x}.{ext}", fnv64(bytes) & 0xff_ffff_ffff),
                    content_type: ct,
                    bytes,
                }
            })
            .collect()
    })
}

/// The URL a page uses for an asset (`/assets/site.3f2a9c01d4.css`).
pub fn url(name: &str) -> String {
    match all().iter().find(|a| a.name == name) {
        Some(a) => format!("/assets/{}", a.served_as),
        None => format!("/assets/{name}"),
    }
}

/// `GET /assets/{file}`: only fingerprinted names are served, immutable for a year.
pub async fn serve(Path(file): Path<String>) -> Response {
    match all().iter().find(|a| a.served_as == file) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            a.bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
