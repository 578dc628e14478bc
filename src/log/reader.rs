//! Reading a log set in order: every intact record from a start position to
//! the end, across generations, with the checks that tell a torn tail (normal
//! after a crash) from damage (an error).

use super::checkpoint::Checkpoint;
use super::format::{GenHeader, Signature, BLOCK, DATA_START, HEADER_LEN};
use super::lgpos::Lgpos;
use super::names::Listing;
use super::record::{check_envelope, decode_payload, LogRecord, RecordKind, ENVELOPE_LEN};
use super::LogConfig;
use crate::error::{JetError, JetResult};
use crate::os::{File, FileSystem, OpenMode};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What a recovery pass (or a read-only scan) found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// The log set's signature (None when there were no log files).
    pub signature: Option<Signature>,
    /// The checkpoint file's contents, if there was one.
    pub checkpoint: Option<Checkpoint>,
    /// Records at or after this position were handed to the callback.
    pub start: Lgpos,
    /// The end of the last intact record: the log's valid end.
    pub end: Lgpos,
    /// Generations read, first to last.
    pub first_generation: u32,
    pub last_generation: u32,
    /// Records handed to the callback.
    pub records: u64,
    /// The kind of the last intact record read (padding excluded): `Term`
    /// means the engine shut down cleanly after it.
    pub last_record: Option<RecordKind>,
    /// Bytes after `end` in the last generation were not all zero: a write
    /// was torn by a crash (those bytes held nothing acknowledged as durable).
    pub tail_garbage: bool,
    /// The chain value a following generation's header must carry.
    pub(crate) last_chain: u32,
    /// The last generation is `<base>.log` (not a numbered file).
    pub(crate) last_is_current: bool,
}

impl Recovery {
    pub(crate) fn empty(checkpoint: Option<Checkpoint>) -> Recovery {
        Recovery {
            signature: checkpoint.as_ref().map(|c| c.signature),
            checkpoint,
            start: Lgpos::MIN,
            end: Lgpos::MIN,
            first_generation: 0,
            last_generation: 0,
            records: 0,
            last_record: None,
            tail_garbage: false,
            last_chain: 0,
            last_is_current: false,
        }
    }
}

/// The generation files present: number -> path, and which number `<base>.log` holds.
pub(crate) fn generation_files(
    fs: &dyn FileSystem,
    cfg: &LogConfig,
    listing: &Listing,
) -> JetResult<(BTreeMap<u32, PathBuf>, Option<u32>)> {
    let mut files: BTreeMap<u32, PathBuf> = listing.numbered.iter().map(|(&g, n)| (g, cfg.log_dir.join(n))).collect();
    let mut current = None;
    if listing.current {
        let path = cfg.current_path();
        let h = read_header(&*fs.open(&path, OpenMode::ReadOnly)?)?;
        // a numbered file at or past the current one means the set is mixed up
        if files.range(h.generation..).next().is_some() {
            return Err(JetError::InvalidLogSequence);
        }
        files.insert(h.generation, path);
        current = Some(h.generation);
    }
    Ok((files, current))
}

pub(crate) fn read_header(f: &dyn File) -> JetResult<GenHeader> {
    let mut b = [0u8; HEADER_LEN];
    match f.read_at(&mut b, 0) {
        Ok(()) => GenHeader::decode(&b),
        Err(JetError::FileIOBeyondEOF) => Err(JetError::LogFileCorrupt),
        Err(e) => Err(e),
    }
}

/// Read every intact record from `from` (default: the checkpoint, or else the
/// first generation present; a position in generation 0 also means the first
/// generation present) to the end of the log, handing each to `cb` in order.
/// Writes nothing.
pub(crate) fn scan(
    fs: &dyn FileSystem,
    cfg: &LogConfig,
    listing: &Listing,
    checkpoint: Option<Checkpoint>,
    from: Option<Lgpos>,
    cb: &mut dyn FnMut(Lgpos, &LogRecord<'_>) -> JetResult<()>,
) -> JetResult<Recovery> {
    let (files, current) = generation_files(fs, cfg, listing)?;
    let (Some(&lowest), Some(&last)) = (files.keys().next(), files.keys().next_back()) else {
        return Ok(Recovery::empty(checkpoint));
    };
    let start = match from.or(checkpoint.as_ref().map(|c| c.lgpos)) {
        // generation 0 does not exist: it means "from the first generation present"
        Some(p) if p.generation > 0 => p,
        _ => Lgpos::new(lowest, 0),
    };
    let first = start.generation;
    if first < lowest || first > last {
        return Err(JetError::MissingLogFile);
    }
    let mut opened: Vec<(Arc<dyn File>, GenHeader)> = Vec::with_capacity((last - first + 1) as usize);
    for g in first..=last {
        let path = files.get(&g).ok_or(JetError::MissingLogFile)?;
        let f = fs.open(path, OpenMode::ReadOnly)?;
        let h = read_header(&*f)?;
        if h.generation != g {
            return Err(JetError::LogGenerationMismatch);
        }
        opened.push((f, h));
    }
    let signature = checkpoint.as_ref().map(|c| c.signature).unwrap_or(opened[0].1.signature);
    if opened.iter().any(|(_, h)| h.signature != signature) {
        return Err(JetError::BadLogSignature);
    }

    let mut info = Recovery {
        signature: Some(signature),
        checkpoint,
        start,
        end: Lgpos::new(first, DATA_START),
        first_generation: first,
        last_generation: last,
        records: 0,
        last_record: None,
        tail_garbage: false,
        last_chain: 0,
        last_is_current: current == Some(last),
    };
    let mut buf = Vec::new();
    for (i, (file, h)) in opened.iter().enumerate() {
        let next = opened.get(i + 1).map(|(_, n)| n);
        let len = file.size()?.min(h.file_size) as usize;
        buf.resize(len, 0);
        file.read_at(&mut buf, 0)?;
        // a finished generation ends exactly where its successor's header says
        let limit = match next {
            Some(n) if (n.prev_end as usize) < DATA_START as usize || n.prev_end as usize > len => {
                return Err(JetError::LogFileCorrupt);
            }
            Some(n) => n.prev_end as usize,
            None => len,
        };
        let mut chain = h.crc();
        let mut p = DATA_START as usize;
        let mut valid_end = p;
        loop {
            if p >= limit {
                break;
            }
            let room = BLOCK as usize - p % BLOCK as usize;
            if room < ENVELOPE_LEN {
                // a record never starts in the last bytes of a block
                p += room;
                continue;
            }
            let at = Lgpos::new(h.generation, p as u32);
            let Some((kind, rlen, crc)) = check_envelope(&buf[p..limit], at, h.salt) else {
                if next.is_some() {
                    return Err(JetError::LogFileCorrupt);
                }
                info.tail_garbage = buf[p..].iter().any(|&b| b != 0);
                break;
            };
            if let Some(rec) = decode_payload(kind, &buf[p + ENVELOPE_LEN..p + rlen])? {
                if at >= start {
                    cb(at, &rec)?;
                    info.records += 1;
                }
                info.last_record = Some(rec.kind());
            }
            chain = crc;
            p += rlen;
            valid_end = p;
        }
        match next {
            Some(n) if p != limit || chain != n.prev_chain => return Err(JetError::LogFileCorrupt),
            Some(_) => {}
            None => {
                info.end = Lgpos::new(h.generation, valid_end as u32);
                info.last_chain = chain;
            }
        }
    }
    Ok(info)
}
