//! `haven serve`: the web app (crate `web`) on the configured store, on a tokio runtime.

use anyhow::{Context, Result};
use std::sync::Arc;

/// Start the site and serve until stopped. The store is opened again by the web app (it keeps
/// a pool of connections); `db` is the store URL.
pub fn serve(db: &str, addr: &str, config: web::Config) -> Result<()> {
    let state = web::AppState::open(config, db).context("cannot start the site")?;
    let state = Arc::new(state);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr().context("no local address")?;
        eprintln!("haven: serving on http://{local}/ (Ctrl-C stops)");
        web::serve(listener, state)
            .await
            .context("the server stopped with an error")
    })
}
