//! `Log`: appending, group commit, generation roll-over, reserve logs,
//! checkpoints and log deletion for one open log set.
//!
//! Appends copy the record into an in-memory chunk under `State`'s mutex and
//! return its position at once. Whoever needs the bytes on disk (a durable
//! committer, an appender that finds the buffer full, the lazy flusher thread)
//! takes the I/O turn (`io_busy`), takes the pending chunks, and writes them
//! with the mutex released, so appends go on meanwhile; committers that arrive
//! during the write wait for the turn and the next writer takes all of them at
//! once: one write + one fdatasync for the whole group.
//!
//! Writes are whole 4096-byte blocks at block-aligned offsets, and a block is
//! written once: a durable flush ends with a Pad record to the block's end; a
//! write for a full buffer takes whole blocks only and keeps the partial last
//! block in memory.

use super::checkpoint::{self, Checkpoint, MAX_CHECKPOINT_DATA};
use super::format::{random_u32, round_up, GenHeader, LogTime, Signature, BLOCK, DATA_START};
use super::lgpos::Lgpos;
use super::names;
use super::reader::{self, read_header, Recovery};
use super::record::{seal, LogRecord, RecordKind, ENVELOPE_LEN, MAX_RECORD};
use super::{LogConfig, MAX_GENERATION};
use crate::error::{JetError, JetResult};
use crate::os::{File, FileSystem, LockKind, OpenMode};
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

/// Counters for tests and performance work.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct LogStats {
    /// Records appended (padding excluded).
    pub records: u64,
    /// Bytes written to log files (whole blocks).
    pub bytes_written: u64,
    /// Write calls on log files.
    pub writes: u64,
    /// fdatasync calls on log files (each group commit is one).
    pub syncs: u64,
    /// Generations created.
    pub rolls: u64,
}

#[derive(Default)]
struct Counters {
    records: AtomicU64,
    bytes_written: AtomicU64,
    writes: AtomicU64,
    syncs: AtomicU64,
    rolls: AtomicU64,
}

/// One log file of the set, for JetGetLogInfo-style listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFileInfo {
    pub generation: u32,
    pub path: PathBuf,
    /// `<base>.log`, the generation being written.
    pub current: bool,
}

/// Bytes bound for one generation, starting at a block boundary.
struct Chunk {
    generation: u32,
    start: u64,
    data: Vec<u8>,
    /// This chunk starts a new generation: create its file first.
    roll: Option<Box<GenHeader>>,
}

struct State {
    // where the next record goes
    generation: u32,
    gen_size: u64,
    salt: u32,
    pos: u64,
    /// Chain value so far in this generation: last record's crc, or the header's.
    chain: u32,
    chunks: VecDeque<Chunk>,
    pending: usize,
    /// Every record that starts before this position is durable.
    durable: Lgpos,
    /// Since when records wait only in memory (for the lazy flusher).
    dirty_since: Option<Instant>,
    /// The latest a lazy commit asked to be durable by (JetCommitTransaction2's
    /// cmsecDurableCommit), if earlier than the lazy-flush delay.
    deadline: Option<Instant>,
    io_busy: bool,
    /// The buffer is half full: the flusher should write it out.
    urgent: bool,
    failed: Option<JetError>,
    /// A reserve log was used: only records needed to shut down are accepted.
    disk_full: bool,
    shutdown: bool,
    spare: Vec<Vec<u8>>,
    checkpoint_lgpos: Lgpos,
    /// When the generation being appended to was created (its header's time).
    created: LogTime,
}

/// The generation file being written; only the I/O turn holder touches it.
struct Io {
    file: Option<Arc<dyn File>>,
    generation: u32,
    /// The file is named `<base>.log` (else it is a numbered file, after a crash mid-roll).
    named_current: bool,
    /// The current file's bytes below this offset are known to be written
    /// (data or zeros), so a write there is an overwrite (see `fill_ahead`).
    filled: u64,
}

/// A zeroed stretch `fill_ahead` writes past small synced writes.
static ZEROS: [u8; 1 << 20] = [0; 1 << 20];
/// Writes up to this size count as small (a durable commit of a few pages).
const SMALL_WRITE: u64 = 256 << 10;

struct Shared {
    fs: Arc<dyn FileSystem>,
    cfg: LogConfig,
    signature: Signature,
    capacity: usize,
    st: Mutex<State>,
    io_done: Condvar,
    wake: Condvar,
    io: Mutex<Io>,
    chk: Mutex<(Arc<dyn File>, Checkpoint)>,
    /// Generation of `<base>.log` on disk.
    file_generation: AtomicU32,
    /// Generations from this one on are never deleted (0: none held): a
    /// backup in progress still has to copy them.
    hold_from: AtomicU32,
    counters: Counters,
}

/// An open log set. `Send + Sync`: share it by reference or in an `Arc`.
pub struct Log {
    sh: Arc<Shared>,
    flusher: Option<JoinHandle<()>>,
}

/// The error a failed log write leaves behind.
fn write_error(e: JetError) -> JetError {
    match e {
        JetError::DiskFull | JetError::LogDiskFull => JetError::LogDiskFull,
        JetError::LogSequenceEnd => JetError::LogSequenceEnd,
        _ => JetError::LogWriteFail,
    }
}

impl State {
    fn check(&self) -> JetResult<()> {
        match self.failed {
            Some(e) => Err(e),
            None if self.shutdown => Err(JetError::LogWriteFail),
            None => Ok(()),
        }
    }

    /// Bytes a write for a full buffer could take now (whole blocks only).
    fn takeable(&self) -> usize {
        let n = self.chunks.len();
        self.chunks.iter().enumerate().map(|(i, c)| if i + 1 < n { c.data.len().max(1) } else { c.data.len() / BLOCK as usize * BLOCK as usize }).sum()
    }

    fn spare_vec(&mut self, cap: usize) -> Vec<u8> {
        self.spare.pop().unwrap_or_else(|| Vec::with_capacity(cap))
    }

    /// Bytes at the append position, in the chunk of the current generation.
    fn tail(&mut self, cap: usize) -> &mut Vec<u8> {
        if self.chunks.back().is_none_or(|c| c.generation != self.generation) {
            debug_assert!(self.pos.is_multiple_of(BLOCK as u64));
            let data = self.spare_vec(cap);
            self.chunks.push_back(Chunk { generation: self.generation, start: self.pos, data, roll: None });
        }
        &mut self.chunks.back_mut().unwrap().data
    }

    /// Start generation + 1 in the buffer, sized for a record of `len` bytes.
    fn roll(&mut self, len: usize, sig: &Signature, file_size: u64, cap: usize) -> JetResult<()> {
        let next = self.generation + 1;
        if next > MAX_GENERATION {
            return Err(JetError::LogSequenceEnd);
        }
        let header = GenHeader {
            generation: next,
            salt: random_u32(),
            file_size: file_size.max(round_up(DATA_START as u64 + len as u64, BLOCK as u64)),
            signature: *sig,
            created: LogTime::now(),
            created_unix_ms: unix_ms(),
            prev_end: self.pos as u32,
            prev_chain: self.chain,
            checkpoint: self.checkpoint_lgpos,
        };
        self.generation = next;
        self.created = header.created;
        self.gen_size = header.file_size;
        self.salt = header.salt;
        self.pos = DATA_START as u64;
        self.chain = header.crc();
        let data = self.spare_vec(cap);
        self.chunks.push_back(Chunk { generation: next, start: self.pos, data, roll: Some(Box::new(header)) });
        Ok(())
    }

    /// Where a record of `len` bytes goes: skip a block tail too short for an
    /// envelope, and roll when the generation cannot hold the record.
    fn place(&mut self, len: usize, sig: &Signature, file_size: u64, cap: usize) -> JetResult<Lgpos> {
        let room = BLOCK as u64 - self.pos % BLOCK as u64;
        if room < ENVELOPE_LEN as u64 {
            let tail = self.tail(cap);
            tail.resize(tail.len() + room as usize, 0);
            self.pos += room;
            self.pending += room as usize;
        }
        if self.pos + len as u64 > self.gen_size {
            self.roll(len, sig, file_size, cap)?;
        }
        Ok(Lgpos::new(self.generation, self.pos as u32))
    }

    /// Fill the rest of the current block (Pad record, or zeros when too short
    /// for one), so that the next write starts on a fresh block.
    fn pad(&mut self, cap: usize) {
        let room = BLOCK as u64 - self.pos % BLOCK as u64;
        if room == BLOCK as u64 {
            return;
        }
        let at = Lgpos::new(self.generation, self.pos as u32);
        let salt = self.salt;
        let tail = self.tail(cap);
        let base = tail.len();
        tail.resize(base + room as usize, 0);
        if room >= ENVELOPE_LEN as u64 {
            let crc = seal(&mut tail[base..], at, salt, RecordKind::Pad);
            self.chain = crc;
        }
        self.pos += room;
        self.pending += room as usize;
    }
}

fn unix_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn header_block(h: &GenHeader) -> Vec<u8> {
    let mut b = vec![0u8; DATA_START as usize];
    b[..super::format::HEADER_LEN].copy_from_slice(&h.encode());
    b
}

impl Shared {
    /// Take the I/O turn and write the pending chunks; with `sync`, pad, take
    /// everything and fdatasync, making every record appended so far durable.
    /// Called with the state locked and `io_busy` false; unlocks during I/O.
    fn run_io(&self, st: &mut MutexGuard<'_, State>, sync: bool) -> JetResult<()> {
        debug_assert!(!st.io_busy);
        st.check()?;
        let mut batch: Vec<Chunk> = Vec::new();
        if sync {
            st.pad(self.capacity);
            batch.extend(st.chunks.drain(..));
            st.dirty_since = None;
            st.deadline = None;
        } else {
            while st.chunks.len() > 1 {
                batch.push(st.chunks.pop_front().unwrap());
            }
            if let Some(last) = st.chunks.front_mut() {
                let whole = last.data.len() / BLOCK as usize * BLOCK as usize;
                if whole > 0 || last.roll.is_some() {
                    let mut rest = st.spare.pop().unwrap_or_default();
                    let mut last = st.chunks.pop_front().unwrap();
                    rest.extend_from_slice(&last.data[whole..]);
                    last.data.truncate(whole);
                    if !rest.is_empty() {
                        st.chunks.push_back(Chunk { generation: last.generation, start: last.start + whole as u64, data: rest, roll: None });
                    } else {
                        st.spare.push(rest);
                    }
                    batch.push(last);
                }
            }
        }
        st.pending -= batch.iter().map(|c| c.data.len()).sum::<usize>();
        let target = Lgpos::new(st.generation, st.pos as u32);
        st.io_busy = true;
        st.urgent = false;
        let result = MutexGuard::unlocked(st, || self.write_batch(&mut batch, sync));
        st.io_busy = false;
        for mut c in batch {
            if st.spare.len() < 4 && c.data.capacity() <= 2 * self.capacity {
                c.data.clear();
                st.spare.push(c.data);
            }
        }
        let result = match result {
            Ok(reserve_used) => {
                st.disk_full |= reserve_used;
                if sync {
                    st.durable = st.durable.max(target);
                }
                Ok(())
            }
            Err(e) => {
                let e = write_error(e);
                st.failed = Some(e);
                Err(e)
            }
        };
        self.io_done.notify_all();
        result
    }

    /// The I/O of one turn; returns whether a reserve log had to be used.
    fn write_batch(&self, batch: &mut [Chunk], sync: bool) -> JetResult<bool> {
        let mut io = self.io.lock();
        let mut reserve_used = false;
        for c in batch.iter_mut() {
            if let Some(h) = &c.roll {
                reserve_used |= self.roll_files(&mut io, h)?;
            }
            debug_assert_eq!(io.generation, c.generation);
            if !c.data.is_empty() {
                c.data.resize(round_up(c.data.len() as u64, BLOCK as u64) as usize, 0);
                let f = io.file.as_ref().ok_or(JetError::LogWriteFail)?;
                f.write_at(&c.data, c.start)?;
                self.counters.writes.fetch_add(1, Ordering::Relaxed);
                self.counters.bytes_written.fetch_add(c.data.len() as u64, Ordering::Relaxed);
                let end = c.start + c.data.len() as u64;
                if sync && (c.data.len() as u64) <= SMALL_WRITE && end + SMALL_WRITE > io.filled {
                    io.filled = fill_ahead(f.as_ref(), end.max(io.filled))?;
                }
            }
        }
        if sync {
            io.file.as_ref().ok_or(JetError::LogWriteFail)?.sync()?;
            self.counters.syncs.fetch_add(1, Ordering::Relaxed);
        }
        Ok(reserve_used)
    }

    /// Make `h`'s generation the current file: sync the finished one, prepare
    /// `<base>tmp.log` (from a reserve log if the disk is full), then rename
    /// `<base>.log` to its numbered name and the new file to `<base>.log`.
    fn roll_files(&self, io: &mut Io, h: &GenHeader) -> JetResult<bool> {
        let cfg = &self.cfg;
        if let Some(f) = &io.file {
            // the new header vouches for the old file's contents: they must be on disk first
            f.sync()?;
            self.counters.syncs.fetch_add(1, Ordering::Relaxed);
        }
        let tmp = cfg.tmp_path();
        let (file, reserve_used) = match self.prepare_file(&tmp, h.file_size) {
            Ok(f) => (f, false),
            Err(JetError::DiskFull) => (self.take_reserve(&tmp, h.file_size)?, true),
            Err(e) => return Err(e),
        };
        file.write_at(&header_block(h), 0)?;
        file.sync()?;
        if io.file.is_some() && io.named_current {
            self.fs.rename(&cfg.current_path(), &cfg.log_dir.join(cfg.generation_name(io.generation)))?;
        }
        self.fs.rename(&tmp, &cfg.current_path())?;
        self.fs.sync_dir(&cfg.log_dir)?;
        io.file = Some(file);
        io.generation = h.generation;
        io.filled = 0;
        io.named_current = true;
        self.file_generation.store(h.generation, Ordering::Relaxed);
        self.counters.rolls.fetch_add(1, Ordering::Relaxed);
        Ok(reserve_used)
    }

    fn prepare_file(&self, path: &std::path::Path, size: u64) -> JetResult<Arc<dyn File>> {
        let r = self.fs.open(path, OpenMode::CreateOrTruncate).and_then(|f| f.set_size(size).map(|_| f));
        if r.is_err() {
            let _ = self.fs.remove(path);
        }
        r
    }

    /// Turn a reserve log into `path`; JET_errLogDiskFull when none is left.
    fn take_reserve(&self, path: &std::path::Path, size: u64) -> JetResult<Arc<dyn File>> {
        for n in 1..=self.cfg.reserve_logs {
            let r = self.cfg.reserve_path(n);
            if !self.fs.exists(&r) {
                continue;
            }
            self.fs.rename(&r, path)?;
            let f = self.fs.open(path, OpenMode::ReadWrite)?;
            if f.size()? < size {
                f.set_size(size).map_err(|_| JetError::LogDiskFull)?;
            }
            return Ok(f);
        }
        Err(JetError::LogDiskFull)
    }

    /// Create the missing reserve logs (and replace ones of the wrong size).
    /// Best effort: a full disk at start-up must not stop recovery.
    fn ensure_reserves(&self) {
        for n in 1..=self.cfg.reserve_logs {
            let path = self.cfg.reserve_path(n);
            if self.fs.exists(&path) {
                match self.fs.open(&path, OpenMode::ReadOnly).and_then(|f| f.size()) {
                    Ok(s) if s == self.cfg.file_size => continue,
                    _ => {
                        let _ = self.fs.remove(&path);
                    }
                }
            }
            if self.prepare_file(&path, self.cfg.file_size).is_err() {
                return;
            }
        }
        let _ = self.fs.sync_dir(&self.cfg.log_dir);
    }

    /// Delete numbered generations below `below` (never the current file).
    fn delete_below(&self, below: u32) -> JetResult<u32> {
        let listing = names::list(&*self.fs, &self.cfg)?;
        let current = self.file_generation.load(Ordering::Relaxed);
        let below = match self.hold_from.load(Ordering::Acquire) {
            0 => below,
            held => below.min(held),
        };
        let mut n = 0;
        for name in listing.numbered.range(..below.min(current)).map(|(_, n)| n) {
            self.fs.remove(&self.cfg.log_dir.join(name))?;
            n += 1;
        }
        Ok(n)
    }

    /// The lazy flusher: writes a half-full buffer out, and makes records
    /// durable at most `lazy_flush_delay` after they were appended.
    fn flusher(&self) {
        let mut st = self.st.lock();
        loop {
            if st.shutdown {
                return;
            }
            if st.failed.is_some() {
                self.wake.wait(&mut st);
                continue;
            }
            if st.io_busy && (st.urgent || st.dirty_since.is_some()) {
                self.io_done.wait(&mut st);
                continue;
            }
            if st.urgent && st.takeable() > 0 {
                let _ = self.run_io(&mut st, false);
                continue;
            }
            st.urgent = false;
            match st.dirty_since {
                Some(t) => {
                    let deadline = st.deadline.map_or(t + self.cfg.lazy_flush_delay, |d| d.min(t + self.cfg.lazy_flush_delay));
                    if Instant::now() < deadline {
                        self.wake.wait_until(&mut st, deadline);
                    } else {
                        let _ = self.run_io(&mut st, true);
                    }
                }
                None => self.wake.wait(&mut st),
            }
        }
    }
}

impl Log {
    /// Start a fresh log set: a new signature, generation 1 as `<base>.log`,
    /// the checkpoint file at its start, the reserve logs. Fails with
    /// JET_errFileAlreadyExists if the directory holds log files of this base name.
    pub fn create(fs: Arc<dyn FileSystem>, cfg: LogConfig) -> JetResult<Log> {
        cfg.validate()?;
        let listing = names::list(&*fs, &cfg)?;
        if listing.current || !listing.numbered.is_empty() {
            return Err(JetError::FileAlreadyExists);
        }
        let chk = lock_checkpoint_file(&*fs, &cfg)?;
        chk.set_size(0)?;
        Log::start_fresh(fs, cfg, chk)
    }

    fn start_fresh(fs: Arc<dyn FileSystem>, cfg: LogConfig, chk: Arc<dyn File>) -> JetResult<Log> {
        let signature = Signature::generate();
        let start = Lgpos::new(1, DATA_START);
        let cp = Checkpoint { lgpos: start, data: Vec::new(), signature, sequence: 1, written: LogTime::now() };
        let io = Io { file: None, generation: 0, named_current: false, filled: 0 };
        Log::start(fs, cfg, signature, io, chk, cp, 0, 0, true)
    }

    /// Open an existing log set and recover it: every intact record from the
    /// checkpoint (or, without a checkpoint file, from the first generation
    /// present) is handed to `replay` in log order; then writing continues in
    /// a new generation after the last intact record. With no log files and no
    /// checkpoint file, a fresh set is created (as `create`).
    ///
    /// Errors: JET_errMissingLogFile (a generation between the checkpoint and
    /// the last one is missing, or the checkpoint names a generation not
    /// present), JET_errLogFileCorrupt (a damaged record or header before the
    /// last generation's tail), JET_errBadLogSignature (a file of another log
    /// set), JET_errCheckpointCorrupt, JET_errLogFilePathInUse (another open
    /// log holds the set), and whatever `replay` returns.
    pub fn open(
        fs: Arc<dyn FileSystem>,
        cfg: LogConfig,
        mut replay: impl FnMut(Lgpos, &LogRecord<'_>) -> JetResult<()>,
    ) -> JetResult<(Log, Recovery)> {
        cfg.validate()?;
        let chk = lock_checkpoint_file(&*fs, &cfg)?;
        let checkpoint = checkpoint::read(&*chk)?;
        let mut listing = names::list(&*fs, &cfg)?;
        finish_interrupted_roll(&*fs, &cfg, &mut listing)?;
        if !listing.current && listing.numbered.is_empty() {
            if checkpoint.is_some() {
                return Err(JetError::MissingLogFile);
            }
            let log = Log::start_fresh(fs, cfg, chk)?;
            let mut info = Recovery::empty(None);
            info.signature = Some(log.signature());
            return Ok((log, info));
        }
        let info = reader::scan(&*fs, &cfg, &listing, checkpoint.clone(), None, &mut replay)?;
        let signature = info.signature.ok_or(JetError::LogFileCorrupt)?;
        let last_path = match listing.numbered.get(&info.last_generation) {
            Some(name) if !info.last_is_current => cfg.log_dir.join(name),
            _ => cfg.current_path(),
        };
        let io = Io {
            file: Some(fs.open(&last_path, OpenMode::ReadWrite)?),
            generation: info.last_generation,
            named_current: info.last_is_current,
            filled: 0,
        };
        let (cp, write_cp) = match checkpoint {
            Some(c) => (c, false),
            None => {
                let lgpos = Lgpos::new(info.first_generation, DATA_START);
                (Checkpoint { lgpos, data: Vec::new(), signature, sequence: 1, written: LogTime::now() }, true)
            }
        };
        let log = Log::start(fs, cfg, signature, io, chk, cp, info.end.offset, info.last_chain, write_cp)?;
        if log.sh.cfg.circular {
            let _ = log.sh.delete_below(log.checkpoint().lgpos.generation);
        }
        Ok((log, info))
    }

    /// Read every intact record from `from` without changing anything on
    /// disk: for dumps, backups and tests. `None` starts at the checkpoint
    /// (else the first generation present); `Some(Lgpos::MIN)` at the first
    /// generation present; any other position's generation must be present.
    /// Same errors as `open`.
    pub fn scan(
        fs: &dyn FileSystem,
        cfg: &LogConfig,
        from: Option<Lgpos>,
        mut cb: impl FnMut(Lgpos, &LogRecord<'_>) -> JetResult<()>,
    ) -> JetResult<Recovery> {
        cfg.validate()?;
        let checkpoint = Log::read_checkpoint(fs, cfg)?;
        let listing = names::list(fs, cfg)?;
        reader::scan(fs, cfg, &listing, checkpoint, from, &mut cb)
    }

    /// The newest generation present (the one `<base>.log` holds, else the
    /// highest numbered file), for progress reports; None if there is none
    /// or the listing cannot tell.
    pub fn last_generation(fs: &dyn FileSystem, cfg: &LogConfig) -> Option<u32> {
        let listing = names::list(fs, cfg).ok()?;
        let (files, _) = reader::generation_files(fs, cfg, &listing).ok()?;
        files.keys().next_back().copied()
    }

    /// The checkpoint file's newest valid copy (None if there is no file).
    pub fn read_checkpoint(fs: &dyn FileSystem, cfg: &LogConfig) -> JetResult<Option<Checkpoint>> {
        match fs.open(&cfg.checkpoint_path(), OpenMode::ReadOnly) {
            Ok(f) => checkpoint::read(&*f),
            Err(JetError::FileNotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Create the generation after `io`'s (whose valid data ends at
    /// `prev_end` with chain value `prev_chain`; both 0 for a fresh set),
    /// write the checkpoint if asked, and start appending.
    #[allow(clippy::too_many_arguments)]
    fn start(
        fs: Arc<dyn FileSystem>,
        cfg: LogConfig,
        signature: Signature,
        mut io: Io,
        chk: Arc<dyn File>,
        cp: Checkpoint,
        prev_end: u32,
        prev_chain: u32,
        write_cp: bool,
    ) -> JetResult<Log> {
        let capacity = cfg.buffer_capacity();
        let header = GenHeader {
            generation: io.generation + 1,
            salt: random_u32(),
            file_size: cfg.file_size,
            signature,
            created: LogTime::now(),
            created_unix_ms: unix_ms(),
            prev_end,
            prev_chain,
            checkpoint: cp.lgpos,
        };
        if header.generation > MAX_GENERATION {
            return Err(JetError::LogSequenceEnd);
        }
        let st = State {
            generation: header.generation,
            gen_size: header.file_size,
            salt: header.salt,
            pos: DATA_START as u64,
            chain: header.crc(),
            chunks: VecDeque::new(),
            pending: 0,
            durable: Lgpos::new(header.generation, DATA_START),
            dirty_since: None,
            deadline: None,
            io_busy: false,
            urgent: false,
            failed: None,
            disk_full: false,
            shutdown: false,
            spare: Vec::new(),
            checkpoint_lgpos: cp.lgpos,
            created: header.created,
        };
        let sh = Arc::new(Shared {
            fs,
            cfg,
            signature,
            capacity,
            st: Mutex::new(st),
            io_done: Condvar::new(),
            wake: Condvar::new(),
            io: Mutex::new(Io { file: None, generation: 0, named_current: false, filled: 0 }),
            chk: Mutex::new((chk, cp)),
            file_generation: AtomicU32::new(0),
            hold_from: AtomicU32::new(0),
            counters: Counters::default(),
        });
        let reserve_used = sh.roll_files(&mut io, &header)?;
        sh.st.lock().disk_full = reserve_used;
        *sh.io.lock() = io;
        if write_cp {
            let chk = sh.chk.lock();
            checkpoint::write(&*chk.0, &chk.1)?;
            sh.fs.sync_dir(&sh.cfg.checkpoint_dir)?;
        }
        sh.ensure_reserves();
        let bg = Arc::clone(&sh);
        let flusher = std::thread::Builder::new()
            .name("esent-log-flush".into())
            .spawn(move || bg.flusher())
            .map_err(|_| JetError::OutOfThreads)?;
        Ok(Log { sh, flusher: Some(flusher) })
    }

    /// Append a record and return its position. Fast: the record is copied
    /// into memory; nothing waits for the disk unless the buffer is full.
    /// Appends are serialized: positions increase in call order.
    ///
    /// Errors: the error of an earlier failed write (JET_errLogWriteFail,
    /// JET_errLogDiskFull), which sticks until the log is reopened;
    /// JET_errLogDiskFull for records other than Term/DetachDatabase once the
    /// log runs on a reserve file; JET_errLogBufferTooSmall for a record over
    /// MAX_RECORD; JET_errLogSequenceEnd past the last generation number.
    pub fn append(&self, rec: &LogRecord<'_>) -> JetResult<Lgpos> {
        let len = ENVELOPE_LEN + rec.payload_len();
        if len > MAX_RECORD {
            return Err(JetError::LogBufferTooSmall);
        }
        let sh = &*self.sh;
        let cap = sh.capacity;
        let mut st = sh.st.lock();
        loop {
            st.check()?;
            if st.disk_full && !rec.allowed_when_disk_full() {
                return Err(JetError::LogDiskFull);
            }
            if st.pending + len > cap && st.takeable() > 0 {
                if st.io_busy {
                    sh.io_done.wait(&mut st);
                } else {
                    sh.run_io(&mut st, false)?;
                }
                continue;
            }
            break;
        }
        let at = st.place(len, &sh.signature, sh.cfg.file_size, cap)?;
        let salt = st.salt;
        let tail = st.tail(cap);
        let base = tail.len();
        tail.reserve(len);
        tail.resize(base + ENVELOPE_LEN, 0);
        rec.encode_payload(tail);
        debug_assert_eq!(tail.len() - base, len);
        let crc = seal(&mut tail[base..], at, salt, rec.kind());
        st.chain = crc;
        st.pos += len as u64;
        st.pending += len;
        sh.counters.records.fetch_add(1, Ordering::Relaxed);
        crate::util::thread_stats::note_log_record(len);
        if st.dirty_since.is_none() {
            st.dirty_since = Some(Instant::now());
            sh.wake.notify_one();
        }
        if st.pending >= cap / 2 && !st.urgent && !st.io_busy {
            st.urgent = true;
            sh.wake.notify_one();
        }
        Ok(at)
    }

    /// Wait until the record at `lgpos` (and every one before it) is durable.
    /// Concurrent callers share one write + fdatasync. A position past the
    /// last record means "everything appended so far".
    pub fn flush(&self, lgpos: Lgpos) -> JetResult<()> {
        let sh = &*self.sh;
        let mut st = sh.st.lock();
        let end = Lgpos::new(st.generation, st.pos as u32);
        loop {
            if st.durable > lgpos || st.durable >= end {
                return Ok(());
            }
            st.check()?;
            if st.io_busy {
                sh.io_done.wait(&mut st);
            } else {
                sh.run_io(&mut st, true)?;
            }
        }
    }

    /// Ask that the record at `lgpos` be durable within `within`, without
    /// waiting (a lazy commit with a durability bound). The background
    /// flusher does it, earlier than its usual delay if need be.
    pub fn flush_within(&self, lgpos: Lgpos, within: std::time::Duration) {
        let sh = &*self.sh;
        let mut st = sh.st.lock();
        if st.durable > lgpos {
            return;
        }
        let at = Instant::now() + within;
        st.deadline = Some(st.deadline.map_or(at, |d| d.min(at)));
        sh.wake.notify_one();
    }

    /// Make everything appended so far durable (JET_bitWaitAllLevel0Commit).
    pub fn flush_all(&self) -> JetResult<()> {
        self.flush(Lgpos::MAX)
    }

    /// Close the current generation and continue in a new one (for backups);
    /// returns the new generation once it is on disk.
    pub fn roll(&self) -> JetResult<u32> {
        let generation = {
            let mut st = self.sh.st.lock();
            st.check()?;
            if st.disk_full {
                return Err(JetError::LogDiskFull);
            }
            let (sig, size, cap) = (self.sh.signature, self.sh.cfg.file_size, self.sh.capacity);
            st.roll(0, &sig, size, cap)?;
            st.generation
        };
        self.flush_all()?;
        Ok(generation)
    }

    /// Write the checkpoint durably: recovery will replay from `lgpos`.
    /// `data` (at most MAX_CHECKPOINT_DATA bytes) is the engine's, returned by
    /// `checkpoint()`/`Recovery::checkpoint`. The log is flushed first if
    /// `lgpos` is not yet durable. With circular logging, generations below
    /// the checkpoint's are then deleted.
    pub fn write_checkpoint(&self, lgpos: Lgpos, data: &[u8]) -> JetResult<()> {
        if data.len() > MAX_CHECKPOINT_DATA {
            return Err(JetError::InvalidParameter);
        }
        let durable = {
            let st = self.sh.st.lock();
            if lgpos > Lgpos::new(st.generation, st.pos as u32) {
                return Err(JetError::InvalidParameter);
            }
            st.durable
        };
        if lgpos > durable {
            self.flush_all()?;
        }
        let mut chk = self.sh.chk.lock();
        let cp = Checkpoint {
            lgpos,
            data: data.to_vec(),
            signature: self.sh.signature,
            sequence: chk.1.sequence + 1,
            written: LogTime::now(),
        };
        checkpoint::write(&*chk.0, &cp)?;
        chk.1 = cp;
        drop(chk);
        self.sh.st.lock().checkpoint_lgpos = lgpos;
        if self.sh.cfg.circular {
            self.sh.delete_below(lgpos.generation)?;
        }
        Ok(())
    }

    /// The last checkpoint written (or read at open).
    pub fn checkpoint(&self) -> Checkpoint {
        self.sh.chk.lock().1.clone()
    }

    /// Delete the generations below `below` that recovery no longer needs
    /// (never the checkpoint's generation or later, never the current file),
    /// as JetTruncateLog does after a backup. Returns how many were deleted.
    pub fn truncate(&self, below: u32) -> JetResult<u32> {
        let cp = self.sh.chk.lock().1.lgpos.generation;
        self.sh.delete_below(below.min(cp))
    }

    /// Keep every generation from `generation` on (None: release), whatever
    /// circular logging or `truncate` would delete, until released: a backup
    /// in progress has yet to copy them.
    pub fn hold_from(&self, generation: Option<u32>) {
        self.sh.hold_from.store(generation.unwrap_or(0), Ordering::Release);
    }

    /// The generation files on disk, oldest first, `<base>.log` last.
    pub fn log_files(&self) -> JetResult<Vec<LogFileInfo>> {
        let cfg = &self.sh.cfg;
        let listing = names::list(&*self.sh.fs, cfg)?;
        let current = self.sh.file_generation.load(Ordering::Relaxed);
        let mut v: Vec<LogFileInfo> = listing
            .numbered
            .iter()
            .filter(|(g, _)| **g < current)
            .map(|(&generation, n)| LogFileInfo { generation, path: cfg.log_dir.join(n), current: false })
            .collect();
        v.push(LogFileInfo { generation: current, path: cfg.current_path(), current: true });
        Ok(v)
    }

    /// The generation records are appended to, and when it was created
    /// (JetGetInstanceMiscInfo's JET_CHECKPOINTINFO genMax and its time).
    pub fn current_generation(&self) -> (u32, LogTime) {
        let st = self.sh.st.lock();
        (st.generation, st.created)
    }

    /// Where the next record will go (the end of the log in memory).
    pub fn end(&self) -> Lgpos {
        let st = self.sh.st.lock();
        Lgpos::new(st.generation, st.pos as u32)
    }

    /// Every record that starts before this position is durable.
    pub fn durable(&self) -> Lgpos {
        self.sh.st.lock().durable
    }

    /// The log set's signature (JET_SIGNATURE of the logs, for database headers).
    pub fn signature(&self) -> Signature {
        self.sh.signature
    }

    pub fn config(&self) -> &LogConfig {
        &self.sh.cfg
    }

    /// True once a reserve log was used: only Term/DetachDatabase are accepted.
    pub fn is_disk_full(&self) -> bool {
        self.sh.st.lock().disk_full
    }

    pub fn stats(&self) -> LogStats {
        let c = &self.sh.counters;
        LogStats {
            records: c.records.load(Ordering::Relaxed),
            bytes_written: c.bytes_written.load(Ordering::Relaxed),
            writes: c.writes.load(Ordering::Relaxed),
            syncs: c.syncs.load(Ordering::Relaxed),
            rolls: c.rolls.load(Ordering::Relaxed),
        }
    }

    /// Flush everything and close. Returns the flush's error, if any.
    pub fn close(mut self) -> JetResult<()> {
        let r = self.flush_all();
        self.stop();
        r
    }

    /// Close without writing what is still in memory, as a crash would: for
    /// tests of recovery (here and in the engine).
    pub fn abandon(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.sh.st.lock().shutdown = true;
        self.sh.wake.notify_all();
        self.sh.io_done.notify_all();
        if let Some(h) = self.flusher.take() {
            let _ = h.join();
        }
    }
}

/// Write zeros over the next stretch of the log file from `from` (never
/// before the end of what was written: nothing past it is log data) and
/// return where the zeros end. The file's blocks are reserved but not yet
/// written; a synced write into such blocks also commits the file system's
/// note that they now hold data, so small durable commits would each pay
/// for that. Zeroing a stretch ahead pays it once for the many commits that
/// then overwrite it (ESE writes its log files whole when it makes them).
fn fill_ahead(f: &dyn File, from: u64) -> JetResult<u64> {
    let to = (from + ZEROS.len() as u64).min(f.size()?);
    if to > from {
        f.write_at(&ZEROS[..(to - from) as usize], from)?;
    }
    Ok(to.max(from))
}

impl Drop for Log {
    fn drop(&mut self) {
        if self.flusher.is_some() {
            let _ = self.flush_all();
            self.stop();
        }
    }
}

/// Open (creating if needed) and lock the checkpoint file: it marks the log
/// set as in use by this process.
fn lock_checkpoint_file(fs: &dyn FileSystem, cfg: &LogConfig) -> JetResult<Arc<dyn File>> {
    let path = cfg.checkpoint_path();
    let f = match fs.open(&path, OpenMode::ReadWrite) {
        Ok(f) => f,
        Err(JetError::FileNotFound) => fs.open(&path, OpenMode::CreateNew)?,
        Err(e) => return Err(e),
    };
    f.try_lock(LockKind::Exclusive).map_err(|e| if e == JetError::FileAccessDenied { JetError::LogFilePathInUse } else { e })?;
    Ok(f)
}

/// A crash between the two renames of a roll leaves no `<base>.log` and a
/// complete `<base>tmp.log` for the next generation: finish the rename. Any
/// other `<base>tmp.log` is an unfinished file that never held records.
fn finish_interrupted_roll(fs: &dyn FileSystem, cfg: &LogConfig, listing: &mut names::Listing) -> JetResult<()> {
    if !listing.tmp {
        return Ok(());
    }
    let tmp = cfg.tmp_path();
    if !listing.current {
        let next = listing.numbered.keys().next_back().map_or(1, |g| g + 1);
        let h = fs.open(&tmp, OpenMode::ReadOnly).and_then(|f| read_header(&*f));
        if matches!(h, Ok(h) if h.generation == next) {
            fs.rename(&tmp, &cfg.current_path())?;
            fs.sync_dir(&cfg.log_dir)?;
            listing.current = true;
            listing.tmp = false;
            return Ok(());
        }
    }
    fs.remove(&tmp)?;
    listing.tmp = false;
    Ok(())
}
