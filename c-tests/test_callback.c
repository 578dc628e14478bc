/*
 * JetRegisterCallback / JetUnregisterCallback: before/after insert, replace
 * and delete callbacks as recupd.cxx calls them (per table, for every cursor
 * on it, with the cursor's tableid and the callback's context), a callback
 * re-entering the API with the same session and table, a failing
 * before-callback failing the operation, unregistering.
 */
#include "cursor_util.h"

typedef struct {
    int calls[16];
    JET_TABLEID last_tableid;
    JET_DBID last_dbid;
    JET_CBTYP last_cbtyp;
    JET_COLUMNID data2;
    JET_ERR fail_with;
    JET_ERR reentry;
} Ctx;

static int bit_index(JET_CBTYP t)
{
    int i = 0;
    while (t > 1) {
        t >>= 1;
        i++;
    }
    return i;
}

static JET_ERR callback(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp, void *arg1, void *arg2, void *context, JET_API_PTR unused)
{
    Ctx *c = (Ctx *)context;
    (void)arg1;
    (void)arg2;
    (void)unused;
    c->calls[bit_index(cbtyp)]++;
    c->last_tableid = tableid;
    c->last_dbid = dbid;
    c->last_cbtyp = cbtyp;
    if (cbtyp == JET_cbtypBeforeInsert) {
        /* re-enter: read the copy buffer and change it */
        int v = 0, w = 4242;
        uint32_t cb = 0;
        c->reentry = JetRetrieveColumn(sesid, tableid, c->data2, &v, 4, &cb, JET_bitRetrieveCopy, NULL);
        if (c->reentry == JET_errSuccess && v == 77) {
            c->reentry = JetSetColumn(sesid, tableid, c->data2, &w, 4, 0, NULL);
        }
    }
    return c->fail_with;
}

int main(void)
{
    Env e = env_start("callback");
    JET_SESID s = e.ses;
    JET_HANDLE h1 = 0, h2 = 0;
    JET_TABLEID t2;
    Ctx ctx;
    int v;
    uint32_t cb;
    memset(&ctx, 0, sizeof ctx);
    CHECK(JET_errSuccess, JetBeginTransaction(s));
    Dml d = dml_create(&e, "cbtable");
    ctx.data2 = d.data2;
    CHECK(JET_errInvalidParameter, JetRegisterCallback(s, d.t, JET_cbtypBeforeInsert, NULL, &ctx, &h1));
    CHECK(JET_errInvalidParameter, JetRegisterCallback(s, d.t, JET_cbtypNull, callback, &ctx, &h1));
    CHECK(JET_errInvalidParameter, JetRegisterCallback(s, d.t, JET_cbtypBeforeInsert, callback, &ctx, NULL));
    CHECK(JET_errSuccess, JetRegisterCallback(s, d.t, JET_cbtypBeforeInsert | JET_cbtypAfterInsert | JET_cbtypBeforeReplace | JET_cbtypAfterReplace, callback, &ctx, &h1));
    CHECK(JET_errSuccess, JetRegisterCallback(s, d.t, JET_cbtypBeforeDelete | JET_cbtypAfterDelete, callback, &ctx, &h2));
    CHECK_TRUE(h1 != h2);

    /* insert: before and after, each with its own type bit */
    dml_insert3(s, &d, 1, 10, 77);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypBeforeInsert)]);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypAfterInsert)]);
    CHECK_EQ(JET_cbtypAfterInsert, ctx.last_cbtyp);
    CHECK_EQ(d.t, ctx.last_tableid);
    CHECK_EQ(e.db, ctx.last_dbid);
    /* the callback re-entered the API and changed the copy buffer */
    CHECK_EQ(JET_errSuccess, ctx.reentry);
    CHECK(JET_errSuccess, dml_seek(s, &d, 1, JET_bitSeekEQ));
    CHECK(JET_errSuccess, JetRetrieveColumn(s, d.t, d.data2, &v, 4, &cb, 0, NULL));
    CHECK_EQ(4242, v);

    /* a failing before-callback fails the update, which stays prepared */
    ctx.fail_with = JET_errCallbackFailed;
    CHECK(JET_errSuccess, JetPrepareUpdate(s, d.t, JET_prepReplace));
    v = 5;
    CHECK(JET_errSuccess, JetSetColumn(s, d.t, d.data1, &v, 4, 0, NULL));
    CHECK(JET_errCallbackFailed, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypBeforeReplace)]);
    CHECK_EQ(0, ctx.calls[bit_index(JET_cbtypAfterReplace)]);
    ctx.fail_with = JET_errSuccess;
    CHECK(JET_errSuccess, JetUpdate(s, d.t, NULL, 0, NULL));
    CHECK_EQ(2, ctx.calls[bit_index(JET_cbtypBeforeReplace)]);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypAfterReplace)]);

    /* another cursor on the table calls them too, with its own tableid */
    CHECK(JET_errSuccess, JetDupCursor(s, d.t, &t2, 0));
    CHECK(JET_errSuccess, JetMove(s, t2, JET_MoveFirst, 0));
    ctx.fail_with = JET_errWriteConflict;
    CHECK(JET_errWriteConflict, JetDelete(s, t2));
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypBeforeDelete)]);
    CHECK_EQ(t2, ctx.last_tableid);
    CHECK(JET_errSuccess, JetMove(s, t2, 0, 0));
    ctx.fail_with = JET_errSuccess;
    CHECK(JET_errSuccess, JetDelete(s, t2));
    CHECK_EQ(2, ctx.calls[bit_index(JET_cbtypBeforeDelete)]);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypAfterDelete)]);

    /* unregistered: no more calls */
    CHECK(JET_errSuccess, JetUnregisterCallback(s, d.t, JET_cbtypBeforeInsert, h1));
    CHECK(JET_errInvalidParameter, JetUnregisterCallback(s, d.t, 0, 0x7777));
    dml_insert(s, &d, 2);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypBeforeInsert)]);
    CHECK_EQ(1, ctx.calls[bit_index(JET_cbtypAfterInsert)]);
    CHECK(JET_errSuccess, JetUnregisterCallback(s, t2, JET_cbtypBeforeDelete, h2));
    CHECK(JET_errSuccess, JetCloseTable(s, t2));
    CHECK(JET_errSuccess, JetCloseTable(s, d.t));
    CHECK(JET_errSuccess, JetCommitTransaction(s, 0));
    env_stop(&e);
    return 0;
}
