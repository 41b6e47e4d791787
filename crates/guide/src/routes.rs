//! The public pages content may link to. A link is written without a locale prefix (`/learn`,
//! not `/es/learn`); the web and the article renderer add the reader's prefix.

/// Every route haven serves to the public, as patterns (`{step}`, `{slug}`, `{tag}` stand for
/// a guide step, a series article and a series tag).
pub const KNOWN_ROUTES: &[&str] = &[
    "/",
    "/find",
    "/hotlines",
    "/hospital",
    "/card",
    "/safety",
    "/about",
    "/about/trust",
    "/guide",
    "/guide/{step}",
    "/learn",
    "/learn/{slug}",
    "/learn/tags/{tag}",
    "/learn/feed.atom",
];

/// What a link's placeholder part refers to, for the checks that need the content to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteRef {
    /// A fixed page.
    Page,
    /// A guide step.
    Step(String),
    /// A series article.
    Article(String),
    /// A series tag.
    Tag(String),
}

/// Match a link (path, with an optional `?query` or `#fragment`) against [`KNOWN_ROUTES`];
/// None when haven has no such page.
pub fn match_route(link: &str) -> Option<RouteRef> {
    let path = link.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let got: Vec<&str> = path.split('/').skip(1).collect();
    for pattern in KNOWN_ROUTES {
        let want: Vec<&str> = pattern.split('/').skip(1).collect();
        if want.len() != got.len() {
            continue;
        }
        let mut found = Some(RouteRef::Page);
        for (w, g) in want.iter().zip(&got) {
            let slot = |f: fn(String) -> RouteRef| {
                (!g.is_empty() && g.chars().all(is_slug_char)).then(|| f(g.to_string()))
            };
            let part = match *w {
                "{step}" => slot(RouteRef::Step),
                "{slug}" => slot(RouteRef::Article),
                "{tag}" => slot(RouteRef::Tag),
                lit if lit == *g => Some(RouteRef::Page),
                _ => None,
            };
            match part {
                None => {
                    found = None;
                    break;
                }
                Some(RouteRef::Page) => {}
                Some(r) => found = Some(r),
            }
        }
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether a character may be part of a step id, slug or tag (they appear in URLs).
pub fn is_slug_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// Whether a whole string is a slug: non-empty, lowercase letters, digits and inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('-') && !s.ends_with('-') && s.chars().all(is_slug_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_pages_match_and_others_do_not() {
        assert_eq!(match_route("/"), Some(RouteRef::Page));
        assert_eq!(match_route("/safety"), Some(RouteRef::Page));
        assert_eq!(match_route("/find?taxonomy=hospital"), Some(RouteRef::Page));
        assert_eq!(match_route("/hotlines#emergency"), Some(RouteRef::Page));
        assert_eq!(
            match_route("/guide/call-experts"),
            Some(RouteRef::Step("call-experts".into()))
        );
        assert_eq!(
            match_route("/learn/myths"),
            Some(RouteRef::Article("myths".into()))
        );
        assert_eq!(
            match_route("/learn/tags/consent"),
            Some(RouteRef::Tag("consent".into()))
        );
        assert_eq!(match_route("/learn/feed.atom"), Some(RouteRef::Page));
        assert_eq!(match_route("/nowhere"), None);
        assert_eq!(match_route("/learn/Bad_Slug"), None);
        assert_eq!(match_route("https://example.org/"), None);
        assert_eq!(match_route("/guide/"), None);
        assert_eq!(match_route(""), None);
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert!(is_slug("signs-in-context"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("Signs"));
        assert!(!is_slug(""));
    }
}
