//! A minimal public page until the web crate lands: the hotlines, from the store, safely served.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The home page: quick exit first, then every hotline service with its phones.
pub fn page(st: &dyn store::Store, exit_url: &str) -> Result<String> {
    use hsds::Table;
    let mut phones: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    st.for_each(Table::Phone, &mut |p| {
        if let (Some(sid), Some(n)) = (
            p.get("service_id").and_then(|v| v.as_str()),
            p.get("number").and_then(|v| v.as_str()),
        ) {
            let kind = p
                .get("type")
                .and_then(|v| v.as_str())
                .unwrap_or("voice")
                .to_string();
            phones
                .entry(sid.to_string())
                .or_default()
                .push((kind, n.to_string()));
        }
        Ok(())
    })?;
    let mut items = String::new();
    let mut hospitals = 0u64;
    st.for_each(Table::Service, &mut |s| {
        let name = s.get("name").and_then(|v| v.as_str()).unwrap_or_default();
        let id = s.get("id").and_then(|v| v.as_str()).unwrap_or_default();
        let desc = s
            .get("description")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        if s.get("url").is_none() && !phones.contains_key(id) {
            return Ok(());
        }
        if name.to_ascii_lowercase().contains("hospital") || desc.contains("Emergency department") {
            hospitals += 1;
            return Ok(());
        }
        items.push_str(&format!(
            "<li><strong>{}</strong> <span>{}</span><ul>",
            esc(name),
            esc(desc)
        ));
        for (kind, n) in phones.get(id).into_iter().flatten() {
            let digits: String = n
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            let scheme = if kind == "text" { "sms" } else { "tel" };
            items.push_str(&format!(
                "<li>{}: <a href=\"{scheme}:{}\">{}</a></li>",
                esc(kind),
                esc(&digits),
                esc(n)
            ));
        }
        let assured = s
            .get("assured_date")
            .and_then(|v| v.as_str())
            .unwrap_or("unknown");
        items.push_str(&format!(
            "<li>Last verified: {}</li></ul></li>",
            esc(assured)
        ));
        Ok(())
    })?;
    Ok(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>haven</title></head><body>\
<a id=\"quick-exit\" href=\"{}\">Quick exit</a>\
<main><h1>haven</h1><p>If someone's life is in danger right now, call 911.</p><h2>Hotlines</h2><ul>{items}</ul>\
<p>The directory also lists {hospitals} US hospitals. Listings come from public sources; see when each was last verified.</p></main></body></html>",
        esc(exit_url)
    ))
}

/// Serve until killed. One thread, plain HTTP/1.1; no cookies, no logs of who asked what.
pub fn serve(st: Box<dyn store::Store>, addr: &str, exit_url: &str) -> Result<()> {
    let listener = TcpListener::bind(addr).with_context(|| format!("listening on {addr}"))?;
    eprintln!("haven: serving on http://{addr}/ ({})", st.describe());
    for conn in listener.incoming() {
        let Ok(mut conn) = conn else { continue };
        let mut first = String::new();
        let mut reader = BufReader::new(match conn.try_clone() {
            Ok(c) => c,
            Err(_) => continue,
        });
        if reader.read_line(&mut first).is_err() {
            continue;
        }
        // Drain the headers.
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let path = first.split_whitespace().nth(1).unwrap_or("/");
        let path = path.split('?').next().unwrap_or("/");
        let (status, body) = match path {
            "/" => match page(st.as_ref(), exit_url) {
                Ok(b) => ("200 OK", b),
                Err(_) => (
                    "500 Internal Server Error",
                    "<h1>Something went wrong</h1>".into(),
                ),
            },
            "/healthz" => ("200 OK", "ok".into()),
            _ => (
                "404 Not Found",
                "<h1>Not found</h1><a href=\"/\">Home</a>".into(),
            ),
        };
        let _ = write!(
            conn,
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'\r\n\
Referrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
    Ok(())
}
