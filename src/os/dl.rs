//! Persisted callback names ("library!function") to function addresses,
//! through dlopen/dlsym: the Linux form of ESE's ErrCALLBACKResolve
//! (LoadLibrary + GetProcAddress).
//!
//! What the library part means here:
//! - empty ("!function"), or the path of the running executable: the main
//!   program and every library it loaded with global symbols (dlopen(NULL));
//!   on Windows, LoadLibrary of the executable's own name gives the same
//!   module. The executable must export the function (link it with -rdynamic
//!   or --export-dynamic-symbol);
//! - anything else goes to dlopen as it is: a name with a '/' is a path, a
//!   bare name ("libudd.so.1") is searched as dlopen searches
//!   (LD_LIBRARY_PATH, the ld.so cache, the default directories).
//!
//! A library once loaded stays loaded for the life of the process (ESE keeps
//! its libraries until it terminates; a table may hold the address at any
//! time), and is opened once per name. As in ESE, a function not found under
//! its name is also looked up as "function@32" (the stdcall decoration, which
//! a library ported from Windows may keep).
//!
//! Owns: the library table. Must never: call the functions it finds.

use std::collections::HashMap;
use std::ffi::CString;

use parking_lot::Mutex;

use crate::error::{JetError, JetResult};

/// JET_cbColumnMost: the longest callback name ESE accepts.
const CALLBACK_NAME_MOST: usize = 255;

/// A dlopen handle, kept as an address (handles are process-wide and never closed).
static LIBRARIES: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

/// The library and function of "library!function" (split at the first '!').
pub fn split(spec: &str) -> JetResult<(&str, &str)> {
    if spec.len() > CALLBACK_NAME_MOST {
        return Err(JetError::InvalidParameter);
    }
    let (lib, func) = spec.split_once('!').ok_or(JetError::InvalidParameter)?;
    Ok((lib, func))
}

/// Whether `lib` names the running executable.
fn is_main_program(lib: &str) -> bool {
    if lib.is_empty() {
        return true;
    }
    if !lib.contains('/') {
        return false;
    }
    match (std::fs::canonicalize(lib), std::fs::canonicalize("/proc/self/exe")) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The handle of a library, loading it on first use.
fn library(lib: &str) -> JetResult<usize> {
    let mut guard = LIBRARIES.lock();
    let map = guard.get_or_insert_with(HashMap::new);
    if let Some(&h) = map.get(lib) {
        return Ok(h);
    }
    let handle = if is_main_program(lib) {
        // SAFETY: dlopen(NULL) returns the main program's handle; it loads nothing.
        unsafe { libc::dlopen(std::ptr::null(), libc::RTLD_NOW) }
    } else {
        let c = CString::new(lib).map_err(|_| JetError::CallbackNotResolved)?;
        // SAFETY: a NUL-terminated path; loading a library runs its constructors,
        // which is what naming it in a persisted callback asks for.
        unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) }
    };
    if handle.is_null() {
        return Err(JetError::CallbackNotResolved);
    }
    map.insert(lib.to_string(), handle as usize);
    Ok(handle as usize)
}

fn symbol(handle: usize, name: &str) -> Option<usize> {
    let c = CString::new(name).ok()?;
    // SAFETY: a handle from dlopen that is never closed, and a NUL-terminated name.
    let p = unsafe { libc::dlsym(handle as *mut libc::c_void, c.as_ptr()) };
    (!p.is_null()).then_some(p as usize)
}

/// The address of the function a "library!function" name designates:
/// JET_errInvalidParameter for a malformed name (no '!', longer than
/// JET_cbColumnMost), JET_errCallbackNotResolved when the library cannot be
/// loaded or does not have the function.
pub fn resolve(spec: &str) -> JetResult<usize> {
    let (lib, func) = split(spec)?;
    if func.is_empty() {
        return Err(JetError::CallbackNotResolved);
    }
    let h = library(lib)?;
    symbol(h, func).or_else(|| symbol(h, &format!("{func}@32"))).ok_or(JetError::CallbackNotResolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_at_the_first_bang() {
        assert_eq!(split("lib.so!fn").unwrap(), ("lib.so", "fn"));
        assert_eq!(split("!fn").unwrap(), ("", "fn"));
        assert_eq!(split("a!b!c").unwrap(), ("a", "b!c"));
        assert_eq!(split("nofunction"), Err(JetError::InvalidParameter));
        assert_eq!(split(&format!("x!{}", "f".repeat(254))), Err(JetError::InvalidParameter));
        assert!(split(&format!("x!{}", "f".repeat(253))).is_ok());
    }

    #[test]
    fn libc_functions_resolve_from_a_soname_and_the_main_program() {
        // libc is loaded in every process: its symbols are global
        let by_soname = resolve("libc.so.6!strlen").unwrap();
        let global = resolve("!strlen").unwrap();
        assert_ne!(by_soname, 0);
        assert_eq!(by_soname, global);
        // the executable's path means the main program too
        let exe = std::fs::read_link("/proc/self/exe").unwrap();
        assert_eq!(resolve(&format!("{}!strlen", exe.display())).unwrap(), global);
    }

    #[test]
    fn unknown_libraries_and_functions_are_not_resolved() {
        assert_eq!(resolve("libdoes-not-exist-esent.so!f"), Err(JetError::CallbackNotResolved));
        assert_eq!(resolve("/nonexistent/dir/lib.so!f"), Err(JetError::CallbackNotResolved));
        assert_eq!(resolve("libc.so.6!no_such_function_in_libc_esent"), Err(JetError::CallbackNotResolved));
        assert_eq!(resolve("libc.so.6!"), Err(JetError::CallbackNotResolved));
        assert_eq!(resolve("no-bang"), Err(JetError::InvalidParameter));
    }
}
