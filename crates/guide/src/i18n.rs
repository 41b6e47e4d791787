//! Translations: every `.ftl` file under `locales/<code>/` becomes that locale's Fluent bundle.
//! Adding a language is adding a folder; English is the fallback for a message a locale lacks.
//!
//! Each locale names itself with two messages: `locale-name` (its own name, e.g. "Español") and
//! `locale-dir` (`ltr` or `rtl`), so the web can offer a switcher and set `dir` without code.

use crate::source::Source;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// The locale every other falls back to, and the one served at `/`.
pub const DEFAULT_LOCALE: &str = "en";

/// A shipped locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// BCP 47 code, as in the URL (`en`, `es`).
    pub code: String,
    /// The language's own name, for the switcher.
    pub name: String,
    /// Whether the script runs right to left (sets `dir="rtl"`).
    pub rtl: bool,
}

/// What is wrong with the translation files.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A file could not be read.
    #[error(transparent)]
    Read(#[from] crate::source::ReadError),
    /// A Fluent file does not parse.
    #[error("{file}:{line}: Fluent syntax error: {message}")]
    Syntax {
        /// The `.ftl` file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// The same message id twice in one locale.
    #[error("{file}: message \"{id}\" is already defined in another file of locale {locale}")]
    Duplicate {
        /// The second file.
        file: String,
        /// The locale.
        locale: String,
        /// The message id.
        id: String,
    },
    /// A locale folder whose name is not a language tag.
    #[error("locales/{folder}: not a language tag (expected e.g. \"en\", \"es\", \"pt-BR\")")]
    BadLocale {
        /// The folder name.
        folder: String,
    },
    /// No English folder: nothing to fall back to.
    #[error("locales/en is missing: English is the fallback every locale needs")]
    NoDefault,
}

/// All locales' messages.
pub struct Catalog {
    locales: Vec<Locale>,
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    ids: BTreeMap<String, Vec<String>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("locales", &self.locales)
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalog built into the binary, loaded once. Its files are checked by the test suite,
    /// so a failure here is a build defect; it is reported, not hidden.
    pub fn embedded() -> Result<&'static Catalog, &'static I18nError> {
        static CELL: OnceLock<Result<Catalog, I18nError>> = OnceLock::new();
        CELL.get_or_init(|| Catalog::load(&Source::Embedded))
            .as_ref()
    }

    /// Load every locale of a content tree.
    pub fn load(src: &Source) -> Result<Catalog, I18nError> {
        let mut locales = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for folder in src.subfolders("locales")? {
            let lang: LanguageIdentifier = folder.parse().map_err(|_| I18nError::BadLocale {
                folder: folder.clone(),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            let mut seen: BTreeMap<String, String> = BTreeMap::new();
            for file in src.files(&format!("locales/{folder}"), ".ftl")? {
                let res = match FluentResource::try_new(file.text.clone()) {
                    Ok(r) => r,
                    Err((_, errs)) => {
                        let e = &errs[0];
                        // The junk slice starts at the broken entry; the position can be past it.
                        let at = e.slice.as_ref().map_or(e.pos.start, |r| r.start);
                        let line = file.text[..at.min(file.text.len())].matches('\n').count() + 1;
                        return Err(I18nError::Syntax {
                            file: file.path.clone(),
                            line,
                            message: e.kind.to_string(),
                        });
                    }
                };
                for entry in res.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        let id = m.id.name.to_string();
                        if seen.insert(id.clone(), file.path.clone()).is_some() {
                            return Err(I18nError::Duplicate {
                                file: file.path.clone(),
                                locale: folder.clone(),
                                id,
                            });
                        }
                    }
                }
                if let Err(errs) = bundle.add_resource(res) {
                    let id = errs
                        .first()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| "?".to_string());
                    return Err(I18nError::Duplicate {
                        file: file.path.clone(),
                        locale: folder.clone(),
                        id,
                    });
                }
            }
            let name = plain(&bundle, "locale-name").unwrap_or_else(|| folder.clone());
            let rtl = plain(&bundle, "locale-dir").as_deref() == Some("rtl");
            locales.push(Locale {
                code: folder.clone(),
                name,
                rtl,
            });
            ids.insert(folder.clone(), seen.into_keys().collect());
            bundles.insert(folder, bundle);
        }
        if !bundles.contains_key(DEFAULT_LOCALE) {
            return Err(I18nError::NoDefault);
        }
        // English first, then by code, so switchers and sitemaps list locales the same way.
        locales.sort_by_key(|l| (l.code != DEFAULT_LOCALE, l.code.clone()));
        Ok(Catalog {
            locales,
            bundles,
            ids,
        })
    }

    /// The shipped locales, English first.
    pub fn locales(&self) -> &[Locale] {
        &self.locales
    }

    /// The locale with this exact code, if shipped.
    pub fn locale(&self, code: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// Every message id a locale defines, sorted (for completeness checks).
    pub fn message_ids(&self, code: &str) -> &[String] {
        self.ids.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a locale defines a message itself (without falling back).
    pub fn has(&self, code: &str, id: &str) -> bool {
        self.bundles
            .get(code)
            .is_some_and(|b| b.get_message(id).is_some())
    }

    /// The best shipped locale for an `Accept-Language` header (q-values honoured, `es-MX`
    /// matches `es`), or the default.
    pub fn negotiate(&self, accept_language: &str) -> &str {
        let mut wanted: Vec<(f32, usize, String)> = Vec::new();
        for (i, part) in accept_language.split(',').enumerate() {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.is_empty() || tag == "*" {
                continue;
            }
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q=").map(str::to_string))
                .and_then(|v| v.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 {
                wanted.push((q, i, tag));
            }
        }
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, tag) in &wanted {
            if let Some(l) = self
                .locales
                .iter()
                .find(|l| l.code.to_ascii_lowercase() == *tag)
            {
                return &l.code;
            }
            let primary = tag.split('-').next().unwrap_or(tag);
            if let Some(l) = self
                .locales
                .iter()
                .find(|l| l.code.to_ascii_lowercase().split('-').next() == Some(primary))
            {
                return &l.code;
            }
        }
        DEFAULT_LOCALE
    }

    /// A message in a locale (falling back to English), with no arguments.
    pub fn msg(&self, code: &str, id: &str) -> String {
        self.fmt(code, id, &[])
    }

    /// A message with arguments, e.g. `fmt("es", "results-count", &[("count", 3.into())])`.
    /// A message missing everywhere comes back as its id in brackets, so it shows in review
    /// and `haven content check` names it, rather than leaving a blank on a page.
    pub fn fmt(&self, code: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.format(code, id, None, args)
            .unwrap_or_else(|| format!("[{id}]"))
    }

    /// A message's attribute (`id.attr` in Fluent), falling back to English like [`Self::fmt`].
    pub fn attr(&self, code: &str, id: &str, attr: &str) -> String {
        self.format(code, id, Some(attr), &[])
            .unwrap_or_else(|| format!("[{id}.{attr}]"))
    }

    /// Like [`Self::fmt`] but None when the message exists in no locale (optional text).
    pub fn try_fmt(
        &self,
        code: &str,
        id: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Option<String> {
        self.format(code, id, None, args)
    }

    fn format(
        &self,
        code: &str,
        id: &str,
        attr: Option<&str>,
        args: &[(&str, FluentValue<'_>)],
    ) -> Option<String> {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        for c in [code, DEFAULT_LOCALE] {
            let Some(bundle) = self.bundles.get(c) else {
                continue;
            };
            let Some(msg) = bundle.get_message(id) else {
                continue;
            };
            let pattern = match attr {
                None => msg.value(),
                Some(a) => msg.get_attribute(a).map(|at| at.value()),
            };
            let Some(pattern) = pattern else {
                continue;
            };
            let mut errors = Vec::new();
            let s = bundle.format_pattern(pattern, Some(&fa), &mut errors);
            // Isolation marks help bidi text in HTML but show as junk in terminals; haven's
            // own pages set `dir` per element instead.
            return Some(s.replace(['\u{2068}', '\u{2069}'], ""));
        }
        None
    }
}

fn plain(bundle: &FluentBundle<FluentResource>, id: &str) -> Option<String> {
    let msg = bundle.get_message(id)?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(msg.value()?, None, &mut errors)
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Source) {
        let dir = tempfile::tempdir().unwrap();
        for (p, t) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        let src = Source::Dir(dir.path().to_path_buf());
        (dir, src)
    }

    #[test]
    fn a_message_missing_in_spanish_falls_back_to_english() {
        let (_d, src) = tree(&[
            (
                "locales/en/a.ftl",
                "locale-name = English\nhello = Hello\nbye = Bye\n",
            ),
            ("locales/es/a.ftl", "locale-name = Español\nhello = Hola\n"),
        ]);
        let c = Catalog::load(&src).unwrap();
        assert_eq!(c.msg("es", "hello"), "Hola");
        assert_eq!(c.msg("es", "bye"), "Bye");
        assert_eq!(c.msg("es", "nothing"), "[nothing]");
        assert!(!c.has("es", "bye"));
        assert_eq!(c.locales()[1].name, "Español");
    }

    #[test]
    fn arguments_and_plurals_are_formatted_without_isolation_marks() {
        let (_d, src) = tree(&[(
            "locales/en/a.ftl",
            "n = { $count ->\n    [one] one place\n   *[other] { $count } places\n}\n",
        )]);
        let c = Catalog::load(&src).unwrap();
        assert_eq!(c.fmt("en", "n", &[("count", 1.into())]), "one place");
        assert_eq!(c.fmt("en", "n", &[("count", 3.into())]), "3 places");
    }

    #[test]
    fn accept_language_picks_the_best_shipped_locale() {
        let (_d, src) = tree(&[
            ("locales/en/a.ftl", "x = x\n"),
            ("locales/es/a.ftl", "x = x\n"),
        ]);
        let c = Catalog::load(&src).unwrap();
        assert_eq!(c.negotiate("es-MX,es;q=0.9,en;q=0.8"), "es");
        assert_eq!(c.negotiate("fr-FR, en;q=0.5, es;q=0.7"), "es");
        assert_eq!(c.negotiate("de"), "en");
        assert_eq!(c.negotiate(""), "en");
        assert_eq!(c.negotiate("es;q=0"), "en");
    }

    #[test]
    fn syntax_errors_and_duplicates_name_the_file() {
        let (_d, src) = tree(&[("locales/en/a.ftl", "ok = fine\nbroken = { \n")]);
        let e = Catalog::load(&src).unwrap_err().to_string();
        assert!(
            e.starts_with("locales/en/a.ftl:2: Fluent syntax error"),
            "{e}"
        );
        let (_d, src) = tree(&[
            ("locales/en/a.ftl", "x = one\n"),
            ("locales/en/b.ftl", "x = two\n"),
        ]);
        let e = Catalog::load(&src).unwrap_err().to_string();
        assert_eq!(
            e,
            "locales/en/b.ftl: message \"x\" is already defined in another file of locale en"
        );
        let (_d, src) = tree(&[("locales/es/a.ftl", "x = uno\n")]);
        assert!(matches!(Catalog::load(&src), Err(I18nError::NoDefault)));
    }
}
