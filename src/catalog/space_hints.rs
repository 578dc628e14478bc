//! JET_SPACEHINTS: ESE's checks (ErrCATCheckJetSpaceHints), the initial
//! size of a tree, and the catalog's form of the hints (ESE's "extended
//! space hints": the SpaceHints and SpaceDeferredLVHints columns of
//! MSysObjects).
//!
//! The catalog form is a version byte (1) and little-endian ULONGs copied
//! from the structure, starting at the first field the row has no column of
//! its own for, with trailing zeros dropped (nothing at all when every one is
//! zero):
//! - a table row (its primary index's or sequential hints): from grbit on
//!   (the density is SpaceUsage, the initial size is Pages);
//! - an index row, or an LV tree row: from cbInitial on;
//! - a table row's deferred LV hints: from ulInitialDensity on.
//!
//! Owns: those rules, pure functions. Must never: allocate space (the caller
//! asks for `cpg_initial` pages when it creates the tree).

use crate::error::{JetError, JetResult};

use super::validate::{DENSITY_DEFAULT, DENSITY_LEAST, DENSITY_MOST};
use crate::abi::*;

/// JET_bitSpaceHintsUtilizeExactExtents (not in the public header).
pub const SPACE_HINTS_UTILIZE_EXACT_EXTENTS: u32 = 0x0000_0200;
/// ESE's cbSecondaryExtentMost: the largest extent a hint may ask for.
const CB_SECONDARY_EXTENT_MOST: u32 = 100 * 1024 * 1024;
/// bCATExtendedSpaceHintsVersion.
const MARSHAL_VERSION: u8 = 1;

/// A JET_SPACEHINTS as given (`check`/`normalize` make it what ESE keeps).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct SpaceHints {
    /// cbStruct was sizeof(JET_SPACEHINTS).
    pub cb_struct_ok: bool,
    pub initial_density: u32,
    pub cb_initial: u32,
    pub grbit: u32,
    pub maint_density: u32,
    /// ulGrowth: the percentage each new extent is of the previous one (0: none).
    pub growth: u32,
    pub cb_min_extent: u32,
    pub cb_max_extent: u32,
}

/// Where a row's catalog form of the hints starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum HintsRow {
    /// A table row (SpaceHints): from grbit on.
    Table,
    /// An index or LV tree row (SpaceHints): from cbInitial on.
    IndexOrLv,
    /// A table row's SpaceDeferredLVHints: from ulInitialDensity on.
    DeferredLv,
}

fn pages_enclosing(page_size: u32, cb: u32) -> u32 {
    cb.div_ceil(page_size)
}

impl SpaceHints {
    /// ESE's checks, in ESE's order. With `allow_correction` (the hints of
    /// an API call), sizes are rounded up to whole pages and a density of 0
    /// means the default; without it they are errors. A cbInitial of one
    /// page becomes 0 (the default). Returns the hints as ESE keeps them.
    pub fn normalize(&self, page_size: u32, allow_correction: bool) -> JetResult<SpaceHints> {
        if !self.cb_struct_ok {
            return Err(JetError::InvalidParameter);
        }
        let mut h = *self;
        for cb in [&mut h.cb_initial, &mut h.cb_min_extent, &mut h.cb_max_extent] {
            let whole = pages_enclosing(page_size, *cb).checked_mul(page_size).ok_or(JetError::SpaceHintsInvalid)?;
            if whole != *cb {
                if !allow_correction {
                    return Err(JetError::SpaceHintsInvalid);
                }
                *cb = whole;
            }
        }
        if h.cb_initial == page_size && allow_correction {
            h.cb_initial = 0;
        }
        if h.initial_density == 0 {
            if !allow_correction {
                return Err(JetError::SpaceHintsInvalid);
            }
            h.initial_density = DENSITY_DEFAULT;
        }
        let range = DENSITY_LEAST..=DENSITY_MOST;
        if !range.contains(&h.initial_density) || (h.maint_density != 0 && !range.contains(&h.maint_density)) {
            return Err(JetError::DensityInvalid);
        }
        let known = JET_bitSpaceHintsUtilizeParentSpace
            | JET_bitCreateHintAppendSequential
            | JET_bitCreateHintHotpointSequential
            | JET_bitRetrieveHintReserve1
            | JET_bitRetrieveHintTableScanForward
            | JET_bitRetrieveHintTableScanBackward
            | JET_bitRetrieveHintReserve2
            | JET_bitRetrieveHintReserve3
            | JET_bitDeleteHintTableSequential
            | SPACE_HINTS_UTILIZE_EXACT_EXTENTS;
        if h.grbit & !known != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let both = JET_bitRetrieveHintTableScanForward | JET_bitRetrieveHintTableScanBackward;
        if h.grbit & both == both {
            return Err(JetError::SpaceHintsInvalid);
        }
        // growth only (100%..50000%), extents up to cbSecondaryExtentMost, min <= max
        if (h.growth != 0 && h.growth < 100) || h.growth >= 500 * 100 {
            return Err(JetError::SpaceHintsInvalid);
        }
        if h.cb_min_extent >= CB_SECONDARY_EXTENT_MOST || h.cb_max_extent >= CB_SECONDARY_EXTENT_MOST || h.cb_min_extent > h.cb_max_extent {
            return Err(JetError::SpaceHintsInvalid);
        }
        // the growth must make extents grow from the minimum
        let (min, max) = (h.cb_min_extent / page_size, h.cb_max_extent / page_size);
        if min != max && max != h.next_extent(page_size, h.cpg_initial(page_size)) && min == h.next_extent(page_size, min) {
            return Err(JetError::SpaceHintsInvalid);
        }
        Ok(h)
    }

    /// The pages a new tree gets (ESE's CpgInitial: cbInitial, at least one).
    pub fn cpg_initial(&self, page_size: u32) -> u32 {
        (self.cb_initial / page_size).max(1)
    }

    /// The size of the extent after one of `previous` pages (ESE's
    /// CpgSPIGetNextAlloc): ulGrowth applied (always growing), bounded by
    /// the minimum and maximum extents when they are set.
    pub fn next_extent(&self, page_size: u32, previous: u32) -> u32 {
        let (min, max) = (self.cb_min_extent / page_size, self.cb_max_extent / page_size);
        if max != 0 && min == max {
            return max;
        }
        let mut next = previous;
        if self.growth != 0 {
            next = (previous + 1).max((previous as u64 * self.growth as u64 / 100).min(u32::MAX as u64) as u32);
        }
        if min != 0 {
            next = next.max(min);
        }
        if max != 0 {
            next = next.min(max);
        }
        next
    }

    fn fields(&self) -> [u32; 7] {
        [self.initial_density, self.cb_initial, self.grbit, self.maint_density, self.growth, self.cb_min_extent, self.cb_max_extent]
    }

    fn set_fields(&mut self, f: [u32; 7]) {
        [self.initial_density, self.cb_initial, self.grbit, self.maint_density, self.growth, self.cb_min_extent, self.cb_max_extent] = f;
    }

    /// The catalog form for a row (empty: nothing to store).
    pub fn marshal(&self, row: HintsRow) -> Vec<u8> {
        let f = self.fields();
        let from = start(row);
        let mut n = f.len();
        while n > from && f[n - 1] == 0 {
            n -= 1;
        }
        if n == from {
            return Vec::new();
        }
        let mut out = vec![MARSHAL_VERSION];
        for v in &f[from..n] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Read a catalog form back into `self` (the fields before the row's
    /// start stay as they are: the row's own columns give them).
    pub fn unmarshal(&mut self, row: HintsRow, bytes: &[u8]) -> JetResult<()> {
        let (&version, rest) = bytes.split_first().ok_or(JetError::CatalogCorrupted)?;
        if version != MARSHAL_VERSION || rest.len() % 4 != 0 {
            return Err(JetError::CatalogCorrupted);
        }
        let from = start(row);
        let mut f = self.fields();
        if rest.len() / 4 > f.len() - from {
            return Err(JetError::CatalogCorrupted);
        }
        for (i, c) in rest.chunks_exact(4).enumerate() {
            f[from + i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        // the fields past what was stored were zeros
        for v in f.iter_mut().skip(from + rest.len() / 4) {
            *v = 0;
        }
        self.set_fields(f);
        self.cb_struct_ok = true;
        Ok(())
    }
}

/// Index into `fields()` where a row's form starts.
fn start(row: HintsRow) -> usize {
    match row {
        HintsRow::DeferredLv => 0,
        HintsRow::IndexOrLv => 1,
        HintsRow::Table => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints() -> SpaceHints {
        SpaceHints { cb_struct_ok: true, initial_density: 90, ..SpaceHints::default() }
    }

    #[test]
    fn sizes_are_rounded_to_pages_and_one_page_is_the_default() {
        let h = SpaceHints { cb_initial: 5000, cb_min_extent: 1, cb_max_extent: 8192, ..hints() }.normalize(4096, true).unwrap();
        assert_eq!((h.cb_initial, h.cb_min_extent, h.cb_max_extent), (8192, 4096, 8192));
        assert_eq!(h.cpg_initial(4096), 2);
        let one = SpaceHints { cb_initial: 4096, ..hints() }.normalize(4096, true).unwrap();
        assert_eq!(one.cb_initial, 0);
        assert_eq!(one.cpg_initial(4096), 1);
        assert_eq!(SpaceHints { cb_initial: 5000, ..hints() }.normalize(4096, false), Err(JetError::SpaceHintsInvalid));
        assert_eq!(SpaceHints { initial_density: 0, ..hints() }.normalize(4096, true).unwrap().initial_density, 80);
        assert_eq!(SpaceHints { initial_density: 0, ..hints() }.normalize(4096, false), Err(JetError::SpaceHintsInvalid));
    }

    #[test]
    fn ese_rejects_what_it_rejects() {
        let bad = |h: SpaceHints| h.normalize(8192, true).unwrap_err();
        assert_eq!(bad(SpaceHints { cb_struct_ok: false, ..hints() }), JetError::InvalidParameter);
        assert_eq!(bad(SpaceHints { initial_density: 19, ..hints() }), JetError::DensityInvalid);
        assert_eq!(bad(SpaceHints { maint_density: 101, ..hints() }), JetError::DensityInvalid);
        assert_eq!(bad(SpaceHints { grbit: 0x8000_0000, ..hints() }), JetError::InvalidGrbit);
        let both = JET_bitRetrieveHintTableScanForward | JET_bitRetrieveHintTableScanBackward;
        assert_eq!(bad(SpaceHints { grbit: both, ..hints() }), JetError::SpaceHintsInvalid);
        assert_eq!(bad(SpaceHints { growth: 99, ..hints() }), JetError::SpaceHintsInvalid);
        assert_eq!(bad(SpaceHints { growth: 50000, ..hints() }), JetError::SpaceHintsInvalid);
        assert_eq!(bad(SpaceHints { cb_min_extent: 2 * 8192, cb_max_extent: 8192, ..hints() }), JetError::SpaceHintsInvalid);
        assert_eq!(bad(SpaceHints { cb_max_extent: 100 * 1024 * 1024, ..hints() }), JetError::SpaceHintsInvalid);
        // a minimum the growth cannot leave
        assert_eq!(bad(SpaceHints { cb_min_extent: 8192, cb_max_extent: 4 * 8192, ..hints() }), JetError::SpaceHintsInvalid);
        assert!(SpaceHints { growth: 200, cb_min_extent: 8192, cb_max_extent: 4 * 8192, ..hints() }.normalize(8192, true).is_ok());
        assert!(SpaceHints { growth: 150, cb_initial: 10 * 8192, ..hints() }.normalize(8192, true).is_ok());
    }

    #[test]
    fn extents_grow_within_their_bounds() {
        let h = SpaceHints { growth: 150, cb_min_extent: 2 * 4096, cb_max_extent: 10 * 4096, ..hints() };
        assert_eq!(h.next_extent(4096, 1), 2);
        assert_eq!(h.next_extent(4096, 2), 3);
        assert_eq!(h.next_extent(4096, 4), 6);
        assert_eq!(h.next_extent(4096, 8), 10);
        let fixed = SpaceHints { cb_min_extent: 3 * 4096, cb_max_extent: 3 * 4096, ..hints() };
        assert_eq!(fixed.next_extent(4096, 50), 3);
        assert_eq!(hints().next_extent(4096, 7), 7);
    }

    #[test]
    fn catalog_form_starts_where_the_row_has_no_column_and_drops_trailing_zeros() {
        let h = SpaceHints { cb_initial: 3 * 8192, grbit: JET_bitCreateHintAppendSequential, growth: 200, ..hints() };
        let ix = h.marshal(HintsRow::IndexOrLv);
        assert_eq!(ix[0], 1);
        assert_eq!(ix.len(), 1 + 4 * 4);
        assert_eq!(&ix[1..5], &(3 * 8192u32).to_le_bytes());
        let tb = h.marshal(HintsRow::Table);
        assert_eq!(tb.len(), 1 + 3 * 4);
        assert_eq!(&tb[1..5], &JET_bitCreateHintAppendSequential.to_le_bytes());
        let lv = h.marshal(HintsRow::DeferredLv);
        assert_eq!(&lv[1..5], &90u32.to_le_bytes());
        assert!(hints().marshal(HintsRow::Table).is_empty());
        assert!(SpaceHints { cb_initial: 0, ..hints() }.marshal(HintsRow::IndexOrLv).is_empty());
        for row in [HintsRow::Table, HintsRow::IndexOrLv, HintsRow::DeferredLv] {
            let mut back = SpaceHints { initial_density: 90, cb_initial: if row == HintsRow::Table { h.cb_initial } else { 0 }, ..SpaceHints::default() };
            back.unmarshal(row, &h.marshal(row)).unwrap();
            assert_eq!(back, h, "{row:?}");
        }
        let mut x = hints();
        assert_eq!(x.unmarshal(HintsRow::Table, &[2, 0, 0, 0, 0]), Err(JetError::CatalogCorrupted));
        assert_eq!(x.unmarshal(HintsRow::Table, &[1, 0, 0]), Err(JetError::CatalogCorrupted));
        assert_eq!(x.unmarshal(HintsRow::Table, &[1; 1 + 4 * 6]), Err(JetError::CatalogCorrupted));
    }
}
