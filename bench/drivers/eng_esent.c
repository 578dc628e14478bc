/*
 * eng_esent.c: the benchmark's operations through the Jet API of esent.h,
 * called exactly as a C program written for ESENT calls them, linked with
 * libesent.so.
 *
 * Set-up: the global JET_paramDatabasePageSize and JET_paramCacheSizeMax,
 * then JetCreateInstance, the instance's paths, log file size, log buffers,
 * circular logging (logging stays on) and version-store size, JetInit,
 * JetBeginSession, JetCreateDatabase, and one JetCreateTableColumnIndex per
 * table: columns k (JET_coltypLongLong), s (16-byte fixed JET_coltypBinary)
 * and v (JET_coltypBinary for 100-byte values, JET_coltypLongBinary for the
 * 64 KiB ones), a primary index on +k and a secondary index on +s.
 *
 * Each thread has its own session (JetBeginSession, JetOpenDatabase) with two
 * cursors per table, one on the primary index and one moved once with
 * JetSetCurrentIndex to the secondary index, as ESE programs keep one cursor
 * per index they seek on. Rows are written with JetPrepareUpdate
 * (JET_prepInsert or JET_prepReplace), JetSetColumn and JetUpdate, found with
 * JetMakeKey + JetSeek(JET_bitSeekEQ), read with JetRetrieveColumn, removed
 * with JetDelete and scanned with JetMove. Lazy commits pass
 * JET_bitCommitLazyFlush, durable ones 0.
 *
 * A call that returns JET_errFeatureNotAvailable (the library has no engine
 * behind it yet) is reported as "not built", not as a failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"

#include "bench.h"

enum { COL_K, COL_S, COL_V, N_COLS };

struct engine {
    JET_INSTANCE inst;
    JET_SESID ses; /* the session that created the database; kept until close */
    JET_DBID dbid;
    char dbpath[4096];
    JET_COLUMNID col[2][N_COLS];
    pthread_mutex_t lend;
    int ses_lent;       /* ses is used by a conn (the first one opened) */
    int no_readonly_tx; /* the library lacks JET_bitTransactionReadOnly */
};

struct conn {
    engine *e;
    JET_SESID ses;
    JET_DBID dbid;
    JET_TABLEID pk[2];  /* cursor on the primary index */
    JET_TABLEID sec[2]; /* cursor on the secondary index */
    enum tx_mode mode;
    int own_session; /* 0: the engine's session, lent to this conn */
    uint8_t scratch[LONG_VAL_BYTES + 64];
};

static const char *table_name[2] = {"t", "lv"};

static int jfail(const char *call, JET_ERR err)
{
    return bench_fail(call, err, err == JET_errFeatureNotAvailable);
}

/* Returns from the calling operation on an error; warnings pass. */
#define J(call, expr)                                  \
    do {                                               \
        JET_ERR err_ = (expr);                         \
        if (err_ < 0) return jfail(call, err_);        \
    } while (0)

static int set_param(JET_INSTANCE *inst, const char *name, uint32_t id, JET_API_PTR num, const char *str)
{
    JET_ERR err = JetSetSystemParameter(inst, 0, id, num, str);
    if (err < 0) {
        char what[96];
        snprintf(what, sizeof(what), "JetSetSystemParameter(%s)", name);
        return jfail(what, err);
    }
    return B_OK;
}
#define PARAM(inst, id, num, str) \
    do { if (set_param(inst, #id, id, num, str) < 0) return B_ERR; } while (0)

/* The same table made one step at a time (JetCreateTable, JetAddColumn,
 * JetCreateIndex), as programs written for older ESE versions do; used only
 * while the library lacks JetCreateTableColumnIndex. */
static int create_table_stepwise(engine *e, int t, JET_COLUMNCREATE *cols, JET_INDEXCREATE *idx)
{
    JET_TABLEID tid;
    JET_ERR err = JetCreateTable(e->ses, e->dbid, table_name[t], 0, 0, &tid);
    /* Neither way is built: name the call the benchmark means to use. */
    if (err == JET_errFeatureNotAvailable) return jfail("JetCreateTableColumnIndex", err);
    if (err < 0) return jfail("JetCreateTable", err);
    for (int i = 0; i < N_COLS; i++) {
        JET_COLUMNDEF def;
        memset(&def, 0, sizeof(def));
        def.cbStruct = sizeof(def);
        def.coltyp = cols[i].coltyp;
        def.cbMax = cols[i].cbMax;
        def.grbit = cols[i].grbit;
        J("JetAddColumn", JetAddColumn(e->ses, tid, cols[i].szColumnName, &def, NULL, 0, &e->col[t][i]));
    }
    for (int i = 0; i < 2; i++)
        J("JetCreateIndex", JetCreateIndex(e->ses, tid, idx[i].szIndexName, idx[i].grbit, idx[i].szKey,
                                           idx[i].cbKey, 0));
    J("JetCloseTable", JetCloseTable(e->ses, tid));
    return B_OK;
}

static int create_table(engine *e, int t)
{
    JET_COLUMNCREATE cols[N_COLS];
    JET_INDEXCREATE idx[2];
    JET_TABLECREATE tc;
    static char key_pk[] = "+k\0";   /* double-NUL-terminated key strings */
    static char key_sec[] = "+s\0";

    memset(cols, 0, sizeof(cols));
    for (int i = 0; i < N_COLS; i++) cols[i].cbStruct = sizeof(JET_COLUMNCREATE);
    cols[COL_K].szColumnName = "k";
    cols[COL_K].coltyp = JET_coltypLongLong;
    cols[COL_K].grbit = JET_bitColumnFixed | JET_bitColumnNotNULL;
    cols[COL_S].szColumnName = "s";
    cols[COL_S].coltyp = JET_coltypBinary;
    cols[COL_S].cbMax = SEC_BYTES;
    cols[COL_S].grbit = JET_bitColumnFixed | JET_bitColumnNotNULL;
    cols[COL_V].szColumnName = "v";
    if (t == T_MAIN) {
        cols[COL_V].coltyp = JET_coltypBinary; /* variable, up to 255 bytes */
        cols[COL_V].cbMax = 255;
    } else {
        cols[COL_V].coltyp = JET_coltypLongBinary;
    }

    memset(idx, 0, sizeof(idx));
    idx[0].cbStruct = sizeof(JET_INDEXCREATE);
    idx[0].szIndexName = "pk";
    idx[0].szKey = key_pk;
    idx[0].cbKey = sizeof(key_pk); /* "+k\0\0" */
    idx[0].grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
    idx[1].cbStruct = sizeof(JET_INDEXCREATE);
    idx[1].szIndexName = "sec";
    idx[1].szKey = key_sec;
    idx[1].cbKey = sizeof(key_sec);
    idx[1].grbit = 0;

    memset(&tc, 0, sizeof(tc));
    tc.cbStruct = sizeof(tc);
    tc.szTableName = (char *)table_name[t];
    tc.rgcolumncreate = cols;
    tc.cColumns = N_COLS;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    JET_ERR err = JetCreateTableColumnIndex(e->ses, e->dbid, &tc);
    if (err == JET_errFeatureNotAvailable) return create_table_stepwise(e, t, cols, idx);
    if (err < 0) return jfail("JetCreateTableColumnIndex", err);
    for (int i = 0; i < N_COLS; i++) {
        if (cols[i].err < 0) return jfail("JetCreateTableColumnIndex(column)", cols[i].err);
        e->col[t][i] = cols[i].columnid;
    }
    for (int i = 0; i < 2; i++)
        if (idx[i].err < 0) return jfail("JetCreateTableColumnIndex(index)", idx[i].err);
    J("JetCloseTable", JetCloseTable(e->ses, (JET_TABLEID)tc.tableid));
    return B_OK;
}

static int j_create(const struct config *cfg, engine **out)
{
    engine *e = calloc(1, sizeof(*e));
    char sys[4096], logs[4096], temp[4096];
    JET_INSTANCE *inst = &e->inst;
    snprintf(sys, sizeof(sys), "%s/", cfg->dir);
    snprintf(logs, sizeof(logs), "%s/logs/", cfg->dir);
    snprintf(temp, sizeof(temp), "%s/temp/", cfg->dir);
    snprintf(e->dbpath, sizeof(e->dbpath), "%s/bench.edb", cfg->dir);
    pthread_mutex_init(&e->lend, NULL);

    /* Process-wide parameters, before any instance exists. */
    PARAM(NULL, JET_paramDatabasePageSize, (JET_API_PTR)cfg->page_size, NULL);
    PARAM(NULL, JET_paramCacheSizeMax, (JET_API_PTR)((uint64_t)cfg->cache_mib * 1048576 / (uint64_t)cfg->page_size), NULL);

    J("JetCreateInstance", JetCreateInstance(inst, "bench"));
    PARAM(inst, JET_paramCreatePathIfNotExist, 1, NULL);
    PARAM(inst, JET_paramSystemPath, 0, sys);
    PARAM(inst, JET_paramLogFilePath, 0, logs);
    PARAM(inst, JET_paramTempPath, 0, temp);
    PARAM(inst, JET_paramBaseName, 0, "edb");
    PARAM(inst, JET_paramRecovery, 0, "On");
    PARAM(inst, JET_paramCircularLog, 1, NULL);
    PARAM(inst, JET_paramLogFileSize, (JET_API_PTR)cfg->log_file_kib, NULL);
    PARAM(inst, JET_paramLogBuffers, (JET_API_PTR)cfg->log_buffer_kib * 2, NULL); /* 512-byte units */
    PARAM(inst, JET_paramMaxVerPages, 4096, NULL);
    PARAM(inst, JET_paramMaxSessions, (JET_API_PTR)cfg->threads_max + 8, NULL);
    PARAM(inst, JET_paramNoInformationEvent, 1, NULL);
    J("JetInit", JetInit(inst));
    J("JetBeginSession", JetBeginSession(e->inst, &e->ses, NULL, NULL));
    J("JetCreateDatabase", JetCreateDatabase(e->ses, e->dbpath, NULL, &e->dbid, JET_bitDbOverwriteExisting));
    for (int t = 0; t < 2; t++)
        if (create_table(e, t) < 0) return B_ERR;
    *out = e;
    return B_OK;
}

static int j_close(engine *e)
{
    J("JetCloseDatabase", JetCloseDatabase(e->ses, e->dbid, 0));
    J("JetEndSession", JetEndSession(e->ses, 0));
    /* A clean shutdown: everything lazily committed reaches the files. */
    J("JetTerm2", JetTerm2(e->inst, JET_bitTermComplete));
    free(e);
    return B_OK;
}

static int j_conn_open(engine *e, conn **out)
{
    conn *c = calloc(1, sizeof(*c));
    c->e = e;
    pthread_mutex_lock(&e->lend);
    int lend = !e->ses_lent;
    e->ses_lent = 1;
    pthread_mutex_unlock(&e->lend);
    if (lend) {
        /* The first conn works in the session that created the database, as
         * a single-threaded program would. */
        c->ses = e->ses;
        c->dbid = e->dbid;
    } else {
        c->own_session = 1;
        J("JetBeginSession", JetBeginSession(e->inst, &c->ses, NULL, NULL));
        J("JetOpenDatabase", JetOpenDatabase(c->ses, e->dbpath, NULL, &c->dbid, 0));
    }
    for (int t = 0; t < 2; t++) {
        J("JetOpenTable", JetOpenTable(c->ses, c->dbid, table_name[t], NULL, 0, 0, &c->pk[t]));
        J("JetOpenTable", JetOpenTable(c->ses, c->dbid, table_name[t], NULL, 0, 0, &c->sec[t]));
        J("JetSetCurrentIndex", JetSetCurrentIndex(c->ses, c->sec[t], "sec"));
    }
    *out = c;
    return B_OK;
}

static int j_conn_close(conn *c)
{
    for (int t = 0; t < 2; t++) {
        J("JetCloseTable", JetCloseTable(c->ses, c->pk[t]));
        J("JetCloseTable", JetCloseTable(c->ses, c->sec[t]));
    }
    if (c->own_session) {
        J("JetCloseDatabase", JetCloseDatabase(c->ses, c->dbid, 0));
        J("JetEndSession", JetEndSession(c->ses, 0));
    } else {
        pthread_mutex_lock(&c->e->lend);
        c->e->ses_lent = 0;
        pthread_mutex_unlock(&c->e->lend);
    }
    free(c);
    return B_OK;
}

static int j_begin(conn *c, enum tx_mode mode)
{
    c->mode = mode;
    if (mode == TX_READ && !c->e->no_readonly_tx) {
        JET_ERR err = JetBeginTransaction2(c->ses, JET_bitTransactionReadOnly);
        if (err != JET_errFeatureNotAvailable) {
            if (err < 0) return jfail("JetBeginTransaction2(JET_bitTransactionReadOnly)", err);
            return B_OK;
        }
        /* The read-only grbit is a hint; without it the reads are the same. */
        c->e->no_readonly_tx = 1;
    }
    J("JetBeginTransaction", JetBeginTransaction(c->ses));
    return B_OK;
}

static int j_commit(conn *c)
{
    J("JetCommitTransaction", JetCommitTransaction(c->ses, c->mode == TX_LAZY ? JET_bitCommitLazyFlush : 0));
    return B_OK;
}

static int j_insert(conn *c, enum table t, uint64_t key, const uint8_t *sec, const uint8_t *val, size_t len)
{
    JET_TABLEID tid = c->pk[t];
    const JET_COLUMNID *col = c->e->col[t];
    int64_t k = (int64_t)key;
    J("JetPrepareUpdate(JET_prepInsert)", JetPrepareUpdate(c->ses, tid, JET_prepInsert));
    J("JetSetColumn", JetSetColumn(c->ses, tid, col[COL_K], &k, sizeof(k), 0, NULL));
    J("JetSetColumn", JetSetColumn(c->ses, tid, col[COL_S], sec, SEC_BYTES, 0, NULL));
    J("JetSetColumn", JetSetColumn(c->ses, tid, col[COL_V], val, (uint32_t)len, 0, NULL));
    J("JetUpdate", JetUpdate(c->ses, tid, NULL, 0, NULL));
    return B_OK;
}

/* Positions the primary-index cursor on key. */
static int seek_pk(conn *c, enum table t, uint64_t key)
{
    int64_t k = (int64_t)key;
    J("JetMakeKey", JetMakeKey(c->ses, c->pk[t], &k, sizeof(k), JET_bitNewKey));
    JET_ERR err = JetSeek(c->ses, c->pk[t], JET_bitSeekEQ);
    if (err == JET_errRecordNotFound) return B_NOTFOUND;
    if (err < 0) return jfail("JetSeek", err);
    return B_OK;
}

static int retrieve(conn *c, JET_TABLEID tid, JET_COLUMNID col, void *buf, size_t cap, size_t *len)
{
    uint32_t cb = 0;
    J("JetRetrieveColumn", JetRetrieveColumn(c->ses, tid, col, buf, (uint32_t)cap, &cb, 0, NULL));
    *len = cb;
    return B_OK;
}

static int j_get(conn *c, enum table t, uint64_t key, uint8_t *buf, size_t cap, size_t *len)
{
    int rc = seek_pk(c, t, key);
    if (rc != B_OK) return rc;
    return retrieve(c, c->pk[t], c->e->col[t][COL_V], buf, cap, len);
}

static int j_get_sec(conn *c, enum table t, const uint8_t *sec, uint64_t *key, uint8_t *buf, size_t cap, size_t *len)
{
    JET_TABLEID tid = c->sec[t];
    int64_t k = 0;
    size_t klen = 0;
    J("JetMakeKey", JetMakeKey(c->ses, tid, sec, SEC_BYTES, JET_bitNewKey));
    JET_ERR err = JetSeek(c->ses, tid, JET_bitSeekEQ);
    if (err == JET_errRecordNotFound) return B_NOTFOUND;
    if (err < 0) return jfail("JetSeek", err);
    if (retrieve(c, tid, c->e->col[t][COL_K], &k, sizeof(k), &klen) < 0) return B_ERR;
    *key = (uint64_t)k;
    return retrieve(c, tid, c->e->col[t][COL_V], buf, cap, len);
}

static int j_update(conn *c, enum table t, uint64_t key, const uint8_t *val, size_t len)
{
    JET_TABLEID tid = c->pk[t];
    int rc = seek_pk(c, t, key);
    if (rc != B_OK) return rc;
    J("JetPrepareUpdate(JET_prepReplace)", JetPrepareUpdate(c->ses, tid, JET_prepReplace));
    J("JetSetColumn", JetSetColumn(c->ses, tid, c->e->col[t][COL_V], val, (uint32_t)len, 0, NULL));
    J("JetUpdate", JetUpdate(c->ses, tid, NULL, 0, NULL));
    return B_OK;
}

static int j_del(conn *c, enum table t, uint64_t key)
{
    int rc = seek_pk(c, t, key);
    if (rc != B_OK) return rc;
    J("JetDelete", JetDelete(c->ses, c->pk[t]));
    return B_OK;
}

static int j_scan(conn *c, enum table t, scan_fn fn, void *ctx)
{
    JET_TABLEID tid = c->pk[t];
    JET_ERR err;
    for (err = JetMove(c->ses, tid, (int32_t)JET_MoveFirst, 0); err >= 0;
         err = JetMove(c->ses, tid, JET_MoveNext, 0)) {
        int64_t k = 0;
        size_t klen = 0, vlen = 0;
        if (retrieve(c, tid, c->e->col[t][COL_K], &k, sizeof(k), &klen) < 0) return B_ERR;
        if (retrieve(c, tid, c->e->col[t][COL_V], c->scratch, sizeof(c->scratch), &vlen) < 0) return B_ERR;
        if (fn(ctx, (uint64_t)k, c->scratch, vlen)) return B_OK;
    }
    if (err != JET_errNoCurrentRecord) return jfail("JetMove", err);
    return B_OK;
}

static int j_count_sec(conn *c, enum table t, uint64_t *n)
{
    JET_TABLEID tid = c->sec[t];
    JET_ERR err;
    uint64_t count = 0;
    for (err = JetMove(c->ses, tid, (int32_t)JET_MoveFirst, 0); err >= 0; err = JetMove(c->ses, tid, JET_MoveNext, 0))
        count++;
    if (err != JET_errNoCurrentRecord) return jfail("JetMove", err);
    *n = count;
    return B_OK;
}

static const char *j_version(void)
{
    return "this checkout";
}

const struct engine_ops ENGINE = {
    "esent", j_version, j_create, j_close, j_conn_open, j_conn_close, j_begin, j_commit,
    j_insert, j_get, j_get_sec, j_update, j_del, j_scan, j_count_sec,
};
