/*
 * eng_sqlite.c: the benchmark's operations through SQLite's C API.
 *
 * One connection per thread on one file in WAL mode, prepared statements
 * only, WITHOUT ROWID tables keyed by the 8-byte integer like ours:
 *   CREATE TABLE t(k INTEGER PRIMARY KEY, s BLOB NOT NULL, v BLOB NOT NULL) WITHOUT ROWID
 *   CREATE INDEX t_s ON t(s)
 * Lazy commits run with synchronous=OFF, durable ones with synchronous=FULL.
 * Write transactions are BEGIN IMMEDIATE and take a process-wide writer
 * mutex first: SQLite admits one writer at a time anyway, and its busy
 * handler would otherwise make the other writers sleep in millisecond steps
 * (LMDB serializes its writers with a mutex in the same way).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "bench.h"

struct engine {
    char path[4096];
    int cache_mib;
    pthread_mutex_t writer;
};

enum stmt_id {
    S_BEGIN_R, S_BEGIN_W, S_COMMIT, S_SYNC_OFF, S_SYNC_FULL,
    S_INSERT, S_GET, S_GET_SEC, S_UPDATE, S_DELETE, S_SCAN, S_COUNT_SEC,
    S_PER_TABLE_FIRST = S_INSERT,
};
#define N_PER_TABLE (S_COUNT_SEC - S_INSERT + 1)

struct conn {
    engine *e;
    sqlite3 *db;
    sqlite3_stmt *common[S_INSERT];
    sqlite3_stmt *tab[2][N_PER_TABLE];
    int sync_full; /* the connection's current synchronous setting */
    int writing;   /* holds the writer mutex */
};

static const char *table_name[2] = {"t", "lv"};

static int fail_db(sqlite3 *db, const char *call, int rc)
{
    char what[128];
    snprintf(what, sizeof(what), "%s(%s)", call, db ? sqlite3_errmsg(db) : "");
    for (char *p = what; *p; p++)
        if (*p == ' ') *p = '_';
    return bench_fail(what, rc, 0);
}

static int exec(sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? B_OK : fail_db(db, "sqlite3_exec", rc);
}

static int open_db(engine *e, sqlite3 **out)
{
    sqlite3 *db = NULL;
    char sql[128];
    int rc = sqlite3_open_v2(e->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return fail_db(db, "sqlite3_open_v2", rc);
    sqlite3_busy_timeout(db, 60000);
    snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", e->cache_mib * 1024);
    if (exec(db, "PRAGMA journal_mode=WAL") < 0 || exec(db, sql) < 0 ||
        exec(db, "PRAGMA synchronous=OFF") < 0)
        return B_ERR;
    *out = db;
    return B_OK;
}

static int s_create(const struct config *cfg, engine **out)
{
    engine *e = calloc(1, sizeof(*e));
    sqlite3 *db;
    snprintf(e->path, sizeof(e->path), "%s/bench.sqlite", cfg->dir);
    e->cache_mib = cfg->cache_mib;
    pthread_mutex_init(&e->writer, NULL);
    remove(e->path);
    if (open_db(e, &db) < 0) return B_ERR;
    for (int t = 0; t < 2; t++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "CREATE TABLE %s(k INTEGER PRIMARY KEY, s BLOB NOT NULL, v BLOB NOT NULL) WITHOUT ROWID;"
                 "CREATE INDEX %s_s ON %s(s);",
                 table_name[t], table_name[t], table_name[t]);
        if (exec(db, sql) < 0) return B_ERR;
    }
    sqlite3_close(db);
    *out = e;
    return B_OK;
}

static int s_close(engine *e)
{
    /* Fold the WAL into the database file so its size on disk is complete. */
    sqlite3 *db;
    if (open_db(e, &db) < 0) return B_ERR;
    if (exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") < 0) return B_ERR;
    sqlite3_close(db);
    free(e);
    return B_OK;
}

static int prep(conn *c, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? B_OK : fail_db(c->db, "sqlite3_prepare_v3", rc);
}

static int s_conn_open(engine *e, conn **out)
{
    conn *c = calloc(1, sizeof(*c));
    static const char *common[S_INSERT] = {
        "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "PRAGMA synchronous=OFF", "PRAGMA synchronous=FULL",
    };
    static const char *per_table[N_PER_TABLE] = {
        "INSERT INTO %s(k, s, v) VALUES(?1, ?2, ?3)",
        "SELECT v FROM %s WHERE k = ?1",
        "SELECT k, v FROM %s WHERE s = ?1",
        "UPDATE %s SET v = ?2 WHERE k = ?1",
        "DELETE FROM %s WHERE k = ?1",
        "SELECT k, v FROM %s ORDER BY k",
        "SELECT count(*) FROM %s INDEXED BY %s_s",
    };
    c->e = e;
    if (open_db(e, &c->db) < 0) return B_ERR;
    for (int i = 0; i < S_INSERT; i++)
        if (prep(c, common[i], &c->common[i]) < 0) return B_ERR;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < N_PER_TABLE; i++) {
            char sql[256];
            snprintf(sql, sizeof(sql), per_table[i], table_name[t], table_name[t]);
            if (prep(c, sql, &c->tab[t][i]) < 0) return B_ERR;
        }
    *out = c;
    return B_OK;
}

static int s_conn_close(conn *c)
{
    for (int i = 0; i < S_INSERT; i++) sqlite3_finalize(c->common[i]);
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < N_PER_TABLE; i++) sqlite3_finalize(c->tab[t][i]);
    int rc = sqlite3_close(c->db);
    free(c);
    return rc == SQLITE_OK ? B_OK : bench_fail("sqlite3_close", rc, 0);
}

/* Runs a statement that returns no row. */
static int run(conn *c, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? B_OK : fail_db(c->db, what, rc);
}

static int s_begin(conn *c, enum tx_mode mode)
{
    if (mode == TX_READ) return run(c, c->common[S_BEGIN_R], "BEGIN");
    /* synchronous is a setting of the connection, read at each commit: set
     * it (outside the transaction) when the mode changes. */
    int full = mode == TX_DURABLE;
    if (full != c->sync_full) {
        if (run(c, c->common[full ? S_SYNC_FULL : S_SYNC_OFF], "PRAGMA_synchronous") < 0) return B_ERR;
        c->sync_full = full;
    }
    pthread_mutex_lock(&c->e->writer);
    c->writing = 1;
    return run(c, c->common[S_BEGIN_W], "BEGIN_IMMEDIATE");
}

static int s_commit(conn *c)
{
    int rc = run(c, c->common[S_COMMIT], "COMMIT");
    if (c->writing) {
        c->writing = 0;
        pthread_mutex_unlock(&c->e->writer);
    }
    return rc;
}

static int s_insert(conn *c, enum table t, uint64_t key, const uint8_t *sec, const uint8_t *val, size_t len)
{
    sqlite3_stmt *st = c->tab[t][S_INSERT - S_PER_TABLE_FIRST];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    sqlite3_bind_blob(st, 2, sec, SEC_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, val, (int)len, SQLITE_STATIC);
    return run(c, st, "INSERT");
}

static int copy_out(sqlite3_stmt *st, int col, uint8_t *buf, size_t cap, size_t *len)
{
    const void *p = sqlite3_column_blob(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    *len = n;
    memcpy(buf, p, n < cap ? n : cap);
    return B_OK;
}

static int s_get(conn *c, enum table t, uint64_t key, uint8_t *buf, size_t cap, size_t *len)
{
    sqlite3_stmt *st = c->tab[t][S_GET - S_PER_TABLE_FIRST];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    int rc = sqlite3_step(st), r;
    if (rc == SQLITE_ROW) r = copy_out(st, 0, buf, cap, len);
    else if (rc == SQLITE_DONE) r = B_NOTFOUND;
    else r = fail_db(c->db, "SELECT_v_WHERE_k", rc);
    sqlite3_reset(st);
    return r;
}

static int s_get_sec(conn *c, enum table t, const uint8_t *sec, uint64_t *key, uint8_t *buf, size_t cap, size_t *len)
{
    sqlite3_stmt *st = c->tab[t][S_GET_SEC - S_PER_TABLE_FIRST];
    sqlite3_bind_blob(st, 1, sec, SEC_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st), r;
    if (rc == SQLITE_ROW) {
        *key = (uint64_t)sqlite3_column_int64(st, 0);
        r = copy_out(st, 1, buf, cap, len);
    } else if (rc == SQLITE_DONE) {
        r = B_NOTFOUND;
    } else {
        r = fail_db(c->db, "SELECT_k_v_WHERE_s", rc);
    }
    sqlite3_reset(st);
    return r;
}

static int s_update(conn *c, enum table t, uint64_t key, const uint8_t *val, size_t len)
{
    sqlite3_stmt *st = c->tab[t][S_UPDATE - S_PER_TABLE_FIRST];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    sqlite3_bind_blob(st, 2, val, (int)len, SQLITE_STATIC);
    if (run(c, st, "UPDATE") < 0) return B_ERR;
    return sqlite3_changes(c->db) == 1 ? B_OK : B_NOTFOUND;
}

static int s_del(conn *c, enum table t, uint64_t key)
{
    sqlite3_stmt *st = c->tab[t][S_DELETE - S_PER_TABLE_FIRST];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    if (run(c, st, "DELETE") < 0) return B_ERR;
    return sqlite3_changes(c->db) == 1 ? B_OK : B_NOTFOUND;
}

static int s_scan(conn *c, enum table t, scan_fn fn, void *ctx)
{
    sqlite3_stmt *st = c->tab[t][S_SCAN - S_PER_TABLE_FIRST];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ctx, (uint64_t)sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
               (size_t)sqlite3_column_bytes(st, 1)))
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? B_OK : fail_db(c->db, "SELECT_ORDER_BY_k", rc);
}

static int s_count_sec(conn *c, enum table t, uint64_t *n)
{
    sqlite3_stmt *st = c->tab[t][S_COUNT_SEC - S_PER_TABLE_FIRST];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *n = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? B_OK : fail_db(c->db, "SELECT_count", rc);
}

static const char *s_version(void)
{
    return sqlite3_libversion();
}

const struct engine_ops ENGINE = {
    "sqlite", s_version, s_create, s_close, s_conn_open, s_conn_close, s_begin, s_commit,
    s_insert, s_get, s_get_sec, s_update, s_del, s_scan, s_count_sec,
};
