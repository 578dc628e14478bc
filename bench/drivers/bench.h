/*
 * bench.h: the interface between the workload runner (runner.c) and one
 * engine (eng_esent.c, eng_sqlite.c, eng_lmdb.c).
 *
 * Every workload is written once, in runner.c, against these operations, so
 * all three engines do exactly the same logical work with the same records;
 * each engine file implements the operations with its own C API only, the
 * way an application written for that engine would call it. An engine never
 * generates data, never decides what to verify and never times anything.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

/* The record shape shared by every engine. */
#define KEY_BYTES 8
#define SEC_BYTES 16
#define VAL_BYTES 100
#define LONG_VAL_BYTES 65536

/* Two tables of the same shape (key, 16-byte sec with a secondary index,
 * value): T_MAIN holds 100-byte values, T_LONG 64 KiB values. */
enum table { T_MAIN = 0, T_LONG = 1 };

enum tx_mode { TX_READ = 0, TX_LAZY = 1, TX_DURABLE = 2 };

/* Return codes of the operations. */
#define B_OK 0
#define B_NOTFOUND 1
#define B_ERR (-1) /* details in the engine's error text (bench_fail) */

/* Settings for one process, from the command line. */
struct config {
    const char *dir;          /* directory holding this engine's files */
    int page_size;            /* esent: JET_paramDatabasePageSize, bytes */
    int log_file_kib;         /* esent: JET_paramLogFileSize, KiB */
    int log_buffer_kib;       /* esent: JET_paramLogBuffers, KiB */
    int cache_mib;            /* esent cache and SQLite cache_size, MiB */
    int threads_max;          /* most threads that will open a connection */
};

typedef struct engine engine; /* one per process: an instance, env or file */
typedef struct conn conn;     /* one per thread: a session, connection or txn holder */

/* Called by scan for every row, in key order; returns nonzero to stop. */
typedef int (*scan_fn)(void *ctx, uint64_t key, const uint8_t *val, size_t len);

struct engine_ops {
    const char *name;
    /* The library's version, for the report. */
    const char *(*version)(void);
    /* Create a fresh, empty database with both tables in cfg->dir. */
    int (*create)(const struct config *cfg, engine **out);
    /* Close everything cleanly (flushing what lazy commits left). */
    int (*close)(engine *e);
    int (*conn_open)(engine *e, conn **out);
    int (*conn_close)(conn *c);
    /* Transactions. The commit of a TX_LAZY transaction is each engine's
     * lazy one (esent JET_bitCommitLazyFlush, SQLite synchronous=OFF, LMDB
     * MDB_NOSYNC); that of a TX_DURABLE one returns once the disk has it
     * (esent plain JetCommitTransaction with logging on, SQLite
     * synchronous=FULL in WAL mode, LMDB's default sync). */
    int (*begin)(conn *c, enum tx_mode mode);
    int (*commit)(conn *c);
    /* Row operations, inside a transaction. */
    int (*insert)(conn *c, enum table t, uint64_t key, const uint8_t *sec,
                  const uint8_t *val, size_t len);
    /* Point lookup by primary key: copies the value into buf. */
    int (*get)(conn *c, enum table t, uint64_t key, uint8_t *buf, size_t cap, size_t *len);
    /* Lookup through the secondary index: the row's key and value. */
    int (*get_sec)(conn *c, enum table t, const uint8_t *sec, uint64_t *key,
                   uint8_t *buf, size_t cap, size_t *len);
    /* Replace the value of an existing row (the sec column is unchanged). */
    int (*update)(conn *c, enum table t, uint64_t key, const uint8_t *val, size_t len);
    int (*del)(conn *c, enum table t, uint64_t key);
    /* Every row in key order. */
    int (*scan)(conn *c, enum table t, scan_fn fn, void *ctx);
    /* Number of entries in the secondary index (for verification only). */
    int (*count_sec)(conn *c, enum table t, uint64_t *n);
};

extern const struct engine_ops ENGINE;

/* Records why the current operation failed: "<call> returned <code>". An
 * engine passes not_built=1 when the library says the feature does not
 * exist yet (esent's JET_errFeatureNotAvailable), so the runner reports the
 * engine as not built instead of as failing. Returns B_ERR. */
int bench_fail(const char *call, long code, int not_built);

#endif
