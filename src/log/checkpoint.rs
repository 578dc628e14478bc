//! The checkpoint file (`<base>.chk`): where recovery starts.
//!
//! Two copies ("slots") at fixed offsets; each write goes to the slot the
//! newest valid copy is not in and is synced before returning, so a torn write
//! of one slot leaves the other (one checkpoint older) intact.

use super::format::{le32, le64, put32, put64, LogTime, Signature, BLOCK, SIGNATURE_LEN};
use super::lgpos::Lgpos;
use crate::error::{JetError, JetResult};
use crate::os::File;

/// Size of one slot; slot n starts at n * SLOT.
pub const CHECKPOINT_SLOT: usize = 32 * 1024;
const SLOT_HEAD: usize = 72;
/// The most engine data a checkpoint can carry.
pub const MAX_CHECKPOINT_DATA: usize = CHECKPOINT_SLOT - SLOT_HEAD;
const CHK_MAGIC: [u8; 8] = *b"EsntChk\0";
const CHK_VERSION: u32 = 1;

/// A checkpoint: recovery replays from `lgpos`. `data` is the engine's own
/// (e.g. the databases attached at that point); the log stores it as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub lgpos: Lgpos,
    pub data: Vec<u8>,
    /// The log set this checkpoint belongs to.
    pub signature: Signature,
    /// Increases by one with every write.
    pub sequence: u64,
    pub written: LogTime,
}

/// ```text
///  0 u32  crc32 of bytes 4..72+data length
///  4 [8]  magic "EsntChk\0"
/// 12 u32  version (1)
/// 16 u64  sequence
/// 24 [28] log set signature (JET_SIGNATURE)
/// 52 [8]  checkpoint (JET_LGPOS)
/// 60 [8]  time written (JET_LOGTIME)
/// 68 u32  data length
/// 72 ..   data, then zero to the next 4096 bytes
/// ```
fn encode_slot(cp: &Checkpoint) -> Vec<u8> {
    let len = SLOT_HEAD + cp.data.len();
    let mut b = vec![0u8; len.div_ceil(BLOCK as usize) * BLOCK as usize];
    b[4..12].copy_from_slice(&CHK_MAGIC);
    put32(&mut b, 12, CHK_VERSION);
    put64(&mut b, 16, cp.sequence);
    b[24..24 + SIGNATURE_LEN].copy_from_slice(&cp.signature.to_bytes());
    b[52..60].copy_from_slice(&cp.lgpos.to_jet_bytes());
    b[60..68].copy_from_slice(&cp.written.0);
    put32(&mut b, 68, cp.data.len() as u32);
    b[SLOT_HEAD..len].copy_from_slice(&cp.data);
    let crc = crc32fast::hash(&b[4..len]);
    put32(&mut b, 0, crc);
    b
}

fn decode_slot(b: &[u8]) -> Option<Checkpoint> {
    if b.len() < SLOT_HEAD || b[4..12] != CHK_MAGIC || le32(b, 12) != CHK_VERSION {
        return None;
    }
    let dlen = le32(b, 68) as usize;
    if dlen > MAX_CHECKPOINT_DATA || SLOT_HEAD + dlen > b.len() {
        return None;
    }
    if crc32fast::hash(&b[4..SLOT_HEAD + dlen]) != le32(b, 0) {
        return None;
    }
    Some(Checkpoint {
        sequence: le64(b, 16),
        signature: Signature::from_bytes(&b[24..24 + SIGNATURE_LEN]),
        lgpos: Lgpos::from_jet_bytes(b[52..60].try_into().unwrap()),
        written: LogTime(b[60..68].try_into().unwrap()),
        data: b[SLOT_HEAD..SLOT_HEAD + dlen].to_vec(),
    })
}

/// The newest valid copy. An empty file holds none (`Ok(None)`); a file with
/// bytes but no valid copy is JET_errCheckpointCorrupt.
pub(crate) fn read(file: &dyn File) -> JetResult<Option<Checkpoint>> {
    let size = file.size()? as usize;
    if size == 0 {
        return Ok(None);
    }
    let mut best: Option<Checkpoint> = None;
    for slot in 0..2 {
        let at = slot * CHECKPOINT_SLOT;
        if at >= size {
            break;
        }
        let mut b = vec![0u8; (size - at).min(CHECKPOINT_SLOT)];
        file.read_at(&mut b, at as u64)?;
        if let Some(cp) = decode_slot(&b)
            && best.as_ref().is_none_or(|c| cp.sequence > c.sequence) {
                best = Some(cp);
            }
    }
    best.map(Some).ok_or(JetError::CheckpointCorrupt)
}

/// Write `cp` into the slot its sequence selects (the one not holding
/// sequence - 1) and sync.
pub(crate) fn write(file: &dyn File, cp: &Checkpoint) -> JetResult<()> {
    if cp.data.len() > MAX_CHECKPOINT_DATA {
        return Err(JetError::InvalidParameter);
    }
    let at = (cp.sequence % 2) as usize * CHECKPOINT_SLOT;
    file.write_at(&encode_slot(cp), at as u64)?;
    file.sync()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FileSystem, LocalFs, OpenMode};

    fn cp(seq: u64, generation: u32) -> Checkpoint {
        Checkpoint {
            lgpos: Lgpos::new(generation, 4096),
            data: vec![seq as u8; 100],
            signature: Signature::generate(),
            sequence: seq,
            written: LogTime::now(),
        }
    }

    #[test]
    fn newest_valid_slot_wins_and_torn_slot_falls_back() {
        let dir = std::env::temp_dir().join(format!("esent-chk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let f = LocalFs.open(&dir.join("edb.chk"), OpenMode::CreateNew).unwrap();
        assert_eq!(read(&*f).unwrap(), None);
        let (a, b, c) = (cp(1, 1), cp(2, 5), cp(3, 9));
        write(&*f, &a).unwrap();
        assert_eq!(read(&*f).unwrap().unwrap(), a);
        write(&*f, &b).unwrap();
        assert_eq!(read(&*f).unwrap().unwrap(), b);
        write(&*f, &c).unwrap();
        assert_eq!(read(&*f).unwrap().unwrap(), c);
        // tear the slot just written (3 is in slot 1): the previous one is read
        f.write_at(&[0xFF; 40], CHECKPOINT_SLOT as u64 + 30).unwrap();
        assert_eq!(read(&*f).unwrap().unwrap(), b);
        // both torn: corrupt, not "no checkpoint"
        f.write_at(&[0xFF; 40], 30).unwrap();
        assert_eq!(read(&*f), Err(JetError::CheckpointCorrupt));
        let mut big = cp(4, 1);
        big.data = vec![0; MAX_CHECKPOINT_DATA + 1];
        assert_eq!(write(&*f, &big), Err(JetError::InvalidParameter));
        big.data.pop();
        write(&*f, &big).unwrap();
        assert_eq!(read(&*f).unwrap().unwrap(), big);
    }
}
