//! RFC 9457 problem details: every API error is `application/problem+json` that names the
//! parameter at fault and says what is wrong with it, so a client's developer can fix the call.

use crate::WebError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of a problem document (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One API error, as the client sees it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// A URI naming the kind of problem: the anchor of its explanation in the API docs.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind of problem in a few words (the same for every occurrence).
    pub title: String,
    /// The HTTP status, repeated in the body for clients that lose headers.
    pub status: u16,
    /// This occurrence, in words: what was sent and what would be right.
    pub detail: String,
    /// The query or path parameter at fault (haven's extension member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl Problem {
    /// A parameter is malformed, out of range, unknown, or conflicts with another.
    pub fn bad_param(param: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "/api/docs#problem-bad-parameter".to_string(),
            title: "Bad request parameter".to_string(),
            status: 400,
            detail: format!("{param}: {}", detail.into()),
            parameter: Some(param.to_string()),
        }
    }

    /// No record of this kind has this id.
    pub fn not_found(what: &str, id: &str) -> Problem {
        Problem {
            kind: "/api/docs#problem-not-found".to_string(),
            title: "Not found".to_string(),
            status: 404,
            detail: format!("no {what} has the id \"{id}\""),
            parameter: Some("id".to_string()),
        }
    }

    /// No API endpoint at this path.
    pub fn no_such_endpoint(path: &str) -> Problem {
        Problem {
            kind: "/api/docs#problem-not-found".to_string(),
            title: "Not found".to_string(),
            status: 404,
            detail: format!("there is no API endpoint at {path}; see /api/docs"),
            parameter: None,
        }
    }

    /// The endpoint exists but not for this method (the API is read-only).
    pub fn method_not_allowed() -> Problem {
        Problem {
            kind: "/api/docs#problem-method-not-allowed".to_string(),
            title: "Method not allowed".to_string(),
            status: 405,
            detail: "the API is read-only: use GET (or HEAD, or OPTIONS for CORS)".to_string(),
            parameter: None,
        }
    }

    /// Too many requests of an expensive kind at once (sent with `Retry-After`).
    pub fn busy(detail: &str) -> Problem {
        Problem {
            kind: "/api/docs#problem-busy".to_string(),
            title: "Busy".to_string(),
            status: 503,
            detail: detail.to_string(),
            parameter: None,
        }
    }

    /// The store cannot be read (deleted or replaced under the server); the operator's log
    /// says more.
    pub fn unavailable() -> Problem {
        Problem {
            kind: "/api/docs#problem-unavailable".to_string(),
            title: "Unavailable".to_string(),
            status: 503,
            detail: "the directory is unavailable right now; please try again later".to_string(),
            parameter: None,
        }
    }

    /// Something failed on haven's side; the details go to the operator's log only.
    pub fn internal() -> Problem {
        Problem {
            kind: "/api/docs#problem-internal".to_string(),
            title: "Internal error".to_string(),
            status: 500,
            detail: "something went wrong on haven's side; please try again".to_string(),
            parameter: None,
        }
    }
}

impl From<WebError> for Problem {
    fn from(e: WebError) -> Problem {
        match e {
            WebError::BadRequest { param, message } => Problem::bad_param(&param, message),
            WebError::NotFound => Problem::no_such_endpoint("this address"),
            WebError::Busy(d) => Problem::busy(&d),
            other if other.status() == axum::http::StatusCode::SERVICE_UNAVAILABLE => {
                eprintln!("haven: API request failed: {other}");
                Problem::unavailable()
            }
            other => {
                eprintln!("haven: API request failed: {other}");
                Problem::internal()
            }
        }
    }
}

impl From<store::StoreError> for Problem {
    fn from(e: store::StoreError) -> Problem {
        Problem::from(WebError::Store(e))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            res.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
        }
        res
    }
}
