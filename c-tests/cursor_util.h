/*
 * cursor_util.h: shared set-up for the cursor tests (test_nav*.c,
 * test_retrieve*.c, test_update*.c, test_callback*.c): an instance with its
 * own folders, a database, and the table ManagedEsent's DmlCurrencyTests
 * build (key, data1, data2 Long columns and an autoincrement column, a
 * primary index on key and two secondary indexes), with helpers to insert,
 * seek and check the current record.
 */
#ifndef ESENT_CURSOR_UTIL_H
#define ESENT_CURSOR_UTIL_H

#include "harness.h"

typedef struct {
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID db;
} Env;

static __attribute__((unused)) Env env_start(const char *name)
{
    Env e = {0, 0, 0};
    char path[128];
    CHECK(JET_errSuccess, JetCreateInstance(&e.inst, name));
    harness_own_paths(e.inst);
    CHECK(JET_errSuccess, JetInit(&e.inst));
    CHECK(JET_errSuccess, JetBeginSession(e.inst, &e.ses, NULL, NULL));
    snprintf(path, sizeof path, "%s.edb", name);
    unlink(path);
    CHECK(JET_errSuccess, JetCreateDatabase(e.ses, path, NULL, &e.db, 0));
    return e;
}

static __attribute__((unused)) void env_stop(Env *e)
{
    CHECK(JET_errSuccess, JetEndSession(e->ses, 0));
    CHECK(JET_errSuccess, JetTerm(e->inst));
}

static __attribute__((unused)) JET_COLUMNID add_column(JET_SESID s, JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit, const void *def, unsigned long cbDef)
{
    JET_COLUMNDEF cd;
    JET_COLUMNID id = 0;
    memset(&cd, 0, sizeof cd);
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    cd.grbit = grbit;
    if (coltyp == JET_coltypText || coltyp == JET_coltypLongText) {
        cd.cp = 1252;
    }
    CHECK(JET_errSuccess, JetAddColumn(s, t, name, &cd, def, cbDef, &id));
    return id;
}

static __attribute__((unused)) void add_index(JET_SESID s, JET_TABLEID t, const char *name, JET_GRBIT grbit, const char *key, unsigned long cbKey)
{
    CHECK(JET_errSuccess, JetCreateIndex(s, t, name, grbit, key, cbKey, 100));
}

/* A key string literal "+a\0-b\0\0" with its exact length (without C's own NUL). */
#define ADD_INDEX(s, t, name, grbit, key) add_index((s), (t), (name), (grbit), (key), sizeof(key) - 1)

/* The DmlCurrencyTests table. */
typedef struct {
    JET_TABLEID t;
    JET_COLUMNID key, data1, data2, autoinc;
} Dml;

#define IDX_SEC_WITH_PRIMARY "secondarywithprimary"
#define IDX_SEC_WITHOUT_PRIMARY "secondarywithoutprimary"

static __attribute__((unused)) Dml dml_create(Env *e, const char *name)
{
    Dml d;
    CHECK(JET_errSuccess, JetCreateTable(e->ses, e->db, name, 0, 100, &d.t));
    d.key = add_column(e->ses, d.t, "columnkey", JET_coltypLong, 0, NULL, 0);
    d.data1 = add_column(e->ses, d.t, "columndata1", JET_coltypLong, 0, NULL, 0);
    d.data2 = add_column(e->ses, d.t, "columndata2", JET_coltypLong, 0, NULL, 0);
    d.autoinc = add_column(e->ses, d.t, "columnautoinc", JET_coltypLong, JET_bitColumnAutoincrement, NULL, 0);
    ADD_INDEX(e->ses, d.t, "clustered", JET_bitIndexPrimary, "+columnkey\0\0");
    ADD_INDEX(e->ses, d.t, IDX_SEC_WITH_PRIMARY, 0, "+columndata1\0-columnkey\0\0");
    ADD_INDEX(e->ses, d.t, IDX_SEC_WITHOUT_PRIMARY, 0, "+columndata1\0+columndata2\0\0");
    return d;
}

static __attribute__((unused)) int dml_insert3(JET_SESID s, Dml *d, int key, int data1, int data2)
{
    unsigned char bm[16];
    uint32_t cb = 0;
    JET_ERR err;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d->t, JET_prepInsert));
    CHECK(JET_errSuccess, JetSetColumn(s, d->t, d->key, &key, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, d->t, d->data1, &data1, 4, 0, NULL));
    CHECK(JET_errSuccess, JetSetColumn(s, d->t, d->data2, &data2, 4, 0, NULL));
    err = JetUpdate(s, d->t, bm, sizeof bm, &cb);
    CHECK(JET_errSuccess, err);
    /* a Long key: the 0x7f data prefix and four bytes */
    CHECK_EQ(5, cb);
    return err;
}

static __attribute__((unused)) void dml_insert(JET_SESID s, Dml *d, int key)
{
    dml_insert3(s, d, key, 10 * key, 100 * key);
}

static __attribute__((unused)) void dml_insert2(JET_SESID s, Dml *d, int key, int data1)
{
    dml_insert3(s, d, key, data1, 10 * data1);
}

static __attribute__((unused)) JET_ERR dml_seek(JET_SESID s, Dml *d, int key, JET_GRBIT grbit)
{
    JetMakeKey(s, d->t, &key, 4, JET_bitNewKey);
    return JetSeek(s, d->t, grbit);
}

static __attribute__((unused)) JET_ERR dml_seek2(JET_SESID s, Dml *d, int data1, int data2, JET_GRBIT grbit)
{
    JetMakeKey(s, d->t, &data1, 4, JET_bitNewKey);
    JetMakeKey(s, d->t, &data2, 4, 0);
    return JetSeek(s, d->t, grbit);
}

static __attribute__((unused)) JET_ERR dml_range(JET_SESID s, Dml *d, int key, JET_GRBIT grbit)
{
    JetMakeKey(s, d->t, &key, 4, JET_bitNewKey);
    return JetSetIndexRange(s, d->t, grbit);
}

static __attribute__((unused)) JET_ERR dml_range2(JET_SESID s, Dml *d, int data1, int data2, JET_GRBIT grbit)
{
    JetMakeKey(s, d->t, &data1, 4, JET_bitNewKey);
    JetMakeKey(s, d->t, &data2, 4, 0);
    return JetSetIndexRange(s, d->t, grbit);
}

/* Read key, data1, data2 of the current record with JetRetrieveColumns:
   the error of the call; the values through the pointers. */
static __attribute__((unused)) JET_ERR dml_read(JET_SESID s, Dml *d, int *key, int *data1, int *data2, int *autoinc)
{
    JET_RETRIEVECOLUMN rc[4];
    int v[4] = {0, 0, 0, 0};
    JET_COLUMNID ids[4] = {d->key, d->data1, d->data2, d->autoinc};
    JET_ERR err;
    memset(rc, 0, sizeof rc);
    for (int i = 0; i < 4; i++) {
        rc[i].columnid = ids[i];
        rc[i].pvData = &v[i];
        rc[i].cbData = 4;
        rc[i].itagSequence = 1;
    }
    err = JetRetrieveColumns(s, d->t, rc, 4);
    if (key) *key = v[0];
    if (data1) *data1 = v[1];
    if (data2) *data2 = v[2];
    if (autoinc) *autoinc = v[3];
    return err;
}

/* The key of the current record, or the error as a negative number. */
static __attribute__((unused)) int dml_current(JET_SESID s, Dml *d)
{
    int key = 0;
    JET_ERR err = dml_read(s, d, &key, NULL, NULL, NULL);
    return err < 0 ? err : key;
}

#define CHECK_ON(ses, d, key) CHECK_EQ((key), dml_current((ses), (d)))

#endif
