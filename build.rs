//! Writes include/esent.h from src/abi and src/api with cbindgen.
//!
//! cbindgen cannot spell C's anonymous unions and bitfields, so src/abi names
//! those members `__anon_*` and `__bits_*`; `finish_header` inlines them so the
//! header has exactly the member names of Microsoft's esent.h. It also appends
//! the unsuffixed names (`JetOpenTable` for `JetOpenTableA`/`W`, `JET_RSTMAP`
//! for `JET_RSTMAP_A`/`_W`) chosen by JET_UNICODE, as the real header does.
//!
//! The header is written to OUT_DIR and, when it differs, to include/esent.h,
//! so a build leaves a committed header that is current; the test
//! `header_is_current` fails if the committed one is stale.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src/abi");
    println!("cargo:rerun-if-changed=src/api");
    println!("cargo:rerun-if-changed=build.rs");

    let mut sources = Vec::new();
    for dir in ["src/abi", "src/api"] {
        collect_rs(&root.join(dir), &mut sources);
    }
    sources.sort();

    let mut config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    // Emit every public type of src/abi, also those no function mentions.
    let types = fs::read_to_string(root.join("src/abi/types.rs")).expect("src/abi/types.rs");
    for line in types.lines() {
        for prefix in ["pub struct ", "pub type ", "pub union "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.contains("_anon") {
                    config.export.include.push(name);
                }
            }
        }
    }

    let mut builder = cbindgen::Builder::new().with_config(config);
    for s in &sources {
        builder = builder.with_src(s);
    }
    let bindings = builder.generate().expect("cbindgen could not read src/abi and src/api");
    let mut raw = Vec::new();
    bindings.write(&mut raw);
    let header = finish_header(&dedupe_items(&String::from_utf8(raw).expect("utf-8 header")));

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("esent.h");
    fs::write(&out, &header).expect("write OUT_DIR/esent.h");
    let committed = root.join("include/esent.h");
    if fs::read_to_string(&committed).ok().as_deref() != Some(header.as_str()) {
        fs::create_dir_all(root.join("include")).ok();
        fs::write(&committed, &header).expect("write include/esent.h");
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Inlines the helper unions/structs, rewrites bitfields, appends the A/W macros.
fn finish_header(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // 1. collect helper type bodies: `typedef union NAME_anonN { ... } NAME_anonN;`
    let mut helpers: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut keep = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some((kind, name)) = helper_start(l) {
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].starts_with('}') {
                body.push(lines[i].to_string());
                i += 1;
            }
            helpers.insert(name, (kind, body));
            i += 1; // the closing line
            // drop one blank line after the block
            if i < lines.len() && lines[i].trim().is_empty() {
                i += 1;
            }
            continue;
        }
        keep.push(l.to_string());
        i += 1;
    }
    // 2. expand the members that use them
    let mut out = Vec::new();
    for l in keep {
        expand_member(&l, &helpers, &mut out);
    }
    let mut text = out.join("\n");
    text.push('\n');
    // 3. the unsuffixed names
    let trailer = unsuffixed_names(&text);
    // place them before the closing of the include guard / extern "C"
    let marker = "#ifdef __cplusplus\n}  // extern \"C\"";
    if let Some(pos) = text.rfind(marker) {
        text.insert_str(pos, &trailer);
    } else if let Some(pos) = text.rfind("#endif  /* _JET_INCLUDED */") {
        text.insert_str(pos, &trailer);
    } else {
        text.push_str(&trailer);
    }
    text
}

/// cbindgen sometimes writes a type twice (once per cfg context it meets it in);
/// items are separated by blank lines, so drop repeated multi-line items.
fn dedupe_items(text: &str) -> String {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for item in text.split("\n\n") {
        if item.lines().count() > 2 && item.contains("typedef") && !seen.insert(item.to_string()) {
            continue;
        }
        out.push(item);
    }
    out.join("\n\n")
}

fn helper_start(l: &str) -> Option<(String, String)> {
    let rest = l.strip_prefix("typedef ")?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix("union ") {
        ("union", r)
    } else if let Some(r) = rest.strip_prefix("struct ") {
        ("struct", r)
    } else {
        return None;
    };
    let rest = rest.strip_prefix("__attribute__((packed)) ").unwrap_or(rest);
    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if name.contains("_anon") && rest[name.len()..].trim() == "{" {
        Some((kind.to_string(), name))
    } else {
        None
    }
}

fn expand_member(line: &str, helpers: &BTreeMap<String, (String, Vec<String>)>, out: &mut Vec<String>) {
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let t = line.trim();
    // `union NAME_anonN __anon_N;`
    let words: Vec<&str> = t.trim_end_matches(';').split_whitespace().collect();
    if t.ends_with(';') && words.len() == 3 && (words[0] == "union" || words[0] == "struct") && words[2].starts_with("__anon") {
        if let Some((kind, body)) = helpers.get(words[1]) {
            out.push(format!("{indent}{kind} {{"));
            for b in body {
                expand_member(&format!("{indent}{b}"), helpers, out);
            }
            out.push(format!("{indent}}};"));
            return;
        }
    }
    // `uint8_t __bits_fTimeIsUTC_1_bMillisecondsLow_7;`
    if words.len() == 2 && words[1].starts_with("__bits_") && t.ends_with(';') {
        let ty = words[0];
        let spec = &words[1]["__bits_".len()..];
        let parts: Vec<&str> = spec.split('_').collect();
        // names may not contain '_' followed by digits only; pair up name/width from the end
        let mut fields = Vec::new();
        let mut j = 0;
        while j < parts.len() {
            let mut name = parts[j].to_string();
            j += 1;
            while j < parts.len() && parts[j].parse::<u32>().is_err() {
                name.push('_');
                name.push_str(parts[j]);
                j += 1;
            }
            let width = parts.get(j).copied().unwrap_or("1");
            j += 1;
            fields.push(format!("{indent}  {ty} {name}:{width};"));
        }
        out.push(format!("{indent}struct {{"));
        out.extend(fields);
        out.push(format!("{indent}}};"));
        return;
    }
    out.push(line.to_string());
}

/// `#define JetFoo JetFooW` / `JetFooA` by JET_UNICODE, for every declared A/W pair.
fn unsuffixed_names(text: &str) -> String {
    let mut funcs = BTreeSet::new();
    let mut types = BTreeSet::new();
    for l in text.lines() {
        let t = l.trim_start();
        if let Some(p) = t.find('(') {
            let head = &t[..p];
            if let Some(name) = head.split_whitespace().last() {
                if name.starts_with("Jet") {
                    funcs.insert(name.to_string());
                }
            }
        }
        if let Some(r) = t.strip_prefix("} ") {
            let name = r.trim_end_matches(';');
            if name.starts_with("JET_") {
                types.insert(name.to_string());
            }
        }
    }
    let mut s = String::from("\n/* Unsuffixed names, chosen by JET_UNICODE as in ESENT's esent.h. */\n");
    let mut pairs = Vec::new();
    for f in &funcs {
        if let Some(base) = f.strip_suffix('A') {
            if funcs.contains(&format!("{base}W")) {
                pairs.push((base.to_string(), format!("{base}W"), f.clone()));
            }
        }
    }
    for t in &types {
        if let Some(base) = t.strip_suffix("_A") {
            if types.contains(&format!("{base}_W")) {
                pairs.push((base.to_string(), format!("{base}_W"), t.clone()));
            }
        }
    }
    s.push_str("#ifdef JET_UNICODE\n");
    for (base, w, _) in &pairs {
        s.push_str(&format!("#define {base} {w}\n"));
    }
    s.push_str("#define JET_cbNameMost 128\n#define JET_cbFullNameMost 510\n");
    s.push_str("#else\n");
    for (base, _, a) in &pairs {
        s.push_str(&format!("#define {base} {a}\n"));
    }
    s.push_str("#define JET_cbNameMost 64\n#define JET_cbFullNameMost 255\n");
    s.push_str("#endif\n\n");
    s.push_str("/* Registry names of ESENT's configuration store (unused on Linux, kept for source compatibility). */\n");
    s.push_str("#define JET_wszConfigStoreReadControl L\"CsReadControl\"\n");
    s.push_str("#define JET_wszConfigStoreRelPathSysParamDefault L\"SysParamDefault\"\n");
    s.push_str("#define JET_wszConfigStoreRelPathSysParamOverride L\"SysParamOverride\"\n\n");
    s
}
