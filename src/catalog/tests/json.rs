//! A minimal JSON reader for the samples' expected files (tests only).

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64, String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, k: &str) -> &Json {
        match self {
            Json::Obj(v) => v.iter().find(|(n, _)| n == k).map(|(_, j)| j).unwrap_or(&Json::Null),
            _ => &Json::Null,
        }
    }
    pub fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(v) => v,
            _ => &[],
        }
    }
    pub fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => panic!("not a string: {self:?}"),
        }
    }
    pub fn i64(&self) -> i64 {
        match self {
            Json::Num(_, s) => s.parse().unwrap(),
            _ => panic!("not a number: {self:?}"),
        }
    }
}

pub fn parse(s: &str) -> Json {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let v = value(&chars, &mut i);
    ws(&chars, &mut i);
    assert_eq!(i, chars.len(), "trailing data");
    v
}

fn ws(c: &[char], i: &mut usize) {
    while *i < c.len() && c[*i].is_whitespace() {
        *i += 1;
    }
}

fn value(c: &[char], i: &mut usize) -> Json {
    ws(c, i);
    match c[*i] {
        '{' => {
            *i += 1;
            let mut out = Vec::new();
            loop {
                ws(c, i);
                if c[*i] == '}' {
                    *i += 1;
                    return Json::Obj(out);
                }
                let k = match value(c, i) {
                    Json::Str(s) => s,
                    _ => panic!("key"),
                };
                ws(c, i);
                assert_eq!(c[*i], ':');
                *i += 1;
                let v = value(c, i);
                out.push((k, v));
                ws(c, i);
                if c[*i] == ',' {
                    *i += 1;
                }
            }
        }
        '[' => {
            *i += 1;
            let mut out = Vec::new();
            loop {
                ws(c, i);
                if c[*i] == ']' {
                    *i += 1;
                    return Json::Arr(out);
                }
                out.push(value(c, i));
                ws(c, i);
                if c[*i] == ',' {
                    *i += 1;
                }
            }
        }
        '"' => {
            *i += 1;
            let mut units: Vec<u16> = Vec::new();
            loop {
                let ch = c[*i];
                *i += 1;
                match ch {
                    '"' => break,
                    '\\' => {
                        let e = c[*i];
                        *i += 1;
                        match e {
                            'u' => {
                                let h: String = c[*i..*i + 4].iter().collect();
                                *i += 4;
                                units.push(u16::from_str_radix(&h, 16).unwrap());
                            }
                            'n' => units.push(10),
                            't' => units.push(9),
                            'r' => units.push(13),
                            'b' => units.push(8),
                            'f' => units.push(12),
                            other => units.push(other as u16),
                        }
                    }
                    other => {
                        let mut b = [0u16; 2];
                        units.extend_from_slice(other.encode_utf16(&mut b));
                    }
                }
            }
            // lone surrogates survive as U+FFFD: the tests compare through UTF-16 units elsewhere
            Json::Str(String::from_utf16_lossy(&units))
        }
        't' => {
            *i += 4;
            Json::Bool(true)
        }
        'f' => {
            *i += 5;
            Json::Bool(false)
        }
        'n' => {
            *i += 4;
            Json::Null
        }
        _ => {
            let start = *i;
            while *i < c.len() && "+-0123456789.eE".contains(c[*i]) {
                *i += 1;
            }
            let s: String = c[start..*i].iter().collect();
            Json::Num(s.parse().unwrap(), s)
        }
    }
}
