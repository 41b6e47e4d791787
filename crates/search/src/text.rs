//! Free text: "what" a person is looking for, over service and organization names, descriptions,
//! taxonomy terms and alternate names.
//!
//! # Analysis
//! Text is split into words at anything that is not a letter or digit (apostrophes and combining
//! marks are skipped inside a word, so "children's" is one word and a decomposed "cafe\u{301}"
//! is "cafe"), lowercased, accent-folded (compatibility decomposition with the marks dropped,
//! plus a few letters that do not decompose: ß, æ, œ, ø, ł, đ, ı), stop words dropped (small
//! English and Spanish lists) and stemmed.
//!
//! HSDS records carry no language tag for their text, and a person may type in either language,
//! so **every text is analyzed with both the English and the Spanish Snowball stemmer** and a word
//! yields the union of its two stems (one term when they agree). Queries go through the same
//! path. Stemming runs on the folded word, so "información" and "informacion" stem alike.
//!
//! # Matching
//! A query word matches a document when *any* of its stems is among the document's terms
//! ("shelters" stems to `shelter` in English and stays `shelters` in Spanish; a document saying
//! "shelter" has `shelter`, so it matches). A query matches a document when *all* its words do
//! (AND). Words that match no document at all are reported back as the user typed them.
//!
//! # Scoring
//! BM25 over weighted fields (BM25F-like): a term's frequency in a document is the sum of the
//! weights of the fields it occurs in, once per occurrence, and the document length is the
//! weighted word count. For a query word with two stems the larger frequency counts, so the
//! union of stems never scores a word twice.
//!
//! # Layout
//! Term dictionary `stem -> u32`, one sorted `Vec<u32>` of documents per term, and per document
//! its sorted `(term, weighted frequency)` list, which serves both removal and scoring of one
//! candidate without touching postings; so a caller holding a few geo candidates checks and
//! scores them with [`TextQuery`] in a handful of binary searches each.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalization.
const B: f32 = 0.75;
/// Marks "no second term" in a cached word's `[u32; 2]`.
const NONE: u32 = u32::MAX;

/// English stop words (folded), the usual short list; dropped from texts and queries alike.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];
/// Spanish stop words (folded), a short list of articles, prepositions and conjunctions.
const STOP_ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "e", "el", "en", "es", "la", "las", "lo", "los", "o",
    "para", "por", "que", "se", "su", "sus", "u", "un", "una", "unas", "unos", "y",
];

/// FxHash (the rustc hasher): a multiply-rotate hash, several times faster than SipHash on the
/// short keys of a term dictionary. Not DoS-resistant; keys come from curated directory data.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
type FxHashSet<K> = HashSet<K, FxBuild>;

fn is_stop(word: &str) -> bool {
    STOP_EN.contains(&word) || STOP_ES.contains(&word)
}

/// Characters skipped inside a word rather than ending it.
fn is_ignorable(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}' | '\u{00ad}') || is_combining_mark(c)
}

/// Lowercase and accent-fold one letter or digit onto `out`.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let special = match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' => "d",
        'ı' => "i",
        _ => "",
    };
    if !special.is_empty() {
        out.push_str(special);
        return;
    }
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            for l in d.to_lowercase() {
                if l.is_alphanumeric() {
                    out.push(l);
                }
            }
        }
    });
}

/// Calls `f(raw, folded)` for every word of `text`: `raw` is the slice as written, `folded` the
/// lowercased, accent-folded form (never empty). Stop words are not filtered here.
fn for_each_word(text: &str, mut f: impl FnMut(&str, &str)) {
    let mut folded = String::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let (word_char, ignorable) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), c == '\'')
        } else {
            (c.is_alphanumeric(), is_ignorable(c))
        };
        if word_char {
            if start.is_none() {
                start = Some(i);
            }
            fold_char(c, &mut folded);
            end = i + c.len_utf8();
        } else if ignorable {
            if start.is_some() {
                end = i + c.len_utf8();
            }
        } else if let Some(s) = start.take() {
            if !folded.is_empty() {
                f(&text[s..end], &folded);
            }
            folded.clear();
        }
    }
    if let Some(s) = start {
        if !folded.is_empty() {
            f(&text[s..end], &folded);
        }
    }
}

/// The English and Spanish stems of a folded word; the second is `None` when they agree.
/// Digit-only words (house numbers, record numbers) are kept as they are.
fn stems(folded: &str) -> (Cow<'_, str>, Option<Cow<'_, str>>) {
    if folded.bytes().all(|b| b.is_ascii_digit()) {
        return (Cow::Borrowed(folded), None);
    }
    let en = Stemmer::create(Algorithm::English).stem(folded);
    let es = Stemmer::create(Algorithm::Spanish).stem(folded);
    if en == es {
        (en, None)
    } else {
        (en, Some(es))
    }
}

/// A query split into words, each with its stems; `raw` as typed. Stop words dropped.
fn query_words(query: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for_each_word(query, |raw, folded| {
        if is_stop(folded) {
            return;
        }
        let (a, b) = stems(folded);
        let mut v = vec![a.into_owned()];
        if let Some(b) = b {
            v.push(b.into_owned());
        }
        out.push((raw.to_string(), v));
    });
    out
}

/// A text's words as written, folded, and with their English and Spanish stems (stop words
/// dropped): what the service-type words ([`crate::types`]) are matched on.
pub(crate) fn words_folded_stemmed(text: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for_each_word(text, |raw, folded| {
        if is_stop(folded) {
            return;
        }
        let (en, es) = stems(folded);
        let es = es.unwrap_or_else(|| en.clone()).into_owned();
        out.push((raw.to_string(), folded.to_string(), en.into_owned(), es));
    });
    out
}

/// Analyze a text the way the index does, so callers and tests can see what a text is made of:
/// every word's English and Spanish stems (lowercased, accents folded), deduplicated in order of
/// first appearance, stop words dropped.
pub fn analyze(text: &str) -> Vec<String> {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut out = Vec::new();
    for_each_word(text, |_, folded| {
        if is_stop(folded) {
            return;
        }
        let (a, b) = stems(folded);
        for s in std::iter::once(a).chain(b) {
            if !seen.contains(s.as_ref()) {
                seen.insert(s.to_string());
                out.push(s.into_owned());
            }
        }
    });
    out
}

/// One term's documents. Rare terms keep a sorted list (a single document inline, no heap);
/// terms in more than about one document in sixteen switch to a bitmap, which is smaller then
/// and answers "does candidate d have this term?" with one bit test.
#[derive(Clone, Debug)]
enum Posting {
    /// Sorted document ids (empty: no allocation).
    Sparse(Vec<u32>),
    /// Exactly one document.
    One(u32),
    /// Bit `d` set when document `d` has the term; `count` bits are set.
    Dense { bits: Vec<u64>, count: u32 },
}

impl Default for Posting {
    fn default() -> Self {
        Posting::Sparse(Vec::new())
    }
}

impl Posting {
    fn len(&self) -> usize {
        match self {
            Posting::Sparse(v) => v.len(),
            Posting::One(_) => 1,
            Posting::Dense { count, .. } => *count as usize,
        }
    }

    #[inline]
    fn contains(&self, doc: u32) -> bool {
        match self {
            Posting::Sparse(v) => v.binary_search(&doc).is_ok(),
            Posting::One(d) => *d == doc,
            Posting::Dense { bits, .. } => bit(bits, doc),
        }
    }

    /// Like `contains`, for candidates visited in increasing order: a sparse list is galloped
    /// from `*cursor` instead of searched from the start.
    #[inline]
    fn contains_from(&self, cursor: &mut usize, doc: u32) -> bool {
        match self {
            Posting::Sparse(v) => gallop(v, cursor, doc),
            Posting::One(d) => *d == doc,
            Posting::Dense { bits, .. } => bit(bits, doc),
        }
    }

    fn insert(&mut self, doc: u32) {
        match self {
            Posting::Sparse(v) => {
                if v.is_empty() {
                    *self = Posting::One(doc);
                    return;
                }
                match v.last() {
                    Some(&last) if last < doc => v.push(doc),
                    _ => match v.binary_search(&doc) {
                        Ok(_) => return,
                        Err(i) => v.insert(i, doc),
                    },
                }
                let max = v.last().copied().unwrap_or(0);
                if v.len() >= 64 && v.len() * 16 > words_for(max) * 64 {
                    let mut bits = vec![0u64; words_for(max)];
                    for &d in v.iter() {
                        set_bit(&mut bits, d);
                    }
                    *self = Posting::Dense {
                        bits,
                        count: v.len() as u32,
                    };
                }
            }
            Posting::One(d) => {
                let d = *d;
                if d != doc {
                    *self = Posting::Sparse(if d < doc { vec![d, doc] } else { vec![doc, d] });
                }
            }
            Posting::Dense { bits, count } => {
                if bit(bits, doc) {
                    return;
                }
                let need = words_for(doc);
                if need > bits.len() && (*count as usize + 1) * 128 < need * 64 {
                    // A far-away id would make the bitmap mostly empty: back to a list.
                    let mut v = to_list(bits);
                    v.push(doc);
                    *self = Posting::Sparse(v);
                    return;
                }
                if need > bits.len() {
                    bits.resize(need, 0);
                }
                set_bit(bits, doc);
                *count += 1;
            }
        }
    }

    fn remove(&mut self, doc: u32) {
        match self {
            Posting::Sparse(v) => {
                if let Ok(i) = v.binary_search(&doc) {
                    v.remove(i);
                }
            }
            Posting::One(d) => {
                if *d == doc {
                    *self = Posting::default();
                }
            }
            Posting::Dense { bits, count } => {
                if !bit(bits, doc) {
                    return;
                }
                bits[(doc / 64) as usize] &= !(1u64 << (doc % 64));
                *count -= 1;
                if (*count as usize) * 256 < bits.len() * 64 {
                    *self = Posting::Sparse(to_list(bits));
                }
            }
        }
    }

    /// The documents, in increasing order.
    fn to_vec(&self) -> Vec<u32> {
        match self {
            Posting::Sparse(v) => v.clone(),
            Posting::One(d) => vec![*d],
            Posting::Dense { bits, .. } => to_list(bits),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Posting::Sparse(v) => v.capacity() * 4,
            Posting::One(_) => 0,
            Posting::Dense { bits, .. } => bits.capacity() * 8,
        }
    }
}

/// Bitmap words needed to hold bit `doc`.
fn words_for(doc: u32) -> usize {
    doc as usize / 64 + 1
}

#[inline]
fn bit(bits: &[u64], doc: u32) -> bool {
    bits.get((doc / 64) as usize)
        .is_some_and(|w| w & (1u64 << (doc % 64)) != 0)
}

fn set_bit(bits: &mut [u64], doc: u32) {
    if let Some(w) = bits.get_mut((doc / 64) as usize) {
        *w |= 1u64 << (doc % 64);
    }
}

/// The set bits of a bitmap, in increasing order.
fn to_list(bits: &[u64]) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, &w) in bits.iter().enumerate() {
        let mut w = w;
        while w != 0 {
            out.push(i as u32 * 64 + w.trailing_zeros());
            w &= w - 1;
        }
    }
    out
}

/// Term frequencies are kept in quarter steps in one byte (0.25 ..= 63.75): enough to tell a
/// name (3.0) from a description (1.0) and repeated words apart, at an eighth of an `(u32, f32)`.
fn quantize_tf(tf: f32) -> u8 {
    (tf * 4.0).round().clamp(1.0, 255.0) as u8
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`; a truncated one reads as what it has (the arena is ours, so
/// that only happens on a bug, and then it must not panic a query).
#[inline]
fn read_varint(buf: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = buf.get(*pos) {
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 || shift >= 63 {
            break;
        }
        shift += 7;
    }
    v
}

/// A doc's entry in the forward arena: its `(term, weighted frequency)` list. The arena holds
/// `varint(payload length)`, the doc's weighted length (f32, little-endian), then per term in
/// increasing id order `varint(id delta)` and a one-byte quantized frequency: about two bytes
/// a term instead of eight, and one cache miss to score a candidate.
struct ForwardIter<'a> {
    buf: &'a [u8],
    pos: usize,
    term: u32,
}

impl Iterator for ForwardIter<'_> {
    type Item = (u32, f32);
    #[inline]
    fn next(&mut self) -> Option<(u32, f32)> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let delta = read_varint(self.buf, &mut self.pos);
        self.term = self.term.wrapping_add(delta as u32);
        let tf = f32::from(self.buf.get(self.pos).copied().unwrap_or(1)) / 4.0;
        self.pos += 1;
        Some((self.term, tf))
    }
}

/// Offset of an absent doc in `TextIndex::fwd_off`.
const ABSENT: usize = usize::MAX;

/// Inverted index over documents numbered `0..n` (the caller's dense doc ids), so free-text
/// queries find their candidates from postings instead of scanning a million texts.
#[derive(Clone, Default)]
pub struct TextIndex {
    /// Stem -> term id.
    terms: FxHashMap<Box<str>, u32>,
    /// Term id -> live documents containing it.
    postings: Vec<Posting>,
    /// Folded word -> its one or two term ids (`NONE` for none): stemming a word once per
    /// index rather than once per occurrence is what keeps a 1M-document build in seconds.
    word_cache: FxHashMap<Box<str>, [u32; 2]>,
    /// Forward entries of all docs (see `ForwardIter`); replaced entries stay as garbage
    /// until `compact`.
    fwd: Vec<u8>,
    /// Doc -> offset of its entry in `fwd`, `ABSENT` when not indexed.
    fwd_off: Vec<usize>,
    /// Bytes of `fwd` no doc points at any more.
    fwd_garbage: usize,
    /// Number of present docs.
    n_docs: u32,
    /// Sum of the weighted lengths of present docs.
    total_len: f64,
    /// Reused between `add` calls.
    scratch: Vec<(u32, f32)>,
    /// Reused between `add` calls.
    scratch_bytes: Vec<u8>,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextIndex")
            .field("docs", &self.n_docs)
            .field("terms", &self.terms.len())
            .field("memory_bytes", &self.memory_bytes())
            .finish()
    }
}

/// What a free-text search found, and which words found nothing, so the caller can say
/// "no service mentions 'xyz'" instead of a bare empty list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextResult {
    /// Matching documents with their relevance, best first, ties by doc id ascending.
    pub hits: Vec<(u32, f32)>,
    /// Query words (as the user typed them, each once) that occur in no document at all.
    pub unmatched_terms: Vec<String>,
}

/// One query word, resolved against the index.
#[derive(Debug, Clone)]
struct QueryWord {
    /// Term ids of its stems that have at least one document.
    terms: Vec<u32>,
    /// BM25 inverse document frequency.
    idf: f32,
    /// Sum of the terms' posting lengths: an upper bound on the word's documents.
    df: usize,
}

/// A query parsed and resolved once, so a caller can test and score many candidate documents
/// (say, those within a radius) without re-analyzing the query for each.
#[derive(Debug, Clone)]
pub struct TextQuery {
    words: Vec<QueryWord>,
    unmatched: Vec<String>,
    /// The largest term id of any word: a doc's forward list is in term order, so scoring
    /// stops reading it past this.
    max_term: u32,
    /// Mean weighted document length over every part the query was resolved against.
    avg: f32,
    /// Some word has no stem in this part (it matches only in another part): nothing here
    /// matches.
    absent: bool,
}

impl TextQuery {
    /// True when the query has no searchable word (empty, punctuation or stop words only):
    /// such a query matches nothing and reports nothing unmatched.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.unmatched.is_empty()
    }

    /// Query words (as typed) that occur in no document: when non-empty, nothing matches.
    pub fn unmatched_terms(&self) -> &[String] {
        &self.unmatched
    }

    /// True when no document can match, so callers can skip their candidate loop.
    pub fn matches_nothing(&self) -> bool {
        self.words.is_empty() || !self.unmatched.is_empty() || self.absent
    }

    /// An upper bound on the number of matching documents, to choose between walking text
    /// matches and filtering geo candidates.
    pub fn estimated_matches(&self) -> usize {
        if self.matches_nothing() {
            return 0;
        }
        self.words.iter().map(|w| w.df).min().unwrap_or(0)
    }
}

/// Ask the processor to start loading the cache line at `p` (a hint; it changes no result).
#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `p` is a valid reference, and a prefetch only warms the cache: it reads nothing
    // into the program and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (p as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Galloping search for `target` in sorted `list` from `*pos`; leaves `*pos` at the first
/// element `>= target`. Candidates are visited in increasing order, so cursors only move ahead.
#[inline]
fn gallop(list: &[u32], pos: &mut usize, target: u32) -> bool {
    let mut lo = *pos;
    if lo >= list.len() {
        return false;
    }
    if list[lo] >= target {
        return list[lo] == target;
    }
    let mut step = 1;
    let mut hi = lo + 1;
    while hi < list.len() && list[hi] < target {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    let hi = hi.min(list.len());
    // list[lo] < target; answer in (lo, hi].
    let idx = lo + 1 + list[lo + 1..hi].partition_point(|&d| d < target);
    *pos = idx;
    idx < list.len() && list[idx] == target
}

impl TextIndex {
    /// An empty index; documents come with [`TextIndex::add`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of documents indexed, for status pages and sanity checks.
    pub fn doc_count(&self) -> usize {
        self.n_docs as usize
    }

    fn is_present(&self, doc: u32) -> bool {
        self.fwd_off.get(doc as usize).is_some_and(|&o| o != ABSENT)
    }

    fn intern(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.terms.get(stem) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.terms.insert(stem.into(), id);
        self.postings.push(Posting::default());
        id
    }

    fn word_terms(&mut self, folded: &str) -> [u32; 2] {
        if let Some(&t) = self.word_cache.get(folded) {
            return t;
        }
        let (a, b) = stems(folded);
        let ta = self.intern(&a);
        let tb = b.map_or(NONE, |b| self.intern(&b));
        let t = [ta, tb];
        // Digit-only words are mostly unique record numbers: caching them would only grow memory.
        if !folded.bytes().all(|b| b.is_ascii_digit()) {
            self.word_cache.insert(folded.into(), t);
        }
        t
    }

    /// The doc's weighted length and `(term, weighted frequency)` list; 0 and empty when absent.
    fn forward(&self, doc: u32) -> (f32, ForwardIter<'_>) {
        let empty = ForwardIter {
            buf: &[],
            pos: 0,
            term: 0,
        };
        let Some(&off) = self.fwd_off.get(doc as usize) else {
            return (0.0, empty);
        };
        if off == ABSENT {
            return (0.0, empty);
        }
        let mut pos = off;
        let n = read_varint(&self.fwd, &mut pos) as usize;
        let end = pos.saturating_add(n).min(self.fwd.len());
        let buf = self.fwd.get(pos..end).unwrap_or(&[]);
        let len = buf
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .map_or(0.0, f32::from_le_bytes);
        (
            len,
            ForwardIter {
                buf,
                pos: 4,
                term: 0,
            },
        )
    }

    /// Size in the arena of the entry at `off`, header included.
    fn entry_bytes(&self, off: usize) -> usize {
        let mut pos = off;
        let len = read_varint(&self.fwd, &mut pos) as usize;
        pos - off + len
    }

    /// Rewrite the arena without garbage, once replaced entries make up half of it.
    fn maybe_compact(&mut self) {
        if self.fwd_garbage < 1 << 16 || self.fwd_garbage * 2 < self.fwd.len() {
            return;
        }
        let mut fwd = Vec::with_capacity(self.fwd.len() - self.fwd_garbage);
        for d in 0..self.fwd_off.len() {
            let off = self.fwd_off[d];
            if off == ABSENT {
                continue;
            }
            let n = self.entry_bytes(off);
            self.fwd_off[d] = fwd.len();
            fwd.extend_from_slice(self.fwd.get(off..off + n).unwrap_or(&[]));
        }
        self.fwd = fwd;
        self.fwd_garbage = 0;
    }

    /// Index one document's fields with weights (e.g. name 3.0, alternate/organization name 2.0,
    /// taxonomy terms 2.0, description 1.0), so name matches outrank description matches.
    /// Fields whose weight is not a positive finite number are skipped. Adding a doc that is
    /// already present replaces it (as `remove` then `add`); ids in increasing order are fastest.
    pub fn add(&mut self, doc: u32, fields: &[(&str, f32)]) {
        let d = doc as usize;
        if self.is_present(doc) {
            self.remove(doc);
        }
        if self.fwd_off.len() <= d {
            self.fwd_off.resize(d + 1, ABSENT);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mut len = 0f32;
        for &(text, weight) in fields {
            if !(weight.is_finite() && weight > 0.0) {
                continue;
            }
            for_each_word(text, |_, folded| {
                if is_stop(folded) {
                    return;
                }
                let [a, b] = self.word_terms(folded);
                scratch.push((a, weight));
                if b != NONE {
                    scratch.push((b, weight));
                }
                len += weight;
            });
        }
        scratch.sort_unstable_by_key(|&(t, _)| t);
        let mut w = 0;
        for i in 0..scratch.len() {
            if w > 0 && scratch[w - 1].0 == scratch[i].0 {
                scratch[w - 1].1 += scratch[i].1;
            } else {
                scratch[w] = scratch[i];
                w += 1;
            }
        }
        scratch.truncate(w);

        let mut payload = std::mem::take(&mut self.scratch_bytes);
        payload.clear();
        payload.extend_from_slice(&len.to_le_bytes());
        let mut prev = 0u32;
        for &(t, tf) in &scratch {
            self.postings[t as usize].insert(doc);
            push_varint(&mut payload, u64::from(t - prev));
            payload.push(quantize_tf(tf));
            prev = t;
        }
        self.fwd_off[d] = self.fwd.len();
        push_varint(&mut self.fwd, payload.len() as u64);
        self.fwd.extend_from_slice(&payload);
        self.n_docs += 1;
        self.total_len += f64::from(len);
        self.scratch = scratch;
        self.scratch_bytes = payload;
    }

    /// Take a document out of the index (a live update deletes or replaces a service); absent
    /// ids are ignored.
    pub fn remove(&mut self, doc: u32) {
        let d = doc as usize;
        if !self.is_present(doc) {
            return;
        }
        let (len, fwd) = self.forward(doc);
        let terms: Vec<u32> = fwd.map(|(t, _)| t).collect();
        for t in terms {
            if let Some(p) = self.postings.get_mut(t as usize) {
                p.remove(doc);
            }
        }
        self.fwd_garbage += self.entry_bytes(self.fwd_off[d]);
        self.fwd_off[d] = ABSENT;
        self.total_len = (self.total_len - f64::from(len)).max(0.0);
        self.n_docs -= 1;
        self.maybe_compact();
    }

    /// Parse and resolve a query once, for checking and scoring many candidates.
    pub fn query(&self, query: &str) -> TextQuery {
        joint_query(
            &[TextPart {
                ix: self,
                dead: None,
            }],
            query,
        )
        .pop()
        .unwrap_or_else(|| TextQuery {
            words: Vec::new(),
            unmatched: Vec::new(),
            max_term: 0,
            avg: 1.0,
            absent: false,
        })
    }

    /// What taking `docs` out of this index's statistics would change: a live index masks
    /// replaced documents instead of rewriting its postings, and queries subtract this.
    pub(crate) fn dead_stats(&self, docs: impl IntoIterator<Item = u32>) -> DeadText {
        let mut out = DeadText::default();
        for d in docs {
            if !self.is_present(d) {
                continue;
            }
            let (len, fwd) = self.forward(d);
            out.n += 1;
            out.len += f64::from(len);
            for (t, _) in fwd {
                *out.df.entry(t).or_default() += 1;
            }
        }
        out
    }

    /// A document's weighted length and its (stem, quantized frequency) list sorted by stem:
    /// the part of the canonical dump that does not depend on how terms were numbered.
    pub(crate) fn canonical_doc(&self, doc: u32, stems: &[&str]) -> (f32, Vec<(String, f32)>) {
        let (len, fwd) = self.forward(doc);
        let mut v: Vec<(String, f32)> = fwd
            .map(|(t, tf)| {
                (
                    stems.get(t as usize).copied().unwrap_or("?").to_string(),
                    tf,
                )
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        (len, v)
    }

    /// Term id -> stem, for [`TextIndex::canonical_doc`].
    pub(crate) fn stems_by_id(&self) -> Vec<&str> {
        let mut v = vec![""; self.postings.len()];
        for (s, &t) in &self.terms {
            if let Some(x) = v.get_mut(t as usize) {
                *x = s;
            }
        }
        v
    }

    /// Number of documents and the sum of their weighted lengths.
    pub(crate) fn totals(&self) -> (u32, f64) {
        (self.n_docs, self.total_len)
    }

    /// Whether `doc` matches every word of `q`: a bit test or a binary search per word, the
    /// cheap way to filter a small candidate set (e.g. services within a radius).
    pub fn matches(&self, q: &TextQuery, doc: u32) -> bool {
        // Postings hold present docs only.
        if q.matches_nothing() {
            return false;
        }
        q.words.iter().all(|w| {
            w.terms
                .iter()
                .any(|&t| self.postings[t as usize].contains(doc))
        })
    }

    /// Relevance of `doc` for `q` (BM25 over the weighted fields), `None` when it does not
    /// match, so a caller can match and score a candidate in one call.
    pub fn score(&self, q: &TextQuery, doc: u32) -> Option<f32> {
        if q.matches_nothing() || !self.is_present(doc) {
            return None;
        }
        let mut stack = [0f32; 16];
        let mut heap;
        let tfs: &mut [f32] = if q.words.len() <= stack.len() {
            &mut stack[..q.words.len()]
        } else {
            heap = vec![0f32; q.words.len()];
            &mut heap
        };
        let (len, fwd) = self.forward(doc);
        for (t, tf) in fwd {
            if t > q.max_term {
                break;
            }
            for (i, w) in q.words.iter().enumerate() {
                if w.terms.contains(&t) && tf > tfs[i] {
                    tfs[i] = tf;
                }
            }
        }
        let norm = K1 * (1.0 - B + B * len / q.avg);
        let mut score = 0.0;
        for (w, &tf) in q.words.iter().zip(tfs.iter()) {
            if tf <= 0.0 {
                return None;
            }
            score += w.idf * tf * (K1 + 1.0) / (tf + norm);
        }
        Some(score)
    }

    /// [`TextIndex::score`] of many docs, in order. Each score reads a doc's offset and then
    /// its entry, two places far apart in a large index: the reads are started a few docs
    /// ahead (a prefetch hint), so a city's thousands of matches wait on memory once, not twice
    /// each.
    pub fn score_each(&self, q: &TextQuery, docs: &[u32]) -> Vec<Option<f32>> {
        const AHEAD: usize = 8;
        let offset_of = |i: usize| docs.get(i).and_then(|&d| self.fwd_off.get(d as usize));
        let mut out = Vec::with_capacity(docs.len());
        for (i, &doc) in docs.iter().enumerate() {
            if let Some(o) = offset_of(i + 2 * AHEAD) {
                prefetch(o);
            }
            if let Some(&off) = offset_of(i + AHEAD) {
                if let Some(b) = self.fwd.get(off) {
                    prefetch(b);
                }
            }
            out.push(self.score(q, doc));
        }
        out
    }

    /// The sorted documents matching every word of a resolved query.
    pub fn matching_query(&self, q: &TextQuery) -> Vec<u32> {
        if q.matches_nothing() {
            return Vec::new();
        }
        let all_dense = |w: &QueryWord| {
            w.terms
                .iter()
                .all(|&t| matches!(self.postings[t as usize], Posting::Dense { .. }))
        };
        // Words whose stems are all bitmaps are combined a machine word at a time; the
        // rest filter the resulting candidates (rarest word first).
        let (dense, rest): (Vec<&QueryWord>, Vec<&QueryWord>) =
            q.words.iter().partition(|w| all_dense(w));
        let mut cands: Vec<u32>;
        let mut filters: &[&QueryWord] = &rest;
        if let Some((first, others)) = dense.split_first().filter(|_| {
            rest.is_empty() || {
                // A rare sparse word beats a bitmap pass.
                rest[0].df * 64 > self.fwd_off.len()
            }
        }) {
            let mut acc = self.word_bits(first);
            for w in others {
                let b = self.word_bits(w);
                acc.truncate(b.len());
                for (a, b) in acc.iter_mut().zip(b.iter()) {
                    *a &= b;
                }
            }
            cands = to_list(&acc);
        } else {
            let Some((first, others)) = rest.split_first() else {
                return Vec::new();
            };
            let mut lists = first
                .terms
                .iter()
                .map(|&t| self.postings[t as usize].to_vec());
            cands = lists.next().unwrap_or_default();
            for l in lists {
                cands.extend(l);
                cands.sort_unstable();
                cands.dedup();
            }
            for w in &dense {
                self.filter(&mut cands, w);
            }
            filters = others;
        }
        for w in filters {
            if cands.is_empty() {
                break;
            }
            self.filter(&mut cands, w);
        }
        cands
    }

    /// OR of a dense word's bitmaps.
    fn word_bits(&self, w: &QueryWord) -> Vec<u64> {
        let mut acc: Vec<u64> = Vec::new();
        for &t in &w.terms {
            if let Posting::Dense { bits, .. } = &self.postings[t as usize] {
                if acc.len() < bits.len() {
                    acc.resize(bits.len(), 0);
                }
                for (a, b) in acc.iter_mut().zip(bits.iter()) {
                    *a |= b;
                }
            }
        }
        acc
    }

    /// Keep the (sorted) candidates that have one of the word's terms.
    fn filter(&self, cands: &mut Vec<u32>, w: &QueryWord) {
        let lists: Vec<&Posting> = w
            .terms
            .iter()
            .map(|&t| &self.postings[t as usize])
            .collect();
        let mut cursors = vec![0usize; lists.len()];
        cands.retain(|&doc| {
            let mut hit = false;
            for (l, c) in lists.iter().zip(cursors.iter_mut()) {
                // Advance every cursor so each stays monotone.
                hit |= l.contains_from(c, doc);
            }
            hit
        });
    }

    /// Documents matching ALL query terms (AND), scored and sorted by score descending then doc
    /// ascending, with the words that matched no document at all; the full free-text answer.
    pub fn search(&self, query: &str) -> TextResult {
        let q = self.query(query);
        let mut hits: Vec<(u32, f32)> = self
            .matching_query(&q)
            .into_iter()
            .filter_map(|d| self.score(&q, d).map(|s| (d, s)))
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        TextResult {
            hits,
            unmatched_terms: q.unmatched,
        }
    }

    /// Only the sorted set of matching docs (no scoring), for combining with geo filters cheaply.
    pub fn matching(&self, query: &str) -> Vec<u32> {
        self.matching_query(&self.query(query))
    }

    /// Approximate heap size in bytes, for the benchmark's index-memory figure.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        // A hash map slot holds the pair plus one control byte; a key's heap block is at least
        // the allocator's 32-byte minimum chunk.
        let key = |k: &str| (k.len() + 8).max(32);
        let terms: usize = self.terms.capacity() * (size_of::<(Box<str>, u32)>() + 1)
            + self.terms.keys().map(|k| key(k)).sum::<usize>();
        let cache: usize = self.word_cache.capacity() * (size_of::<(Box<str>, [u32; 2])>() + 1)
            + self.word_cache.keys().map(|k| key(k)).sum::<usize>();
        let postings: usize = self.postings.capacity() * size_of::<Posting>()
            + self.postings.iter().map(Posting::heap_bytes).sum::<usize>();
        terms
            + cache
            + postings
            + self.fwd.capacity()
            + self.fwd_off.capacity() * size_of::<usize>()
            + self.scratch_bytes.capacity()
            + self.scratch.capacity() * size_of::<(u32, f32)>()
    }
}

/// Statistics of documents a part masks (see [`TextIndex::dead_stats`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct DeadText {
    /// Documents masked.
    pub n: u32,
    /// Their weighted lengths, summed.
    pub len: f64,
    /// Per term id of the part: how many masked documents have it.
    pub df: FxHashMap<u32, u32>,
}

/// One index among those a query runs over, with the documents it masks.
#[derive(Clone, Copy)]
pub(crate) struct TextPart<'a> {
    /// The part's index.
    pub ix: &'a TextIndex,
    /// Its masked documents' statistics, when it masks any.
    pub dead: Option<&'a DeadText>,
}

/// A query resolved against several indexes at once, as if their live documents were one
/// index: document frequencies, document count and mean length are summed over the parts, so
/// every part scores with the statistics a single index over the same documents would have.
/// One [`TextQuery`] per part, in the parts' order, each naming that part's term ids.
pub(crate) fn joint_query(parts: &[TextPart<'_>], query: &str) -> Vec<TextQuery> {
    let mut n_docs = 0u64;
    let mut total_len = 0f64;
    for p in parts {
        let dead = p.dead.map_or((0, 0.0), |d| (d.n, d.len));
        n_docs += u64::from(p.ix.n_docs.saturating_sub(dead.0));
        total_len += p.ix.total_len - dead.1;
    }
    let n = n_docs as f32;
    let avg = if n_docs == 0 {
        1.0
    } else {
        (total_len.max(0.0) / n_docs as f64).max(1e-6) as f32
    };
    // Per word: its live stems (sorted, as the key that makes two words one), each part's
    // term ids, its idf and its document count.
    struct Word {
        key: Vec<String>,
        ids: Vec<Vec<u32>>,
        idf: f32,
        df: usize,
    }
    let mut words: Vec<Word> = Vec::new();
    let mut unmatched: Vec<String> = Vec::new();
    let mut unmatched_seen: FxHashSet<String> = FxHashSet::default();
    for (raw, stems) in query_words(query) {
        let mut key: Vec<String> = Vec::new();
        let mut ids: Vec<Vec<u32>> = vec![Vec::new(); parts.len()];
        let (mut df, mut dfw) = (0usize, 0usize);
        for s in &stems {
            if key.contains(s) {
                continue;
            }
            let mut live = 0usize;
            let mut here: Vec<Option<u32>> = Vec::with_capacity(parts.len());
            for p in parts {
                let t = p.ix.terms.get(s.as_str()).copied();
                if let Some(t) = t {
                    let dead = p.dead.and_then(|d| d.df.get(&t)).copied().unwrap_or(0);
                    live += p.ix.postings[t as usize]
                        .len()
                        .saturating_sub(dead as usize);
                }
                here.push(t);
            }
            if live == 0 {
                continue;
            }
            key.push(s.clone());
            for (v, t) in ids.iter_mut().zip(here) {
                v.extend(t);
            }
            df += live;
            dfw = dfw.max(live);
        }
        if key.is_empty() {
            if unmatched_seen.insert(stems.join(" ")) {
                unmatched.push(raw);
            }
            continue;
        }
        key.sort();
        if words.iter().any(|w| w.key == key) {
            continue;
        }
        for v in &mut ids {
            v.sort_unstable();
            v.dedup();
        }
        let dfw = dfw as f32;
        let idf = (1.0 + (n - dfw + 0.5) / (dfw + 0.5)).ln();
        words.push(Word { key, ids, idf, df });
    }
    words.sort_by_key(|w| w.df);
    (0..parts.len())
        .map(|p| {
            let qw: Vec<QueryWord> = words
                .iter()
                .map(|w| QueryWord {
                    terms: w.ids[p].clone(),
                    idf: w.idf,
                    df: w.df,
                })
                .collect();
            TextQuery {
                max_term: qw
                    .iter()
                    .flat_map(|w| w.terms.iter().copied())
                    .max()
                    .unwrap_or(0),
                absent: qw.iter().any(|w| w.terms.is_empty()),
                words: qw,
                unmatched: unmatched.clone(),
                avg,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(docs: &[&[(&str, f32)]]) -> TextIndex {
        let mut ix = TextIndex::new();
        for (i, fields) in docs.iter().enumerate() {
            ix.add(i as u32, fields);
        }
        ix
    }

    fn one_field(texts: &[&str]) -> TextIndex {
        let mut ix = TextIndex::new();
        for (i, t) in texts.iter().enumerate() {
            ix.add(i as u32, &[(t, 1.0)]);
        }
        ix
    }

    #[test]
    fn text_folding_makes_cafe_and_nino_match_with_or_without_accents() {
        assert_eq!(analyze("Café"), analyze("cafe"));
        assert_eq!(analyze("niño"), analyze("nino"));
        assert_eq!(analyze("CAFE\u{301}"), analyze("café"), "decomposed accent");
        let ix = one_field(&["Café Esperanza", "Niños y familias", "Other"]);
        assert_eq!(ix.matching("cafe"), vec![0]);
        assert_eq!(ix.matching("CAFÉ"), vec![0]);
        assert_eq!(ix.matching("nino"), vec![1]);
        assert_eq!(ix.matching("niño"), vec![1]);
    }

    #[test]
    fn text_english_stemming_shelters_finds_shelter_and_counselling_finds_counseling() {
        assert!(analyze("shelters").contains(&"shelter".to_string()));
        let ix = one_field(&["Emergency shelter", "Counseling services", "Food bank"]);
        assert_eq!(ix.matching("shelters"), vec![0]);
        assert_eq!(ix.matching("counselling"), vec![1]);
        assert_eq!(ix.matching("service"), vec![1]);
    }

    #[test]
    fn text_spanish_stemming_refugios_and_albergues() {
        let ix = one_field(&["Refugio para mujeres", "Albergue temporal", "Comida"]);
        assert_eq!(ix.matching("refugios"), vec![0]);
        assert_eq!(ix.matching("albergues"), vec![1]);
        let ix = one_field(&["Refugios seguros", "Albergues"]);
        assert_eq!(ix.matching("refugio"), vec![0]);
        assert_eq!(ix.matching("albergue"), vec![1]);
    }

    #[test]
    fn text_stop_words_are_dropped_in_both_languages() {
        assert_eq!(analyze("the shelter"), analyze("shelter"));
        assert_eq!(
            analyze("el refugio de la ciudad"),
            analyze("refugio ciudad")
        );
        assert!(analyze("the of de la y").is_empty());
    }

    #[test]
    fn text_and_semantics_every_word_must_match() {
        let ix = one_field(&["legal aid", "legal clinic", "food aid"]);
        assert_eq!(ix.matching("legal"), vec![0, 1]);
        assert_eq!(ix.matching("aid"), vec![0, 2]);
        assert_eq!(ix.matching("legal aid"), vec![0]);
        assert_eq!(ix.matching("aid legal"), vec![0]);
        let r = ix.search("legal aid");
        assert_eq!(r.hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn text_unmatched_terms_are_reported_as_typed() {
        let ix = one_field(&["legal aid", "food bank"]);
        let r = ix.search("Legal Zebrafish");
        assert!(r.hits.is_empty());
        assert_eq!(r.unmatched_terms, vec!["Zebrafish".to_string()]);
        let r = ix.search("Qwxz food qwxz");
        assert!(r.hits.is_empty());
        assert_eq!(r.unmatched_terms, vec!["Qwxz".to_string()], "reported once");
        let r = ix.search("food");
        assert_eq!(r.hits.len(), 1);
        assert!(r.unmatched_terms.is_empty());
        // Each word matches something, but no doc has both: empty, nothing unmatched.
        let r = ix.search("legal bank");
        assert!(r.hits.is_empty());
        assert!(r.unmatched_terms.is_empty());
    }

    #[test]
    fn text_empty_query_has_no_hits_and_no_unmatched_terms() {
        let ix = one_field(&["legal aid"]);
        for q in ["", "   ", "!?,", "the de"] {
            let r = ix.search(q);
            assert!(r.hits.is_empty(), "{q:?}");
            assert!(r.unmatched_terms.is_empty(), "{q:?}");
            assert!(ix.matching(q).is_empty(), "{q:?}");
            assert!(ix.query(q).is_empty(), "{q:?}");
        }
    }

    #[test]
    fn text_ranking_name_match_above_description_match() {
        let ix = index(&[
            &[("Food pantry", 3.0), ("We can refer you to a shelter", 1.0)],
            &[("Safe Shelter", 3.0), ("Beds for the night", 1.0)],
        ]);
        let r = ix.search("shelter");
        assert_eq!(r.hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![1, 0]);
        assert!(r.hits[0].1 > r.hits[1].1);
        // Equal texts tie on score and fall back to doc id ascending.
        let ix = one_field(&["legal aid", "legal aid", "legal aid"]);
        let ids: Vec<u32> = ix.search("legal").hits.iter().map(|h| h.0).collect();
        assert_eq!(ids, vec![0, 1, 2]);
    }

    #[test]
    fn text_rarer_word_weighs_more() {
        let ix = one_field(&["legal shelter", "shelter", "shelter", "legal"]);
        let q = ix.query("legal shelter");
        let both = ix.score(&q, 0);
        assert!(both.is_some());
        assert_eq!(ix.score(&q, 1), None);
        let q1 = ix.query("shelter");
        let q2 = ix.query("legal");
        let s_common = ix.score(&q1, 1).unwrap_or(0.0);
        let s_rare = ix.score(&q2, 3).unwrap_or(0.0);
        assert!(s_rare > s_common, "{s_rare} vs {s_common}");
    }

    #[test]
    fn text_remove_and_re_add() {
        let mut ix = one_field(&["legal aid", "food bank", "legal clinic"]);
        assert_eq!(ix.doc_count(), 3);
        ix.remove(0);
        assert_eq!(ix.matching("legal"), vec![2]);
        assert_eq!(ix.search("aid").unmatched_terms, vec!["aid".to_string()]);
        assert_eq!(ix.doc_count(), 2);
        ix.remove(0); // absent: ignored
        assert_eq!(ix.doc_count(), 2);
        ix.add(0, &[("legal shelter", 1.0)]);
        assert_eq!(ix.matching("legal"), vec![0, 2]);
        assert_eq!(ix.matching("shelter"), vec![0]);
        assert!(ix.matching("aid").is_empty());
        // Adding a present doc replaces it.
        ix.add(2, &[("food pantry", 1.0)]);
        assert_eq!(ix.matching("legal"), vec![0]);
        assert_eq!(ix.matching("food"), vec![1, 2]);
        assert_eq!(ix.doc_count(), 3);
        // Out-of-order and sparse ids.
        ix.add(10, &[("legal", 1.0)]);
        ix.add(5, &[("legal", 1.0)]);
        assert_eq!(ix.matching("legal"), vec![0, 5, 10]);
    }

    #[test]
    fn text_prepared_query_matches_and_scores_candidates() {
        let ix = one_field(&["legal aid", "food bank", "legal clinic"]);
        let q = ix.query("legal");
        assert!(ix.matches(&q, 0));
        assert!(!ix.matches(&q, 1));
        assert!(ix.matches(&q, 2));
        assert!(!ix.matches(&q, 99));
        assert_eq!(q.estimated_matches(), 2);
        assert_eq!(ix.score(&q, 1), None);
        let r = ix.search("legal");
        for (d, s) in r.hits {
            assert_eq!(ix.score(&q, d), Some(s));
        }
    }

    #[test]
    fn text_bad_weights_and_odd_text_do_not_panic() {
        let mut ix = TextIndex::new();
        ix.add(0, &[("legal", f32::NAN), ("aid", -1.0), ("", 1.0)]);
        ix.add(1, &[("\u{0}\u{301}''--", 1.0), ("ﬁre 火事 ½", 1.0)]);
        assert!(ix.matching("legal").is_empty());
        assert_eq!(ix.matching("fire"), vec![1]);
        assert_eq!(ix.matching("火事"), vec![1]);
        assert!(ix.memory_bytes() > 0);
    }

    #[test]
    fn text_fx_hasher_spreads_short_keys() {
        use std::hash::BuildHasher;
        let b = FxBuild::default();
        let hashes: FxHashSet<u64> = (0..10_000)
            .map(|i| b.hash_one(format!("w{i}").as_str()))
            .collect();
        assert_eq!(hashes.len(), 10_000);
        assert_ne!(b.hash_one("ab"), b.hash_one("ab\0"));
    }

    #[rustfmt::skip]
    const VOCAB: &[&str] = &[
        "refugio", "refugios", "Refugio", "albergue", "albergues", "shelter", "shelters", "Café",
        "cafe", "niño", "nino", "niños", "food", "foods", "legal", "ayuda", "the", "de",
        "counseling", "counselling", "help", "helping", "data", "date", "zz9", "000123",
    ];

    fn doc_terms(fields: &[String]) -> FxHashSet<String> {
        fields.iter().flat_map(|f| analyze(f)).collect()
    }

    /// Index `texts` at ids `i * stride` (a stride spreads ids so bitmaps meet far-away ids),
    /// remove `removed`, re-add the first removed, and compare every query with a scan.
    fn check_against_scan(
        texts: &[Vec<String>],
        stride: u32,
        removed: &[usize],
        queries: &[Vec<usize>],
    ) -> Result<(), TestCaseError> {
        let id = |i: usize| i as u32 * stride;
        let mut ix = TextIndex::new();
        for (i, fields) in texts.iter().enumerate() {
            let f: Vec<(&str, f32)> = fields
                .iter()
                .enumerate()
                .map(|(k, t)| (t.as_str(), 1.0 + k as f32))
                .collect();
            ix.add(id(i), &f);
        }
        let mut live: Vec<bool> = vec![true; texts.len()];
        for &r in removed {
            ix.remove(id(r));
            if r < live.len() {
                live[r] = false;
            }
        }
        // Re-add one removed doc, as a live update would.
        if let Some(&r) = removed.first() {
            if r < texts.len() {
                let f: Vec<(&str, f32)> = texts[r].iter().map(|t| (t.as_str(), 1.0)).collect();
                ix.add(id(r), &f);
                live[r] = true;
            }
        }
        prop_assert_eq!(ix.doc_count(), live.iter().filter(|&&l| l).count());
        let terms: Vec<FxHashSet<String>> = texts.iter().map(|f| doc_terms(f)).collect();
        for qw in queries {
            let query = qw
                .iter()
                .map(|&w| VOCAB.get(w).copied().unwrap_or("qqx"))
                .collect::<Vec<_>>()
                .join(" ");
            let words = query_words(&query);
            let has = |d: usize, st: &[String]| live[d] && st.iter().any(|s| terms[d].contains(s));
            let expected: Vec<u32> = (0..texts.len())
                .filter(|&d| !words.is_empty() && words.iter().all(|(_, st)| has(d, st)))
                .map(id)
                .collect();
            prop_assert_eq!(ix.matching(&query), expected.clone(), "query {:?}", query);
            let mut exp_unmatched: Vec<String> = Vec::new();
            let mut seen = FxHashSet::default();
            for (raw, st) in &words {
                let found = (0..texts.len()).any(|d| has(d, st));
                if !found && seen.insert(st.join(" ")) {
                    exp_unmatched.push(raw.clone());
                }
            }
            let r = ix.search(&query);
            prop_assert_eq!(&r.unmatched_terms, &exp_unmatched, "query {:?}", query);
            let mut got: Vec<u32> = r.hits.iter().map(|h| h.0).collect();
            got.sort_unstable();
            prop_assert_eq!(&got, &expected, "query {:?}", query);
            for w in r.hits.windows(2) {
                prop_assert!(w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0));
            }
            let q = ix.query(&query);
            for d in 0..texts.len() {
                prop_assert_eq!(ix.matches(&q, id(d)), expected.contains(&id(d)));
            }
        }
        Ok(())
    }

    fn corpus(max_docs: usize, max_words: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
        proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec(0..VOCAB.len(), 0..max_words)
                    .prop_map(|ws| ws.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" ")),
                0..3,
            ),
            0..max_docs,
        )
    }

    fn queries() -> impl Strategy<Value = Vec<Vec<usize>>> {
        proptest::collection::vec(proptest::collection::vec(0..VOCAB.len() + 2, 0..4), 1..6)
    }

    /// Scoring stops reading a doc's terms past the query's last term id; the score must be
    /// the one a full read of every term gives, whichever ids the query words have.
    #[test]
    fn text_score_stopping_early_equals_reading_every_term() {
        let mut ix = TextIndex::new();
        // Words interned early (low ids) and late (high ids), repeated across fields.
        let docs = [
            "alpha shelter bravo charlie",
            "shelter shelter delta echo foxtrot golf hotel",
            "india juliet kilo lima alpha",
            "mike november oscar shelter papa quebec romeo sierra",
            "tango uniform victor whiskey xray yankee zulu alpha",
        ];
        for (d, t) in docs.iter().enumerate() {
            ix.add(d as u32, &[(t, 2.0), ("refugio refugios casa", 1.0)]);
        }
        let mut checked = 0;
        for q in [
            "alpha",
            "shelter",
            "zulu",
            "alpha zulu",
            "shelter refugio",
            "casa alpha",
            "sierra shelter",
        ] {
            let prepared = ix.query(q);
            let mut full = ix.query(q);
            full.max_term = u32::MAX;
            for d in 0..docs.len() as u32 {
                assert_eq!(ix.score(&prepared, d), ix.score(&full, d), "{q:?} doc {d}");
                checked += usize::from(ix.score(&prepared, d).is_some());
            }
        }
        assert!(checked > 10, "the queries match something: {checked}");
        // Scoring many at once (reads started ahead) gives each doc's own score, absent and
        // out-of-range docs included, in the order asked.
        let q = ix.query("shelter alpha");
        let docs: Vec<u32> = [
            4, 0, 1, 9, 3, 3, 2, 1000, 1, 0, 4, 2, 3, 1, 0, 4, 2, 3, 1, 0, 4, 2,
        ]
        .to_vec();
        let one_by_one: Vec<Option<f32>> = docs.iter().map(|&d| ix.score(&q, d)).collect();
        assert_eq!(ix.score_each(&q, &docs), one_by_one);
        assert!(one_by_one.iter().any(Option::is_some) && one_by_one.iter().any(Option::is_none));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn text_small_index_agrees_with_brute_force_scan(
            texts in corpus(12, 5),
            removed in proptest::collection::vec(0usize..12, 0..4),
            queries in queries(),
        ) {
            check_against_scan(&texts, 1, &removed, &queries)?;
        }

        /// Hundreds of docs over a small vocabulary: common terms become bitmaps, spread ids
        /// and removals turn some back into lists.
        #[test]
        fn text_large_index_with_bitmaps_agrees_with_brute_force_scan(
            texts in corpus(400, 4),
            stride in prop_oneof![Just(1u32), Just(3u32), Just(200u32)],
            removed in proptest::collection::vec(0usize..400, 0..300),
            queries in queries(),
        ) {
            check_against_scan(&texts, stride, &removed, &queries)?;
        }
    }

    #[test]
    fn text_postings_switch_between_list_and_bitmap() {
        let mut ix = TextIndex::new();
        for d in 0..1000 {
            ix.add(d, &[(if d % 2 == 0 { "legal" } else { "food" }, 1.0)]);
        }
        let t = ix.terms.get("legal").copied().unwrap_or(NONE) as usize;
        assert!(matches!(ix.postings[t], Posting::Dense { .. }));
        // A far-away id keeps it a list rather than a mostly empty bitmap.
        ix.add(50_000_000, &[("legal", 1.0)]);
        assert!(matches!(ix.postings[t], Posting::Sparse(_)));
        assert_eq!(ix.matching("legal").len(), 501);
        ix.remove(50_000_000);
        for d in 0..20_000 {
            ix.add(d, &[("legal", 1.0)]);
        }
        assert!(matches!(ix.postings[t], Posting::Dense { .. }));
        // Emptied out, the bitmap goes back to a list (and the arena is compacted on the way).
        for d in 0..19_990 {
            ix.remove(d);
        }
        assert!(matches!(ix.postings[t], Posting::Sparse(_)));
        assert_eq!(ix.matching("legal"), (19_990..20_000).collect::<Vec<u32>>());
        assert_eq!(ix.search("legal").hits.len(), 10);
        assert_eq!(ix.doc_count(), 10);
    }
}
