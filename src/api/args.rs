//! All pointer work of the C boundary: NULL checks, (pv, cb) pairs to slices,
//! A and W strings to Rust strings and back, and output writes.
//!
//! Owns: every `unsafe` of the api layer except callback trampolines.
//! Must never: keep a pointer past the call it came with, or call the engine.
//!
//! The functions trust what the C contract promises (a non-NULL pointer points
//! to as many valid bytes as the call says); they check everything else.
//! A strings are UTF-8 on Linux; W strings are UTF-16 (WCHAR = u16). Text that
//! does not convert is JET_errUnicodeTranslationFail.

use core::ffi::{c_char, c_void};
use std::ptr::NonNull;

use crate::abi::WCHAR;
use crate::error::{JetError, JetResult};

/// An output parameter known to be non-NULL. Writing consumes it, so each
/// output is written at most once, after the engine call succeeded.
pub struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    pub fn write(self, value: T) {
        // SAFETY: non-NULL, and the C contract says it points to a writable T.
        unsafe { self.0.as_ptr().write_unaligned(value) }
    }
}

/// A required output parameter: NULL is JET_errInvalidParameter.
pub fn out<T>(p: *mut T) -> JetResult<Out<T>> {
    NonNull::new(p).map(Out).ok_or(JetError::InvalidParameter)
}

/// An optional output parameter.
pub fn opt_out<T>(p: *mut T) -> Option<Out<T>> {
    NonNull::new(p).map(Out)
}

/// A required input value behind a pointer.
pub fn read<T: Copy>(p: *const T) -> JetResult<T> {
    if p.is_null() {
        return Err(JetError::InvalidParameter);
    }
    // SAFETY: non-NULL, and the C contract says it points to a readable T.
    Ok(unsafe { p.read_unaligned() })
}

/// An optional input value behind a pointer.
pub fn opt_read<T: Copy>(p: *const T) -> Option<T> {
    if p.is_null() {
        None
    } else {
        // SAFETY: as in `read`.
        Some(unsafe { p.read_unaligned() })
    }
}

/// (pv, cb) as bytes. NULL with a non-zero size is JET_errInvalidParameter;
/// NULL with size 0 is an empty slice.
pub fn bytes<'a>(pv: *const c_void, cb: u32) -> JetResult<&'a [u8]> {
    if cb == 0 {
        return Ok(&[]);
    }
    if pv.is_null() {
        return Err(JetError::InvalidParameter);
    }
    // SAFETY: the C contract says pv points to cb readable bytes for this call.
    Ok(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
}

/// (pv, cb) as bytes, or None for NULL (whatever cb says).
pub fn opt_bytes<'a>(pv: *const c_void, cb: u32) -> Option<&'a [u8]> {
    if pv.is_null() {
        None
    } else if cb == 0 {
        Some(&[])
    } else {
        // SAFETY: as in `bytes`.
        Some(unsafe { std::slice::from_raw_parts(pv as *const u8, cb as usize) })
    }
}

/// (pv, cb) as a writable buffer, or None for NULL.
pub fn opt_bytes_mut<'a>(pv: *mut c_void, cb: u32) -> Option<&'a mut [u8]> {
    if pv.is_null() {
        None
    } else if cb == 0 {
        Some(&mut [])
    } else {
        // SAFETY: the C contract says pv points to cb writable bytes for this call.
        Some(unsafe { std::slice::from_raw_parts_mut(pv as *mut u8, cb as usize) })
    }
}

/// (p, n) as a slice of n structs. NULL with n > 0 is JET_errInvalidParameter.
pub fn slice<'a, T>(p: *const T, n: u32) -> JetResult<&'a [T]> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(JetError::InvalidParameter);
    }
    // SAFETY: the C contract says p points to n readable Ts.
    Ok(unsafe { std::slice::from_raw_parts(p, n as usize) })
}

/// (p, n) as a writable slice of n structs. NULL with n > 0 is JET_errInvalidParameter.
pub fn slice_mut<'a, T>(p: *mut T, n: u32) -> JetResult<&'a mut [T]> {
    if n == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(JetError::InvalidParameter);
    }
    // SAFETY: the C contract says p points to n writable Ts.
    Ok(unsafe { std::slice::from_raw_parts_mut(p, n as usize) })
}

/// A NUL-terminated A string; NULL is None.
pub fn str_a(p: *const c_char) -> JetResult<Option<String>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: the C contract says p is a NUL-terminated string.
    let b = unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes();
    std::str::from_utf8(b).map(|s| Some(s.to_string())).map_err(|_| JetError::UnicodeTranslationFail)
}

/// A NUL-terminated W (UTF-16) string; NULL is None.
pub fn str_w(p: *const WCHAR) -> JetResult<Option<String>> {
    if p.is_null() {
        return Ok(None);
    }
    let mut n = 0usize;
    // SAFETY: the C contract says p is a NUL-terminated UTF-16 string.
    unsafe {
        while *p.add(n) != 0 {
            n += 1;
        }
    }
    // SAFETY: the n units before the terminator are readable.
    let units = unsafe { std::slice::from_raw_parts(p, n) };
    String::from_utf16(units).map(Some).map_err(|_| JetError::UnicodeTranslationFail)
}

/// How a string output went.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// The whole string and its terminator fit; `cb` bytes were written.
    Whole { cb: u32 },
    /// It did not fit: what fit was written (NUL-terminated if cbMax allowed),
    /// and `needed` bytes (with the terminator) would have been needed.
    Truncated { needed: u32 },
}

/// Copy `s` as a NUL-terminated A string into (buf, cb_max).
pub fn write_str_a(buf: *mut c_char, cb_max: u32, s: &str) -> Written {
    let src = s.as_bytes();
    let needed = src.len() as u32 + 1;
    let Some(dst) = opt_bytes_mut(buf as *mut c_void, cb_max) else {
        return Written::Truncated { needed };
    };
    if dst.is_empty() {
        return Written::Truncated { needed };
    }
    let n = src.len().min(dst.len() - 1);
    dst[..n].copy_from_slice(&src[..n]);
    dst[n] = 0;
    if n == src.len() { Written::Whole { cb: needed } } else { Written::Truncated { needed } }
}

/// Copy `s` as a NUL-terminated W string into (buf, cb_max bytes).
pub fn write_str_w(buf: *mut WCHAR, cb_max: u32, s: &str) -> Written {
    let src: Vec<u16> = s.encode_utf16().collect();
    let needed = (src.len() as u32 + 1) * 2;
    let cch = (cb_max / 2) as usize;
    if buf.is_null() || cch == 0 {
        return Written::Truncated { needed };
    }
    // SAFETY: the C contract says buf points to cb_max writable bytes.
    let dst = unsafe { std::slice::from_raw_parts_mut(buf, cch) };
    let n = src.len().min(cch - 1);
    dst[..n].copy_from_slice(&src[..n]);
    dst[n] = 0;
    if n == src.len() { Written::Whole { cb: needed } } else { Written::Truncated { needed } }
}

/// Copy bytes into an output buffer; returns how many fit.
pub fn write_bytes(pv: *mut c_void, cb_max: u32, src: &[u8]) -> usize {
    match opt_bytes_mut(pv, cb_max) {
        Some(dst) => {
            let n = src.len().min(dst.len());
            dst[..n].copy_from_slice(&src[..n]);
            n
        }
        None => 0,
    }
}

/// Write a struct into a caller buffer of `cb_max` bytes that must hold it.
pub fn write_struct<T>(pv: *mut c_void, cb_max: u32, value: T) -> JetResult<()> {
    if pv.is_null() {
        return Err(JetError::InvalidParameter);
    }
    if (cb_max as usize) < std::mem::size_of::<T>() {
        return Err(JetError::InvalidBufferSize);
    }
    // SAFETY: non-NULL and at least size_of::<T>() writable bytes.
    unsafe { (pv as *mut T).write_unaligned(value) };
    Ok(())
}

/// Memory handed to the caller and released with JetFreeBuffer (malloc'd, so
/// that JetFreeBuffer can free any such block without knowing its type).
pub struct CBlock {
    ptr: NonNull<u8>,
    len: usize,
}

impl CBlock {
    /// A zeroed block of `len` bytes (at least 1), aligned for any JET struct.
    pub fn zeroed(len: usize) -> JetResult<CBlock> {
        // SAFETY: calloc with a non-zero size; NULL is checked.
        let p = unsafe { libc::calloc(1, len.max(1)) } as *mut u8;
        NonNull::new(p).map(|ptr| CBlock { ptr, len: len.max(1) }).ok_or(JetError::OutOfMemory)
    }

    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// Copy bytes to an offset of the block (bounds checked).
    pub fn put_bytes(&mut self, offset: usize, src: &[u8]) {
        assert!(offset + src.len() <= self.len, "CBlock overflow");
        // SAFETY: in bounds of the allocation, checked above.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr.as_ptr().add(offset), src.len()) }
    }

    /// Store a struct at an offset of the block (bounds checked).
    pub fn put<T>(&mut self, offset: usize, value: T) {
        assert!(offset + std::mem::size_of::<T>() <= self.len, "CBlock overflow");
        // SAFETY: in bounds of the allocation, checked above.
        unsafe { (self.ptr.as_ptr().add(offset) as *mut T).write_unaligned(value) }
    }

    /// The address of an offset of the block (for pointers stored inside it).
    pub fn addr(&self, offset: usize) -> *mut u8 {
        assert!(offset <= self.len, "CBlock overflow");
        // SAFETY: in bounds (one past the end at most).
        unsafe { self.ptr.as_ptr().add(offset) }
    }

    /// Hand the block to the caller: it now owns it until JetFreeBuffer.
    pub fn into_raw(self) -> *mut u8 {
        let p = self.ptr.as_ptr();
        std::mem::forget(self);
        p
    }
}

impl Drop for CBlock {
    fn drop(&mut self) {
        // SAFETY: allocated by calloc in `zeroed` and not handed out.
        unsafe { libc::free(self.ptr.as_ptr() as *mut c_void) }
    }
}

/// JetFreeBuffer: release a block handed out with `CBlock::into_raw` (NULL is fine).
pub fn free_block(p: *mut c_char) {
    // SAFETY: the C contract says p came from this library's CBlock (or is NULL).
    unsafe { libc::free(p as *mut c_void) }
}

/// Call a C status callback (JET_PFNSTATUS) inside a callback scope, so that
/// the callback may call back into the API with the same session.
pub fn call_status(
    f: crate::abi::JET_PFNSTATUS,
    sesid: crate::abi::JET_SESID,
    snp: crate::abi::JET_SNP,
    snt: crate::abi::JET_SNT,
    pv: *mut c_void,
) -> Option<crate::abi::JET_ERR> {
    let f = f?;
    let _scope = super::guard::CallbackScope::enter();
    // SAFETY: the caller supplied this function pointer for exactly this use.
    Some(unsafe { f(sesid, snp, snt, pv) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        let a = b"hello\0";
        assert_eq!(str_a(a.as_ptr() as *const c_char).unwrap().as_deref(), Some("hello"));
        assert_eq!(str_a(std::ptr::null()).unwrap(), None);
        let bad = [0xffu8, 0xfe, 0];
        assert_eq!(str_a(bad.as_ptr() as *const c_char), Err(JetError::UnicodeTranslationFail));
        let w: Vec<u16> = "wörld\0".encode_utf16().collect();
        assert_eq!(str_w(w.as_ptr()).unwrap().as_deref(), Some("wörld"));
        let lone = [0xd800u16, 0];
        assert_eq!(str_w(lone.as_ptr()), Err(JetError::UnicodeTranslationFail));
    }

    #[test]
    fn string_outputs_truncate_and_report_needed() {
        let mut buf = [0x55 as c_char; 4];
        assert_eq!(write_str_a(buf.as_mut_ptr(), 4, "abc"), Written::Whole { cb: 4 });
        assert_eq!(write_str_a(buf.as_mut_ptr(), 4, "abcdef"), Written::Truncated { needed: 7 });
        assert_eq!(buf, [b'a' as c_char, b'b' as c_char, b'c' as c_char, 0]);
        let mut w = [0x55u16; 3];
        assert_eq!(write_str_w(w.as_mut_ptr(), 6, "ab"), Written::Whole { cb: 6 });
        assert_eq!(write_str_w(w.as_mut_ptr(), 6, "abc"), Written::Truncated { needed: 8 });
        assert_eq!(w, [b'a' as u16, b'b' as u16, 0]);
        assert_eq!(write_str_w(w.as_mut_ptr(), 1, "a"), Written::Truncated { needed: 4 });
    }

    #[test]
    fn null_checks() {
        assert!(out::<u32>(std::ptr::null_mut()).is_err());
        assert!(bytes(std::ptr::null(), 0).unwrap().is_empty());
        assert_eq!(bytes(std::ptr::null(), 1), Err(JetError::InvalidParameter));
        assert_eq!(read::<u32>(std::ptr::null()), Err(JetError::InvalidParameter));
        let mut x = 0u32;
        out(&mut x as *mut u32).unwrap().write(9);
        assert_eq!(x, 9);
    }

    #[test]
    fn blocks_are_freed_by_free_block() {
        let mut b = CBlock::zeroed(16).unwrap();
        b.put(0, 0x1122u32);
        b.put_bytes(4, b"ab");
        let p = b.into_raw();
        // SAFETY: reading back what was written into a 16-byte block.
        assert_eq!(unsafe { (p as *const u32).read_unaligned() }, 0x1122);
        free_block(p as *mut c_char);
    }
}

/// A plain-data C struct from its bytes (little-endian, as the file or log
/// holds it); `InvalidParameter` if there are too few.
pub fn from_bytes<T: Copy>(b: &[u8]) -> JetResult<T> {
    if b.len() < std::mem::size_of::<T>() {
        return Err(JetError::InvalidParameter);
    }
    // T is a repr(C) struct of integers and arrays of them: every bit pattern is valid
    Ok(unsafe { std::ptr::read_unaligned(b.as_ptr() as *const T) })
}

/// A key string of JetCreateIndexW ("+col\0-col\0\0" in UTF-16, `cb` bytes)
/// in the byte form the catalog parses (column names as UTF-8).
pub fn wide_key(p: *const WCHAR, cb: u32) -> JetResult<Vec<u8>> {
    if !cb.is_multiple_of(2) {
        return Err(JetError::InvalidParameter);
    }
    let units = slice(p, cb / 2)?;
    let mut out = Vec::new();
    // n separators split the units in n + 1 parts: join them with exactly n NULs
    for (i, part) in units.split(|u| *u == 0).enumerate() {
        if i > 0 {
            out.push(0);
        }
        let s = String::from_utf16(part).map_err(|_| JetError::UnicodeTranslationFail)?;
        out.extend_from_slice(s.as_bytes());
    }
    Ok(out)
}

/// The bytes of a plain C struct (to copy a prefix of it, or into a buffer image).
pub fn as_bytes<T: Copy>(v: &T) -> &[u8] {
    // SAFETY: T is a repr(C) struct of plain data; reading its bytes is always valid
    // (padding bytes may be uninitialised in principle, which the C callers accept)
    unsafe { std::slice::from_raw_parts(v as *const T as *const u8, std::mem::size_of::<T>()) }
}

/// The first (up to) 8 bytes of a C union read from the caller, as an
/// integer: its pointer member as an address, or its 32-bit member in the
/// low half (ESE reads such unions either way, e.g. JET_INDEXCREATE's
/// lcid / pidxunicode).
pub fn union_bits<U: Copy>(u: &U) -> u64 {
    let n = std::mem::size_of::<U>().min(8);
    let mut b = [0u8; 8];
    // SAFETY: `u` is a valid U; its first n bytes are readable.
    unsafe { std::ptr::copy_nonoverlapping(u as *const U as *const u8, b.as_mut_ptr(), n) };
    u64::from_le_bytes(b)
}
