/*
 * eng_lmdb.c: the benchmark's operations through LMDB's C API.
 *
 * One environment; per table two databases: the rows (MDB_INTEGERKEY on the
 * 8-byte key, data = 16-byte sec followed by the value) and the secondary
 * index (sec -> key). LMDB has no secondary indexes of its own, so an insert,
 * update or delete maintains both, as an LMDB application does. Lazy commits
 * run with MDB_NOSYNC, durable ones with LMDB's default sync. Read
 * transactions are reset and renewed (LMDB's advice for repeated readers).
 * Values are copied out into the caller's buffer like the other engines do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "bench.h"

struct engine {
    MDB_env *env;
    MDB_dbi rows[2], sec[2];
    int nosync; /* current MDB_NOSYNC setting; changed only inside a write txn */
};

struct conn {
    engine *e;
    MDB_txn *txn;  /* the open transaction, or NULL */
    MDB_txn *rtxn; /* the read transaction kept for renewal */
    int write;
};

#define TRY_MDB(call, expr)                                    \
    do {                                                       \
        int rc_ = (expr);                                      \
        if (rc_ != MDB_SUCCESS) return bench_fail(call, rc_, 0); \
    } while (0)

static int l_create(const struct config *cfg, engine **out)
{
    engine *e = calloc(1, sizeof(*e));
    char path[4096];
    MDB_txn *txn;
    static const char *names[2][2] = {{"t", "t_s"}, {"lv", "lv_s"}};
    snprintf(path, sizeof(path), "%s/data.mdb", cfg->dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/lock.mdb", cfg->dir);
    unlink(path);
    TRY_MDB("mdb_env_create", mdb_env_create(&e->env));
    TRY_MDB("mdb_env_set_maxdbs", mdb_env_set_maxdbs(e->env, 4));
    TRY_MDB("mdb_env_set_mapsize", mdb_env_set_mapsize(e->env, (size_t)64 << 30));
    TRY_MDB("mdb_env_set_maxreaders", mdb_env_set_maxreaders(e->env, (unsigned)cfg->threads_max + 8));
    TRY_MDB("mdb_env_open", mdb_env_open(e->env, cfg->dir, MDB_NOTLS, 0644));
    TRY_MDB("mdb_txn_begin", mdb_txn_begin(e->env, NULL, 0, &txn));
    for (int t = 0; t < 2; t++) {
        TRY_MDB("mdb_dbi_open", mdb_dbi_open(txn, names[t][0], MDB_CREATE | MDB_INTEGERKEY, &e->rows[t]));
        TRY_MDB("mdb_dbi_open", mdb_dbi_open(txn, names[t][1], MDB_CREATE, &e->sec[t]));
    }
    TRY_MDB("mdb_txn_commit", mdb_txn_commit(txn));
    *out = e;
    return B_OK;
}

static int l_close(engine *e)
{
    TRY_MDB("mdb_env_sync", mdb_env_sync(e->env, 1));
    mdb_env_close(e->env);
    free(e);
    return B_OK;
}

static int l_conn_open(engine *e, conn **out)
{
    conn *c = calloc(1, sizeof(*c));
    c->e = e;
    *out = c;
    return B_OK;
}

static int l_conn_close(conn *c)
{
    if (c->txn) mdb_txn_abort(c->txn);
    if (c->rtxn && c->rtxn != c->txn) mdb_txn_abort(c->rtxn);
    free(c);
    return B_OK;
}

static int l_begin(conn *c, enum tx_mode mode)
{
    engine *e = c->e;
    if (mode == TX_READ) {
        if (c->rtxn) TRY_MDB("mdb_txn_renew", mdb_txn_renew(c->rtxn));
        else TRY_MDB("mdb_txn_begin(RDONLY)", mdb_txn_begin(e->env, NULL, MDB_RDONLY, &c->rtxn));
        c->txn = c->rtxn;
        c->write = 0;
        return B_OK;
    }
    TRY_MDB("mdb_txn_begin", mdb_txn_begin(e->env, NULL, 0, &c->txn));
    c->write = 1;
    /* Holding the write transaction, this thread is the only writer: the
     * environment-wide sync flag is ours to set for this commit. */
    int nosync = mode == TX_LAZY;
    if (nosync != e->nosync) {
        TRY_MDB("mdb_env_set_flags", mdb_env_set_flags(e->env, MDB_NOSYNC, nosync));
        e->nosync = nosync;
    }
    return B_OK;
}

static int l_commit(conn *c)
{
    MDB_txn *txn = c->txn;
    c->txn = NULL;
    if (!c->write) {
        mdb_txn_reset(txn);
        return B_OK;
    }
    TRY_MDB("mdb_txn_commit", mdb_txn_commit(txn));
    return B_OK;
}

static int l_insert(conn *c, enum table t, uint64_t key, const uint8_t *sec, const uint8_t *val, size_t len)
{
    size_t k = (size_t)key;
    MDB_val mk = {sizeof(k), &k}, md = {SEC_BYTES + len, NULL};
    MDB_val ms = {SEC_BYTES, (void *)sec}, mv = {sizeof(k), &k};
    int rc = mdb_put(c->txn, c->e->rows[t], &mk, &md, MDB_NOOVERWRITE | MDB_RESERVE);
    if (rc != MDB_SUCCESS) return bench_fail("mdb_put(rows)", rc, 0);
    memcpy(md.mv_data, sec, SEC_BYTES);
    memcpy((uint8_t *)md.mv_data + SEC_BYTES, val, len);
    TRY_MDB("mdb_put(sec)", mdb_put(c->txn, c->e->sec[t], &ms, &mv, 0));
    return B_OK;
}

/* Finds a row; *rec points into the map, valid until the next write. */
static int find(conn *c, enum table t, uint64_t key, MDB_val *rec)
{
    size_t k = (size_t)key;
    MDB_val mk = {sizeof(k), &k};
    int rc = mdb_get(c->txn, c->e->rows[t], &mk, rec);
    if (rc == MDB_NOTFOUND) return B_NOTFOUND;
    if (rc != MDB_SUCCESS) return bench_fail("mdb_get(rows)", rc, 0);
    return B_OK;
}

static int copy_value(const MDB_val *rec, uint8_t *buf, size_t cap, size_t *len)
{
    size_t n = rec->mv_size - SEC_BYTES;
    *len = n;
    memcpy(buf, (const uint8_t *)rec->mv_data + SEC_BYTES, n < cap ? n : cap);
    return B_OK;
}

static int l_get(conn *c, enum table t, uint64_t key, uint8_t *buf, size_t cap, size_t *len)
{
    MDB_val rec;
    int rc = find(c, t, key, &rec);
    return rc == B_OK ? copy_value(&rec, buf, cap, len) : rc;
}

static int l_get_sec(conn *c, enum table t, const uint8_t *sec, uint64_t *key, uint8_t *buf, size_t cap, size_t *len)
{
    MDB_val ms = {SEC_BYTES, (void *)sec}, mv, rec;
    size_t k;
    int rc = mdb_get(c->txn, c->e->sec[t], &ms, &mv);
    if (rc == MDB_NOTFOUND) return B_NOTFOUND;
    if (rc != MDB_SUCCESS) return bench_fail("mdb_get(sec)", rc, 0);
    memcpy(&k, mv.mv_data, sizeof(k));
    *key = k;
    rc = find(c, t, k, &rec);
    return rc == B_OK ? copy_value(&rec, buf, cap, len) : rc;
}

static int l_update(conn *c, enum table t, uint64_t key, const uint8_t *val, size_t len)
{
    MDB_val rec;
    uint8_t sec[SEC_BYTES];
    size_t k = (size_t)key;
    int rc = find(c, t, key, &rec);
    if (rc != B_OK) return rc;
    memcpy(sec, rec.mv_data, SEC_BYTES);
    MDB_val mk = {sizeof(k), &k}, md = {SEC_BYTES + len, NULL};
    TRY_MDB("mdb_put(rows)", mdb_put(c->txn, c->e->rows[t], &mk, &md, MDB_RESERVE));
    memcpy(md.mv_data, sec, SEC_BYTES);
    memcpy((uint8_t *)md.mv_data + SEC_BYTES, val, len);
    return B_OK;
}

static int l_del(conn *c, enum table t, uint64_t key)
{
    MDB_val rec;
    uint8_t sec[SEC_BYTES];
    size_t k = (size_t)key;
    int rc = find(c, t, key, &rec);
    if (rc != B_OK) return rc;
    memcpy(sec, rec.mv_data, SEC_BYTES);
    MDB_val mk = {sizeof(k), &k}, ms = {SEC_BYTES, sec};
    TRY_MDB("mdb_del(sec)", mdb_del(c->txn, c->e->sec[t], &ms, NULL));
    TRY_MDB("mdb_del(rows)", mdb_del(c->txn, c->e->rows[t], &mk, NULL));
    return B_OK;
}

static int l_scan(conn *c, enum table t, scan_fn fn, void *ctx)
{
    MDB_cursor *cur;
    MDB_val mk, rec;
    int rc;
    TRY_MDB("mdb_cursor_open", mdb_cursor_open(c->txn, c->e->rows[t], &cur));
    for (rc = mdb_cursor_get(cur, &mk, &rec, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &mk, &rec, MDB_NEXT)) {
        size_t k;
        memcpy(&k, mk.mv_data, sizeof(k));
        if (fn(ctx, k, (const uint8_t *)rec.mv_data + SEC_BYTES, rec.mv_size - SEC_BYTES)) break;
    }
    mdb_cursor_close(cur);
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return bench_fail("mdb_cursor_get", rc, 0);
    return B_OK;
}

static int l_count_sec(conn *c, enum table t, uint64_t *n)
{
    MDB_stat st;
    TRY_MDB("mdb_stat", mdb_stat(c->txn, c->e->sec[t], &st));
    *n = st.ms_entries;
    return B_OK;
}

static const char *l_version(void)
{
    return mdb_version(NULL, NULL, NULL);
}

const struct engine_ops ENGINE = {
    "lmdb", l_version, l_create, l_close, l_conn_open, l_conn_close, l_begin, l_commit,
    l_insert, l_get, l_get_sec, l_update, l_del, l_scan, l_count_sec,
};
