//! Failures the web layer can meet, and how each becomes a response: bad input is the person's
//! to fix (400 with what and where), everything else is ours (500 with no details shown).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Every failure of a request or of starting the site.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// The search index could not be built.
    #[error(transparent)]
    Index(#[from] search::BuildError),
    /// The built-in content does not load (a build defect the test suite catches).
    #[error("the built-in content does not load: {0}")]
    Content(String),
    /// A request parameter is wrong: which one, and what is wrong, in words.
    #[error("{param}: {message}")]
    BadRequest {
        /// The parameter's name as in the URL.
        param: String,
        /// What is wrong with it.
        message: String,
    },
    /// The configuration would break something (a quick exit that does not leave the site...):
    /// which flag, and why, so `haven serve` refuses to start and says it.
    #[error("{flag}: {message}")]
    Config {
        /// The command-line flag (or setting) at fault.
        flag: String,
        /// What is wrong with it and what would be right.
        message: String,
    },
    /// The store file was deleted or replaced while serving; nothing new is opened.
    #[error("the store file was deleted or replaced while serving")]
    StoreLost,
    /// Too many of an expensive kind of request at once; try again shortly.
    #[error("{0}")]
    Busy(String),
    /// Nothing at this address.
    #[error("not found")]
    NotFound,
    /// Anything else that went wrong on our side.
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    /// The status a person (or a client) sees for this failure.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::StoreLost | WebError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Store(store::StoreError::Missing { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // The detail goes to the operator's log, not to the page.
            eprintln!("haven: request failed: {self}");
        }
        let text = match &self {
            WebError::BadRequest { .. } | WebError::NotFound => self.to_string(),
            _ if status == StatusCode::SERVICE_UNAVAILABLE => {
                "The directory is unavailable right now. If you are in danger, call your local \
                 emergency number."
                    .to_string()
            }
            _ => "Something went wrong on our side. Please try again.".to_string(),
        };
        (status, text).into_response()
    }
}
