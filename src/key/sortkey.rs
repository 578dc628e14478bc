//! Unicode text sort keys: an approximation of Windows' LCMapStringEx with
//! LCMAP_SORTKEY, which ESE uses to normalize Unicode (code page 1200) text.
//!
//! Linux has no such function and Windows' full sort tables are not
//! reproduced here. What is exact and what is not:
//!
//! * Key format, as Windows writes it: primary weights, 0x01, diacritic
//!   weights, 0x01, case weights, 0x01, (extra East-Asian weights,) 0x01,
//!   special (punctuation) weights, 0x00. Trailing diacritic and case weights
//!   of 2 (the "plain" value) are dropped.
//! * Exact weights (Microsoft's published Windows 10 default sorting weight
//!   table, `sortkey_table.rs`) for U+0000-U+052F (ASCII, Latin-1, Latin
//!   Extended-A/B, IPA, combining diacritics, Greek, Cyrillic), U+1E00-U+1EFF,
//!   U+2000-U+206F, U+20A0-U+20CF and U+FF00-U+FFEF; a formula reproduces the
//!   table for CJK ideographs U+3400-U+4DB5 and U+4E00-U+9FCB and for
//!   surrogate code units (each unit of a pair is weighted on its own, which
//!   is what Windows does: the sample's fox emoji comes out as b0 40 b6 86).
//! * Rules as Windows (and Wine's re-implementation of it) apply them:
//!   letters/digits/symbols give a 2-byte primary weight (script, weight);
//!   non-spacing marks add to the previous diacritic weight; in the default
//!   "word sort", punctuation (script 6: apostrophe, hyphen, control
//!   characters) is left out of the primary weights and recorded in the
//!   special weights with its position; NORM_IGNORECASE / IGNOREWIDTH /
//!   IGNOREKANATYPE mask case bits; NORM_IGNORENONSPACE drops diacritics;
//!   NORM_IGNORESYMBOLS drops symbols and punctuation; SORT_STRINGSORT sorts
//!   punctuation as symbols.
//! * Approximate: a few Latin ligatures are expanded by hand (Æ->AE, ß->ss,
//!   Þ->TH, Œ->OE, Ĳ->IJ, DŽ/LJ/NJ/DZ, ff/fi/fl/st); every other code unit outside
//!   the ranges above gets a made-up 3-byte primary weight
//!   `[0xF0 | u>>12, 2 + (u>>6 & 63), 2 + (u & 63)]` of its lowercase form, so
//!   such text orders case-insensitively by code point after all tabled
//!   scripts. Windows orders these scripts linguistically, ignores unassigned
//!   and format characters, and applies locale-specific contractions (this
//!   approximation uses the default table for every LCID), Hangul and kana
//!   rules and SORT_DIGITSASNUMBERS, none of which is reproduced. Keys built
//!   here for such text will not match keys in a Windows-made index, so
//!   seeks on such an index may miss; indexes built by this engine are
//!   self-consistent.
//! * Under NORM_IGNORECASE surrogate code units get a plain case weight (the
//!   sample shows no case weights for its emoji; the published table alone
//!   would give some).
//!
//! Must never: allocate per character beyond the output, or panic on any
//! UTF-16 input (unpaired surrogates included).

use crate::error::JetResult;

use super::sortkey_table::RANGES;

pub const NORM_IGNORECASE: u32 = 0x0000_0001;
pub const NORM_IGNORENONSPACE: u32 = 0x0000_0002;
pub const NORM_IGNORESYMBOLS: u32 = 0x0000_0004;
pub const SORT_DIGITSASNUMBERS: u32 = 0x0000_0008;
pub const LINGUISTIC_IGNORECASE: u32 = 0x0000_0010;
pub const LINGUISTIC_IGNOREDIACRITIC: u32 = 0x0000_0020;
pub const LCMAP_LOWERCASE: u32 = 0x0000_0100;
pub const LCMAP_UPPERCASE: u32 = 0x0000_0200;
pub const LCMAP_SORTKEY: u32 = 0x0000_0400;
pub const SORT_STRINGSORT: u32 = 0x0000_1000;
pub const NORM_IGNOREKANATYPE: u32 = 0x0001_0000;
pub const NORM_IGNOREWIDTH: u32 = 0x0002_0000;

// script members with special handling
const SCRIPT_UNSORTABLE: u8 = 0;
const SCRIPT_NONSPACE_MARK: u8 = 1;
const SCRIPT_EXTENSION_A: u8 = 5;
const SCRIPT_PUNCTUATION: u8 = 6;
const SCRIPT_SYMBOL_FIRST: u8 = 7;
const SCRIPT_SYMBOL_LAST: u8 = 12;
const SCRIPT_HEBREW: u8 = 40;
const SCRIPT_ARABIC: u8 = 41;
const SCRIPT_PUA_FIRST: u8 = 169;
const SCRIPT_PUA_LAST: u8 = 175;

// case weight bits
const CASE_FULLWIDTH: u8 = 0x01;
const CASE_SUBSCRIPT: u8 = 0x08;
const CASE_UPPER: u8 = 0x10;
const CASE_KATAKANA: u8 = 0x20;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Weights {
    primary: u8,
    script: u8,
    diacritic: u8,
    case: u8,
}

impl Weights {
    fn unpack(v: u32) -> Weights {
        Weights {
            primary: (v >> 24) as u8,
            script: (v >> 16) as u8,
            diacritic: (v >> 8) as u8,
            case: v as u8,
        }
    }
}

/// Latin ligatures Windows sorts as two letters.
fn expansion(u: u16) -> Option<[u16; 2]> {
    Some(match u {
        0x00C6 => [0x41, 0x45],
        0x00E6 => [0x61, 0x65],
        0x00DE => [0x54, 0x48],
        0x00FE => [0x74, 0x68],
        0x00DF => [0x73, 0x73],
        0x1E9E => [0x53, 0x53],
        0x0132 => [0x49, 0x4A],
        0x0133 => [0x69, 0x6A],
        0x0152 => [0x4F, 0x45],
        0x0153 => [0x6F, 0x65],
        0x01C4 => [0x44, 0x17D],
        0x01C5 => [0x44, 0x17E],
        0x01C6 => [0x64, 0x17E],
        0x01C7 => [0x4C, 0x4A],
        0x01C8 => [0x4C, 0x6A],
        0x01C9 => [0x6C, 0x6A],
        0x01CA => [0x4E, 0x4A],
        0x01CB => [0x4E, 0x6A],
        0x01CC => [0x6E, 0x6A],
        0x01F1 => [0x44, 0x5A],
        0x01F2 => [0x44, 0x7A],
        0x01F3 => [0x64, 0x7A],
        0xFB00 => [0x66, 0x66],
        0xFB01 => [0x66, 0x69],
        0xFB02 => [0x66, 0x6C],
        0xFB05 | 0xFB06 => [0x73, 0x74],
        _ => return None,
    })
}

/// The weights of one UTF-16 code unit (expansions are handled by the caller).
fn weights_of(u: u16) -> Weights {
    for (first, table) in RANGES.iter() {
        let i = u.wrapping_sub(*first) as usize;
        if u >= *first && i < table.len() {
            return Weights::unpack(table[i]);
        }
    }
    let n = u as u32;
    let w = |primary: u32, script: u8, diacritic: u32, case: u8| Weights {
        primary: primary as u8,
        script,
        diacritic: diacritic as u8,
        case,
    };
    match u {
        // high surrogates
        0xD800..=0xD83F => w(2 + n - 0xD800, 0xB0, 0x3F, 0x3F),
        0xD840..=0xD87F => w(2 + n - 0xD840, 0xFE, 0x3E, 0x3E),
        0xD880..=0xDB7F => w(0, SCRIPT_UNSORTABLE, 0, 0),
        0xDB80..=0xDBFF => w(2 + n - 0xDB80, 0xFF, 0x3E, 0x3E),
        // low surrogates: 254 weights (2..=0xFF) per script byte
        0xDC00..=0xDC07 => w(0xF8 + n - 0xDC00, 0xB4, 0x3F, 0x3F),
        0xDC08..=0xDFFF => {
            let t = n - 0xDC08;
            w(2 + t % 254, 0xB5 + (t / 254) as u8, 0x3F, 0x3F)
        }
        // CJK ideographs: four-byte primary weights (FD FF primary diacritic)
        0x4E00..=0x9FCB => {
            let t = 0x68 + n - 0x4E00;
            w(0x3C + t / 254, SCRIPT_EXTENSION_A, 2 + t % 254, 2)
        }
        0x3400..=0x4DB5 => {
            let t = n - 0x3400;
            w(0x8F + t / 254, SCRIPT_EXTENSION_A, 2 + t % 254, 2)
        }
        0xFFFE | 0xFFFF => w(0, SCRIPT_UNSORTABLE, 0, 0),
        _ => fallback_weights(u),
    }
}

/// Made-up weights for code units outside the table: three bytes ordering
/// the lowercase form by code point (`script` is the first byte, `primary`
/// the second, `diacritic` carries the third; see `append`).
fn fallback_weights(u: u16) -> Weights {
    let (folded, upper) = match char::from_u32(u as u32) {
        Some(c) => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if (l as u32) <= 0xFFFF && l != c => (l as u32 as u16, true),
                _ => (u, false),
            }
        }
        None => (u, false),
    };
    Weights {
        script: 0xF0 | (folded >> 12) as u8,
        primary: 2 + ((folded >> 6) & 0x3F) as u8,
        diacritic: 2 + (folded & 0x3F) as u8,
        case: if upper { 0x12 } else { 0x02 },
    }
}

/// Whether weights came from `fallback_weights` (3-byte primary).
fn is_fallback(u: u16) -> bool {
    !RANGES
        .iter()
        .any(|(first, t)| u >= *first && ((u - *first) as usize) < t.len())
        && !matches!(u, 0xD800..=0xDFFF | 0x4E00..=0x9FCB | 0x3400..=0x4DB5 | 0xFFFE | 0xFFFF)
}

struct Keys {
    primary: Vec<u8>,
    diacritic: Vec<u8>,
    case: Vec<u8>,
    special: Vec<u8>,
}

fn append(keys: &mut Keys, u: u16, w: Weights, flags: u32, case_mask: u8) {
    let mut w = w;
    w.case &= case_mask;
    if flags & NORM_IGNORECASE != 0 && (0xD800..=0xDFFF).contains(&u) {
        w.case = 2;
    }
    let ignore_nonspace = flags & NORM_IGNORENONSPACE != 0;
    let push_diacritic = |keys: &mut Keys, d: u8| {
        if !ignore_nonspace {
            keys.diacritic.push(d);
        }
    };
    if is_fallback(u) {
        keys.primary
            .extend_from_slice(&[w.script, w.primary, w.diacritic]);
        push_diacritic(keys, 2);
        keys.case.push(w.case);
        return;
    }
    match w.script {
        SCRIPT_UNSORTABLE => {}
        SCRIPT_NONSPACE_MARK => {
            if ignore_nonspace {
                return;
            }
            let d = if flags & LINGUISTIC_IGNOREDIACRITIC != 0 {
                2
            } else {
                w.diacritic
            };
            match keys.diacritic.last_mut() {
                Some(last) => *last = last.wrapping_add(d),
                None => keys.diacritic.push(d),
            }
        }
        SCRIPT_EXTENSION_A => {
            keys.primary
                .extend_from_slice(&[0xFD, 0xFF, w.primary, w.diacritic]);
            push_diacritic(keys, 2);
            keys.case.push(2);
        }
        SCRIPT_PUNCTUATION if flags & SORT_STRINGSORT == 0 => {
            if flags & NORM_IGNORESYMBOLS != 0 {
                return;
            }
            let mut case = w.case;
            let mut diacritic = w.diacritic;
            if flags & LINGUISTIC_IGNORECASE != 0 {
                case = 2;
            }
            if flags & LINGUISTIC_IGNOREDIACRITIC != 0 {
                diacritic = 2;
            }
            // position: minus the number of primary weights before it, minus one
            let pos = (-((keys.primary.len() / 2) as i32) - 1) as i16 as u16;
            keys.special.extend_from_slice(&pos.to_be_bytes());
            keys.special.push(w.primary);
            keys.special.push(case | (diacritic << 3));
        }
        s => {
            let symbol =
                s == SCRIPT_PUNCTUATION || (SCRIPT_SYMBOL_FIRST..=SCRIPT_SYMBOL_LAST).contains(&s);
            if symbol && flags & NORM_IGNORESYMBOLS != 0 {
                return;
            }
            keys.primary.push(s);
            keys.primary.push(w.primary);
            if (SCRIPT_PUA_FIRST..=SCRIPT_PUA_LAST).contains(&s) {
                keys.primary.push(w.diacritic);
                keys.case.push(w.case);
                return;
            }
            let (mut d, mut c) = (w.diacritic, w.case);
            if s <= SCRIPT_ARABIC && s != SCRIPT_HEBREW {
                if flags & LINGUISTIC_IGNOREDIACRITIC != 0 {
                    d = 2;
                }
                if flags & LINGUISTIC_IGNORECASE != 0 {
                    c = 2;
                }
            }
            push_diacritic(keys, d);
            keys.case.push(c);
        }
    }
}

/// The sort key of UTF-16 text for the given LCMapString flags (see the
/// module comment for what is exact). With flags == LCMAP_UPPERCASE, ESE's
/// alternative normalization: the uppercased text as big-endian UTF-16 plus
/// a 0x0000 terminator. `_lcid` is accepted for every locale (the default
/// table is used).
pub fn map_string(units: &[u16], flags: u32, _lcid: u32) -> JetResult<Vec<u8>> {
    if flags & LCMAP_SORTKEY == 0 {
        return Ok(uppercase_be(units));
    }
    let mut case_mask: u8 = 0x3F;
    if flags & NORM_IGNORECASE != 0 {
        case_mask &= !(CASE_UPPER | CASE_SUBSCRIPT);
    }
    if flags & NORM_IGNOREWIDTH != 0 {
        case_mask &= !CASE_FULLWIDTH;
    }
    if flags & NORM_IGNOREKANATYPE != 0 {
        case_mask &= !CASE_KATAKANA;
    }
    let mut keys = Keys {
        primary: Vec::with_capacity(units.len() * 2),
        diacritic: Vec::with_capacity(units.len()),
        case: Vec::with_capacity(units.len()),
        special: Vec::new(),
    };
    for &u in units {
        match expansion(u) {
            Some(parts) => {
                for p in parts {
                    append(&mut keys, p, weights_of(p), flags, case_mask);
                }
            }
            None => append(&mut keys, u, weights_of(u), flags, case_mask),
        }
    }
    let trim = |v: &mut Vec<u8>| {
        while v.last().is_some_and(|&b| b <= 2) {
            v.pop();
        }
    };
    trim(&mut keys.diacritic);
    trim(&mut keys.case);
    let mut out = keys.primary;
    out.push(0x01);
    out.extend_from_slice(&keys.diacritic);
    out.push(0x01);
    out.extend_from_slice(&keys.case);
    out.push(0x01);
    out.push(0x01);
    out.extend_from_slice(&keys.special);
    out.push(0x00);
    Ok(out)
}

/// LCMAP_UPPERCASE mode: simple uppercase (single code point mappings only,
/// as LCMapString does), big-endian, 0x0000 terminated.
fn uppercase_be(units: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(units.len() * 2 + 2);
    for &u in units {
        let up = char::from_u32(u as u32)
            .and_then(|c| {
                let mut it = c.to_uppercase();
                match (it.next(), it.next()) {
                    (Some(x), None) if (x as u32) <= 0xFFFF => Some(x as u32 as u16),
                    _ => None,
                }
            })
            .unwrap_or(u);
        out.extend_from_slice(&up.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::spec::LCMAP_FLAGS_DEFAULT;

    fn key(s: &str) -> Vec<u8> {
        let units: Vec<u16> = s.encode_utf16().collect();
        map_string(&units, LCMAP_FLAGS_DEFAULT, 1033).unwrap()
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn sample_unicode_text() {
        // JetRetrieveKey of the sample's "Simple Unicode text 🦊" (prefix byte dropped)
        assert_eq!(
            key("Simple Unicode text \u{1F98A}"),
            hex(
                "0e910e320e510e7e0e480e2107020e9f0e700e320e0a0e7c0e1a0e2107020e990e210ea60e990702b040b686\
                 0102020202020202020202020202020202020202023f3f01010100"
            )
        );
    }

    #[test]
    fn ascii_letters_digits_punctuation() {
        assert_eq!(key("a"), [0x0e, 0x02, 1, 1, 1, 1, 0]);
        assert_eq!(key("A"), key("a"));
        assert_eq!(key("Z"), [0x0e, 0xa9, 1, 1, 1, 1, 0]);
        assert_eq!(key("09"), [0x0d, 0x03, 0x0d, 0x2a, 1, 1, 1, 1, 0]);
        assert_eq!(key(" "), [0x07, 0x02, 1, 1, 1, 1, 0]);
        // hyphen in word sort: special weight at position -(2 primaries)-1
        assert_eq!(key("co-op"), hex("0e0a0e7c0e7c0e7e01010101fffd821200"));
        // with SORT_STRINGSORT it is a symbol
        let units: Vec<u16> = "-".encode_utf16().collect();
        assert_eq!(
            map_string(&units, LCMAP_FLAGS_DEFAULT | SORT_STRINGSORT, 1033).unwrap(),
            [6, 0x82, 1, 1, 1, 1, 0]
        );
    }

    #[test]
    fn diacritics_and_case() {
        // é: e with diacritic 0x0e
        assert_eq!(key("\u{e9}"), [0x0e, 0x21, 1, 0x0e, 1, 1, 1, 0]);
        // e + combining acute adds to the previous diacritic weight
        assert_eq!(key("e\u{301}"), [0x0e, 0x21, 1, 2 + 0x0c, 1, 1, 1, 0]);
        // without IGNORECASE the uppercase letter has case weight 0x12
        let units: Vec<u16> = "aA".encode_utf16().collect();
        assert_eq!(
            map_string(&units, LCMAP_SORTKEY, 1033).unwrap(),
            [0x0e, 2, 0x0e, 2, 1, 1, 2, 0x12, 1, 1, 0]
        );
        assert!(key("resume") < key("r\u{e9}sum\u{e9}"));
        assert!(key("r\u{e9}sum\u{e9}") < key("resumes"));
    }

    #[test]
    fn expansions_and_fallback() {
        assert_eq!(key("\u{df}"), key("ss"));
        assert_eq!(key("\u{c6}"), key("ae"));
        // fallback: Armenian, case-insensitive, after Latin
        assert_eq!(key("\u{531}"), key("\u{561}"));
        assert!(key("z") < key("\u{561}"));
        assert!(key("\u{561}") < key("\u{562}"));
        // unpaired surrogates don't panic
        let _ = map_string(&[0xD800, 0xDC00, 0xDFFF, 0xDBFF], LCMAP_FLAGS_DEFAULT, 1033).unwrap();
    }

    #[test]
    fn uppercase_mode() {
        let units: Vec<u16> = "ab\u{e9}".encode_utf16().collect();
        assert_eq!(
            map_string(&units, LCMAP_UPPERCASE, 1033).unwrap(),
            [0, b'A', 0, b'B', 0, 0xc9, 0, 0]
        );
    }

    #[test]
    fn primary_weights_never_contain_separator_bytes() {
        // partial-limit keys search for the first 0x01 after the primary weights
        for u in 0..=0xFFFFu16 {
            let k = map_string(&[u], LCMAP_FLAGS_DEFAULT, 1033).unwrap();
            let first_sep = k.iter().position(|&b| b == 1).unwrap();
            assert!(
                k[..first_sep].iter().all(|&b| b >= 2),
                "u+{u:04x}: {k:02x?}"
            );
        }
    }
}
