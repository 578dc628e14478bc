//! Locale names and Windows LCIDs, as the catalog needs them: since 2011 ESE
//! stores an index's locale as a name ("en-US", in LocaleName) and reports
//! it as an LCID (JET_INDEXCREATE.lcid, JetGetIndexInfo(JET_IdxInfoLCID)).
//! A small table of common locales; others map to en-US.

/// (LCID, locale name) pairs.
const LOCALES: &[(u32, &str)] = &[
    (0x0009, "en"),
    (0x007F, ""),
    (0x0401, "ar-SA"),
    (0x0404, "zh-TW"),
    (0x0405, "cs-CZ"),
    (0x0406, "da-DK"),
    (0x0407, "de-DE"),
    (0x0408, "el-GR"),
    (0x0409, "en-US"),
    (0x040A, "es-ES_tradnl"),
    (0x040B, "fi-FI"),
    (0x040C, "fr-FR"),
    (0x040D, "he-IL"),
    (0x040E, "hu-HU"),
    (0x0410, "it-IT"),
    (0x0411, "ja-JP"),
    (0x0412, "ko-KR"),
    (0x0413, "nl-NL"),
    (0x0414, "nb-NO"),
    (0x0415, "pl-PL"),
    (0x0416, "pt-BR"),
    (0x0419, "ru-RU"),
    (0x041D, "sv-SE"),
    (0x041F, "tr-TR"),
    (0x0804, "zh-CN"),
    (0x0809, "en-GB"),
    (0x0816, "pt-PT"),
    (0x0C0A, "es-ES"),
];

/// The default locale of new indexes (JET_paramUnicodeIndexDefault's default).
pub const DEFAULT_LOCALE_NAME: &str = "en-US";
pub const DEFAULT_LCID: u32 = 0x0409;

/// The LCID of a locale name (case-insensitive); None if not in the table.
pub fn lcid_from_name(name: &str) -> Option<u32> {
    LOCALES.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)).map(|(l, _)| *l)
}

/// The locale name of an LCID; None if not in the table.
pub fn name_from_lcid(lcid: u32) -> Option<&'static str> {
    LOCALES.iter().find(|(l, _)| *l == lcid).map(|(_, n)| *n)
}

/// A UTF-16LE locale name as stored in MSysObjects' LocaleName.
pub fn decode_name(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units).trim_end_matches('\0').to_string()
}

pub fn encode_name(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lcids() {
        assert_eq!(lcid_from_name("en-us"), Some(1033));
        assert_eq!(name_from_lcid(1033), Some("en-US"));
        assert_eq!(lcid_from_name("xx-YY"), None);
        assert_eq!(decode_name(&encode_name("en-US")), "en-US");
        assert_eq!(encode_name("en-US"), b"e\0n\0-\0U\0S\0");
    }
}
