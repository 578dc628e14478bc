//! A database made through the DDL API is read by independent readers.
//!
//! Builds libesent.so (like tests/c_harness.rs), compiles and runs
//! c-tests/test_ddl_readers.c in its own scratch directory
//! (<profile>/c-tests/readers/test_ddl_readers.run), then reads the
//! readers.edb it leaves there with dissect.esedb through
//! ../shared/edb-samples/dissect_dump.py and compares every table, column,
//! index and record with what the C program created; libesedb's esedbexport,
//! when installed, must export the same tables.
//!
//! Needs python3 with dissect.esedb (`pip install dissect.esedb`); set
//! ESENT_SKIP_DISSECT=1 to skip where it cannot be installed.

use std::path::PathBuf;
use std::process::Command;

#[allow(dead_code)]
mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compile and run the C program once; returns its scratch directory.
fn make_database() -> PathBuf {
    static DB: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DB.get_or_init(build_database).clone()
}

fn build_database() -> PathBuf {
    let lib = common::build_library();
    let out_dir = lib.join("c-tests").join("readers");
    std::fs::create_dir_all(&out_dir).expect("output dir");
    let exe = out_dir.join("test_ddl_readers");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(cc)
        .args(["-std=c11", "-D_DEFAULT_SOURCE", "-Wall", "-Wextra", "-Werror", "-g", "-pthread", "-I"])
        .arg(root().join("include"))
        .arg("-I")
        .arg(root().join("c-tests"))
        .arg(root().join("c-tests").join("test_ddl_readers.c"))
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib)
        .arg("-lesent")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .output()
        .expect("run the C compiler");
    assert!(out.status.success(), "compiling failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let scratch = exe.with_extension("run");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let out = Command::new(&exe).current_dir(&scratch).output().expect("run test_ddl_readers");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "test_ddl_readers failed:\n{text}{}", String::from_utf8_lossy(&out.stderr));
    scratch
}

/// dissect_dump's canonical dump, one line per table, column, index and record.
const LINES: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
from dissect_dump import dump
out, stats = dump(sys.argv[2])
j = lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"))
for t in out["tables"]:
    print("table|" + t["name"] + "|" + str(t["record_count"]))
    for c in t["columns"]:
        print("column|" + t["name"] + "|" + j(c))
    for i in t["indexes"]:
        print("index|" + t["name"] + "|" + j(i))
    for r in t["records"]:
        print("record|" + t["name"] + "|" + j(r))
for k, v in stats.items():
    print("note|" + k + "|" + str(v))
"#;

#[allow(clippy::too_many_arguments)]
fn column(name: &str, id: u32, coltyp: u32, coltyp_name: &str, cb_max: u32, flags: &[&str], default: &str, cp: Option<u32>) -> String {
    let flags: Vec<String> = flags.iter().map(|f| format!("\"{f}\"")).collect();
    let cp = cp.map_or(String::new(), |c| format!(",\"cp\":{c}"));
    format!(
        "{{\"cbMax\":{cb_max},\"coltyp\":{coltyp},\"coltyp_name\":\"{coltyp_name}\",\"columnid\":{id}{cp},\"default\":{default},\"flags\":[{}],\"name\":\"{name}\"}}",
        flags.join(",")
    )
}

fn index(name: &str, key: &[&str], flags: &[&str]) -> String {
    let q = |v: &[&str]| v.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(",");
    format!("{{\"flags\":[{}],\"key\":[{}],\"name\":\"{name}\"}}", q(flags), q(key))
}

/// A JSON object as Python's json.dumps(sort_keys=True) writes it compactly.
fn object(pairs: &[(&str, &str)]) -> String {
    let mut p = pairs.to_vec();
    p.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = p.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

/// What test_ddl_readers.c created, as dissect_dump reports it.
fn expected() -> Vec<String> {
    let mut v = Vec::new();
    let t = "AllTypes";
    v.push(format!("table|{t}|2"));
    let cols = [
        column("Id", 1, 4, "Long", 4, &["Fixed", "NotNULL", "Autoincrement"], "null", None),
        column("Flag", 2, 1, "Bit", 1, &["Fixed"], "null", None),
        column("Byte", 3, 2, "UnsignedByte", 1, &["Fixed"], "null", None),
        column("Short", 4, 3, "Short", 2, &["Fixed"], "null", None),
        column("UShort", 5, 17, "UnsignedShort", 2, &["Fixed"], "null", None),
        column("Long", 6, 4, "Long", 4, &["Fixed"], "null", None),
        column("ULong", 7, 14, "UnsignedLong", 4, &["Fixed"], "null", None),
        column("LongLong", 8, 15, "LongLong", 8, &["Fixed"], "null", None),
        column("Money", 9, 5, "Currency", 8, &["Fixed"], "null", None),
        column("Single", 10, 6, "IEEESingle", 4, &["Fixed"], "null", None),
        column("Double", 11, 7, "IEEEDouble", 8, &["Fixed"], "null", None),
        column("When", 12, 8, "DateTime", 8, &["Fixed"], "null", None),
        column("Guid", 13, 16, "GUID", 16, &["Fixed"], "null", None),
        column("FixBin", 14, 9, "Binary", 8, &["Fixed"], "null", None),
        column("Defaulted", 15, 3, "Short", 2, &["Fixed"], "42", None),
        // the deleted column: a stub keeps its id and its record space (ESE's JetStub_<objid>_<id>)
        column("JetStub_8_16", 16, 0, "Nil", 4, &["Fixed"], "null", None),
        column("Bin", 128, 9, "Binary", 100, &[], "null", None),
        column("Text", 129, 10, "Text", 255, &[], "null", Some(1252)),
        column("UText", 130, 10, "Text", 200, &[], "null", Some(1200)),
        column("LongBin", 256, 11, "LongBinary", 0, &["Tagged"], "null", None),
        column("LongText", 257, 12, "LongText", 0, &["Tagged"], "null", Some(1252)),
        column("ULongText", 258, 12, "LongText", 0, &["Tagged", "Compressed"], "null", Some(1200)),
        column("Tags", 259, 10, "Text", 255, &["Tagged", "MultiValued"], "null", Some(1252)),
        column("Numbers", 260, 4, "Long", 4, &["Tagged", "MultiValued"], "null", None),
        column("Note", 261, 10, "Text", 255, &["Tagged"], "null", Some(1252)),
    ];
    v.extend(cols.iter().map(|c| format!("column|{t}|{c}")));
    let idx = [
        index("ByGuidUnique", &["+Guid"], &["Unique", "IgnoreNull"]),
        index("ByLong", &["+Long"], &["IgnoreNull"]),
        index("ByMoneyWhen", &["-Money", "+When"], &[]),
        index("ByNote", &["+Long", "+Id"], &[]),
        index("ByTags", &["+Tags"], &["IgnoreNull", "IgnoreAnyNull", "IgnoreFirstNull"]),
        index("ByTextDesc", &["-Text"], &[]),
        index("ByUText", &["+UText"], &[]),
        index("PK", &["+Id"], &["Primary", "Unique"]),
    ];
    v.extend(idx.iter().map(|i| format!("index|{t}|{i}")));
    let big: String = (0..5000u32).map(|i| format!("{:02x}", (i * 7) & 0xff)).collect();
    let big = format!("\"{big}\"");
    let first = [
        ("Id", "1"),
        ("Flag", "true"),
        ("Byte", "200"),
        ("Short", "-300"),
        ("UShort", "60000"),
        ("Long", "-7"),
        ("ULong", "4000000000"),
        ("LongLong", "-1234567890123"),
        ("Money", "4250000"),
        ("Single", "\"1.5\""),
        ("Double", "\"-2.25\""),
        ("When", "\"45000.5\""),
        ("Guid", "\"00112233-4455-6677-8899-aabbccddeeff\""),
        ("FixBin", "\"0102030000000000\""),
        ("Defaulted", "42"),
        // the stub keeps the deleted value's bytes in the record
        ("JetStub_8_16", "{\"raw_hex\":\"63000000\"}"),
        ("Bin", "\"deadbeef\""),
        ("Text", "\"Alpha\""),
        ("UText", "\"h\\u00e9llo\""),
        ("LongBin", big.as_str()),
        ("LongText", "\"a long text value\""),
        ("ULongText", "\"wide text\""),
        ("Tags", "[\"red\",\"green\",\"blue\"]"),
        ("Numbers", "[10,20]"),
        ("Note", "\"note\""),
    ];
    v.push(format!("record|{t}|{}", object(&first)));
    let second: Vec<(&str, &str)> = first
        .iter()
        .map(|(k, _)| match *k {
            "Id" => (*k, "2"),
            "Defaulted" => (*k, "42"),
            "Text" => (*k, "\"Beta\""),
            "Numbers" => (*k, "[30]"),
            _ => (*k, "null"),
        })
        .collect();
    v.push(format!("record|{t}|{}", object(&second)));
    let s = "Small";
    v.push(format!("table|{s}|2"));
    v.push(format!("column|{s}|{}", column("Name", 128, 10, "Text", 255, &[], "null", Some(1200))));
    v.push(format!("index|{s}|{}", index("ByName", &["+Name"], &["Unique"])));
    v.push(format!("record|{s}|{{\"Name\":\"zed\"}}"));
    v.push(format!("record|{s}|{{\"Name\":\"abe\"}}"));
    v
}

#[test]
fn dissect_reads_what_the_ddl_api_created() {
    if std::env::var_os("ESENT_SKIP_DISSECT").is_some() {
        eprintln!("ESENT_SKIP_DISSECT is set: skipped");
        return;
    }
    let found = Command::new("python3").args(["-c", "import dissect.esedb"]).output().is_ok_and(|o| o.status.success());
    assert!(found, "python3 with dissect.esedb is needed: pip install dissect.esedb (or set ESENT_SKIP_DISSECT=1)");
    let scratch = make_database();
    let db = scratch.join("readers.edb");
    let shared = root().join("..").join("shared").join("edb-samples");
    let shared = if shared.join("dissect_dump.py").exists() { shared } else { PathBuf::from("/work/shared/edb-samples") };
    let out = Command::new("python3").arg("-c").arg(LINES).arg(&shared).arg(&db).output().expect("run python3");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "dissect_dump failed:\n{text}{}", String::from_utf8_lossy(&out.stderr));
    let got: Vec<&str> = text.lines().collect();
    let want = expected();
    for (i, w) in want.iter().enumerate() {
        let g = got.get(i).copied().unwrap_or("(missing)");
        assert_eq!(g, w, "line {i} of the dump differs");
    }
    assert_eq!(got.len(), want.len(), "extra lines in the dump:\n{}", got[want.len().min(got.len())..].join("\n"));
}

#[test]
fn esedbexport_exports_the_tables() {
    if Command::new("esedbexport").arg("-V").output().is_err() {
        eprintln!("esedbexport (libesedb-utils) is not installed: skipped");
        return;
    }
    let scratch = make_database().join("..").join("readers-export");
    let db = scratch.with_file_name("test_ddl_readers.run").join("readers.edb");
    let _ = std::fs::remove_dir_all(&scratch);
    let target = scratch.join("x");
    std::fs::create_dir_all(&scratch).expect("export dir");
    let out = Command::new("esedbexport").arg("-t").arg(&target).arg(&db).output().expect("run esedbexport");
    assert!(out.status.success(), "esedbexport failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let dir = scratch.join("x.export");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(read("Small.5"), "Name\nzed\nabe\n");
    let all = read("AllTypes.4");
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines.len(), 3, "{all}");
    assert!(lines[0].starts_with("Id\tFlag\tByte\tShort\tUShort\tLong\tULong\tLongLong\tMoney"), "{}", lines[0]);
    assert!(lines[1].starts_with("1\ttrue\t200\t-300\t60000\t-7\t4000000000\t-1234567890123\t4250000\t"), "{}", lines[1]);
    assert!(lines[1].contains("\tAlpha\th\u{e9}llo\t"), "{}", lines[1]);
    assert!(lines[1].contains("red; green; blue"), "{}", lines[1]);
}
