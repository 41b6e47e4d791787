//! Words people type that name a type of service: "shelter", "abogado", "trata". Such a word finds
//! the services of that type even when the word is not in their text, and ranks them above
//! services whose name merely contains it ("shelter" finds a shelter before "Sheltering Arms
//! Hospital").
//!
//! The table is [`TYPE_WORDS`], in one place so the docs can list it. Words are matched the way
//! text search reads them (lowercased, accents folded, stop words dropped, stemmed): a query word
//! names a type when its stem in the table word's language is the table word's stem
//! ("shelters", "refugios"), or, for stems under five letters (where Snowball stems of unrelated
//! words meet: "trata", "tratar"), when it is the same folded word. Several-word entries
//! ("domestic violence") match those words in a row. Codes are `taxonomy_term.code`s, compared
//! exactly, never display names; a term's sub-terms count too (the index gives every service its
//! terms' ancestors).

use std::sync::OnceLock;

/// Words (English, Spanish) that name a service type, and the taxonomy term codes they name.
#[derive(Debug)]
pub struct TypeWords {
    /// English words or phrases.
    pub en: &'static [&'static str],
    /// Spanish words or phrases.
    pub es: &'static [&'static str],
    /// `taxonomy_term.code`s (Open Eligibility or haven's own) a service may have.
    pub codes: &'static [&'static str],
}

/// What people type, and the service types it names (Open Eligibility codes such as `101-04`
/// Shelter; haven's own codes such as `trafficking`).
pub const TYPE_WORDS: &[TypeWords] = &[
    TypeWords {
        en: &["shelter"],
        es: &["refugio", "albergue"],
        // Emergency Shelter, Housing / Temporary Shelter, Safe Housing.
        codes: &["101-04", "103-01", "101-06-02"],
    },
    TypeWords {
        en: &["lawyer", "legal"],
        es: &["abogado", "abogada", "abogados", "abogadas", "legal"],
        // Legal assistance, Legal representation.
        codes: &["111-01", "111-04"],
    },
    TypeWords {
        en: &["immigration"],
        es: &["inmigración"],
        codes: &["111-01-02"],
    },
    TypeWords {
        en: &["trafficking"],
        es: &["trata"],
        codes: &["trafficking"],
    },
    TypeWords {
        en: &["counseling", "counselling", "therapy"],
        es: &["consejería", "terapia"],
        codes: &["108-07-01"],
    },
    TypeWords {
        en: &["domestic violence"],
        es: &["violencia doméstica"],
        codes: &["domestic-violence"],
    },
    TypeWords {
        en: &["sexual assault"],
        es: &["agresión sexual"],
        codes: &["sexual-assault"],
    },
    TypeWords {
        en: &["hotline"],
        es: &["línea", "líneas"],
        codes: &["hotline", "108-07-02"],
    },
    TypeWords {
        en: &["hospital", "emergency"],
        es: &["hospital", "urgencias", "emergencia"],
        codes: &["hospital", "emergency-department"],
    },
    TypeWords {
        en: &["interpreter"],
        es: &["intérprete"],
        codes: &["111-05"],
    },
    TypeWords {
        en: &["medical"],
        es: &["médico", "médica"],
        codes: &["106-06"],
    },
];

/// Stems shorter than this only match the same folded word.
const MIN_STEM: usize = 5;

/// One table phrase, analyzed: (entry, Spanish?, per word (folded, stem in that language)).
type Phrase = (usize, bool, Vec<(String, String)>);

fn phrases() -> &'static [Phrase] {
    static CELL: OnceLock<Vec<Phrase>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out: Vec<Phrase> = Vec::new();
        for (i, t) in TYPE_WORDS.iter().enumerate() {
            for (spanish, list) in [(false, t.en), (true, t.es)] {
                for p in list {
                    let words = crate::text::words_folded_stemmed(p)
                        .into_iter()
                        .map(|(_, folded, en, es)| (folded, if spanish { es } else { en }))
                        .collect::<Vec<_>>();
                    if !words.is_empty() {
                        out.push((i, spanish, words));
                    }
                }
            }
        }
        // Longer phrases first, so "violencia doméstica" is one match, not two words.
        out.sort_by_key(|p| std::cmp::Reverse(p.2.len()));
        out
    })
}

/// A query split into the types it names and the rest of its words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    /// Entries of [`TYPE_WORDS`] named, each once, in query order, with the words as typed.
    pub types: Vec<(usize, String)>,
    /// The other words as typed, joined by spaces.
    pub rest: String,
}

/// Find the words of a query that name a type.
pub fn split(query: &str) -> Split {
    let words = crate::text::words_folded_stemmed(query);
    let table = phrases();
    let mut out = Split::default();
    let mut rest: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = table.iter().find(|(_, spanish, p)| {
            p.len() <= words.len() - i
                && p.iter().zip(&words[i..]).all(|((folded, stem), w)| {
                    let own = if *spanish { &w.3 } else { &w.2 };
                    w.1 == *folded || (stem.chars().count() >= MIN_STEM && own == stem)
                })
        });
        match hit {
            Some((entry, _, p)) => {
                let raw: Vec<&str> = words[i..i + p.len()].iter().map(|w| w.0.as_str()).collect();
                if !out.types.iter().any(|(e, _)| e == entry) {
                    out.types.push((*entry, raw.join(" ")));
                }
                i += p.len();
            }
            None => {
                rest.push(&words[i].0);
                i += 1;
            }
        }
    }
    out.rest = rest.join(" ");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(q: &str) -> Vec<usize> {
        split(q).types.into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn every_table_word_names_its_own_entry_and_forms_of_it_do_too() {
        for (i, t) in TYPE_WORDS.iter().enumerate() {
            for w in t.en.iter().chain(t.es) {
                assert_eq!(types(w), [i], "{w}");
                assert_eq!(types(&w.to_uppercase()), [i], "{w} in capitals");
            }
        }
        for (q, entry) in [
            ("shelters", 0),
            ("refugios", 0),
            ("albergues", 0),
            ("lawyers", 1),
            ("inmigracion", 2),
            ("trafficked", 3),
            ("consejeria", 4),
            ("violencia domestica", 5),
            ("agresion sexual", 6),
            ("hotlines", 7),
            ("hospitales", 8),
            ("interprete", 9),
            ("medico", 10),
        ] {
            assert_eq!(types(q), [entry], "{q}");
        }
    }

    #[test]
    fn other_words_stay_text_and_short_stems_need_the_word_itself() {
        let s = split("refugio para mujeres");
        assert_eq!(s.types, [(0, "refugio".to_string())]);
        assert_eq!(s.rest, "mujeres");
        // "tratar" and "trato" share the stem "trat" with "trata": not the trafficking type.
        assert!(types("tratar").is_empty() && types("trato").is_empty());
        // "line" is not "línea"; "violence" alone is not domestic violence.
        assert!(types("line").is_empty() && types("violence").is_empty());
        assert_eq!(split("domestic").rest, "domestic");
        // Named twice, counted once; two types in one query.
        assert_eq!(types("shelter refugio"), [0]);
        assert_eq!(types("immigration lawyer"), [2, 1]);
        assert_eq!(split("").types, []);
    }
}
