//! Test support: the Windows-made sample databases of ../shared/edb-samples,
//! decompressed once per test process into a temporary directory (no copy is
//! ever committed).

use std::path::PathBuf;
use std::sync::OnceLock;

pub const SAMPLES: [&str; 6] = ["basic", "binary", "default", "index", "multi", "text"];

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("esent-samples-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

/// Path of a decompressed copy of sample `name` (a fresh copy per call, so a
/// test may write to it).
pub fn sample_copy(name: &str, tag: &str) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/edb-samples").join(format!("{name}.edb.gz"));
    let out = dir().join(format!("{name}-{tag}.edb"));
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("gzip -dc '{}' > '{}'", src.display(), out.display()))
        .status()
        .expect("gzip");
    assert!(status.success(), "cannot decompress {}", src.display());
    out
}

/// The bytes of sample `name`.
pub fn sample_bytes(name: &str) -> Vec<u8> {
    static CACHE: OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap();
    c.entry(name.to_string())
        .or_insert_with(|| {
            let p = sample_copy(name, "ro");
            std::fs::read(p).unwrap()
        })
        .clone()
}
