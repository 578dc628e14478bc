/*
 * Space hints (JET_SPACEHINTS) of JetCreateIndex3/4 and
 * JetCreateTableColumnIndex3/4: cbInitial sizes the index's tree (the table's
 * tree holds every index's initial pages, as ErrFILECreateTableProcessSpaceHints
 * counts them), the hints are kept in the catalog and come back through
 * JetGetTableIndexInfo(JET_IdxInfoCreateIndex3) after a reattach, and ESE's
 * checks (sizes rounded to pages, growth, extent bounds).
 */
#include "harness.h"

/* JET_IdxInfoSpaceOwned: the pages an index's tree owns (not in every header) */
#define IDX_INFO_SPACE_OWNED 18

static uint32_t page_size;

static uint32_t owned(JET_SESID s, JET_TABLEID t, const char *index)
{
    uint32_t n = 0;
    CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, index, &n, sizeof n, IDX_INFO_SPACE_OWNED));
    return n;
}

/* The hints JetGetTableIndexInfo(JET_IdxInfoCreateIndex3) gives back. */
static JET_SPACEHINTS hints_of(JET_SESID s, JET_TABLEID t, const char *index)
{
    union {
        JET_INDEXCREATE3_A ic;
        char space[4096];
    } u;
    JET_SPACEHINTS h;
    memset(&h, 0, sizeof h);
    memset(&u, 0, sizeof u);
    CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, index, &u, sizeof u, JET_IdxInfoCreateIndex3));
    CHECK_TRUE(u.ic.pSpacehints != NULL);
    if (u.ic.pSpacehints != NULL) {
        h = *u.ic.pSpacehints;
    }
    return h;
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    unsigned long ps = 0;
    CHECK(JET_errSuccess, JetCreateInstance(&inst, "hints"));
    harness_own_paths(inst);
    CHECK(JET_errSuccess, JetInit(&inst));
    CHECK(JET_errSuccess, JetGetSystemParameter(inst, 0, JET_paramDatabasePageSize, &ps, NULL, 0));
    page_size = (uint32_t)ps;
    CHECK(JET_errSuccess, JetBeginSession(inst, &s, NULL, NULL));
    unlink("hints.edb");
    CHECK(JET_errSuccess, JetCreateDatabase(s, "hints.edb", NULL, &db, 0));

    /* a table with a primary index of 4 pages, a secondary one of 8 (asked as a size
       that is not a whole number of pages) and one without hints */
    JET_COLUMNCREATE_A cols[2];
    memset(cols, 0, sizeof cols);
    cols[0].cbStruct = sizeof cols[0];
    cols[0].szColumnName = "a";
    cols[0].coltyp = JET_coltypLong;
    cols[1] = cols[0];
    cols[1].szColumnName = "b";
    JET_SPACEHINTS hp = {sizeof(JET_SPACEHINTS), 70, 4 * page_size, 0, 0, 0, 0, 0};
    JET_SPACEHINTS hs = {sizeof(JET_SPACEHINTS), 85, 7 * page_size + 1, JET_bitCreateHintAppendSequential, 60, 200, 0, 0};
    JET_INDEXCREATE3_A ix[3];
    memset(ix, 0, sizeof ix);
    for (int i = 0; i < 3; i++) {
        ix[i].cbStruct = sizeof ix[i];
        ix[i].cbKeyMost = 255;
    }
    ix[0].szIndexName = "pk";
    ix[0].szKey = "+a\0";
    ix[0].cbKey = 4;
    ix[0].grbit = JET_bitIndexPrimary;
    ix[0].pSpacehints = &hp;
    ix[1].szIndexName = "big";
    ix[1].szKey = "+b\0";
    ix[1].cbKey = 4;
    ix[1].pSpacehints = &hs;
    ix[2].szIndexName = "small";
    ix[2].szKey = "-b\0";
    ix[2].cbKey = 4;
    JET_TABLECREATE4_A tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = "t";
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = ix;
    tc.cIndexes = 3;
    CHECK(JET_errSuccess, JetCreateTableColumnIndex4(s, db, &tc));
    t = tc.tableid;
    CHECK_EQ(8, owned(s, t, "big"));
    CHECK_EQ(1, owned(s, t, "small"));
    {
        uint32_t alloc[2] = {0, 0};
        CHECK(JET_errSuccess, JetGetTableInfo(s, t, alloc, sizeof alloc, JET_TblInfoSpaceAlloc));
        CHECK_EQ(4 + 8 + 1, alloc[0]);
        CHECK_EQ(70, alloc[1]);
        uint32_t d = 0;
        CHECK(JET_errSuccess, JetGetTableIndexInfo(s, t, "big", &d, sizeof d, JET_IdxInfoSpaceAlloc));
        CHECK_EQ(85, d);
    }

    /* JetCreateIndex4 on the existing table: a 6-page tree */
    JET_SPACEHINTS h6 = {sizeof(JET_SPACEHINTS), 90, 6 * page_size, 0, 0, 0, 0, 0};
    JET_INDEXCREATE3_A later;
    memset(&later, 0, sizeof later);
    later.cbStruct = sizeof later;
    later.szIndexName = "later";
    later.szKey = "+b\0+a\0";
    later.cbKey = 7;
    later.cbKeyMost = 255;
    later.pSpacehints = &h6;
    CHECK(JET_errSuccess, JetCreateIndex4(s, t, &later, 1));
    CHECK_EQ(6, owned(s, t, "later"));

    /* ESE's checks */
    {
        JET_SPACEHINTS bad = h6;
        later.szIndexName = "bad";
        later.pSpacehints = &bad;
        bad.ulGrowth = 50;
        CHECK(JET_errSpaceHintsInvalid, JetCreateIndex4(s, t, &later, 1));
        bad = h6;
        bad.cbMinExtent = 4 * page_size;
        bad.cbMaxExtent = 2 * page_size;
        CHECK(JET_errSpaceHintsInvalid, JetCreateIndex4(s, t, &later, 1));
        bad = h6;
        bad.cbMaxExtent = 100 * 1024 * 1024;
        CHECK(JET_errSpaceHintsInvalid, JetCreateIndex4(s, t, &later, 1));
        bad = h6;
        bad.cbStruct = sizeof bad - 1;
        CHECK(JET_errInvalidParameter, JetCreateIndex4(s, t, &later, 1));
    }

    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetCloseDatabase(s, db, 0));
    CHECK(JET_errSuccess, JetDetachDatabase(s, "hints.edb"));
    CHECK(JET_errSuccess, JetAttachDatabase(s, "hints.edb", 0));
    CHECK(JET_errSuccess, JetOpenDatabase(s, "hints.edb", NULL, &db, 0));
    CHECK(JET_errSuccess, JetOpenTable(s, db, "t", NULL, 0, 0, &t));

    /* the catalog kept them: the size rounded up to whole pages */
    JET_SPACEHINTS back = hints_of(s, t, "big");
    CHECK_EQ(85, back.ulInitialDensity);
    CHECK_EQ(8 * page_size, back.cbInitial);
    CHECK_EQ(JET_bitCreateHintAppendSequential, back.grbit);
    CHECK_EQ(60, back.ulMaintDensity);
    CHECK_EQ(200, back.ulGrowth);
    back = hints_of(s, t, "later");
    CHECK_EQ(6 * page_size, back.cbInitial);
    CHECK_EQ(90, back.ulInitialDensity);
    /* without hints: the default, one page */
    back = hints_of(s, t, "small");
    CHECK_EQ(page_size, back.cbInitial);
    CHECK_EQ(0, back.ulGrowth);
    /* the primary index's are the table's: its initial size is the table's */
    back = hints_of(s, t, "pk");
    CHECK_EQ(13 * page_size, back.cbInitial);
    CHECK_EQ(70, back.ulInitialDensity);

    CHECK(JET_errSuccess, JetCloseTable(s, t));
    CHECK(JET_errSuccess, JetEndSession(s, 0));
    CHECK(JET_errSuccess, JetTerm(inst));
    return 0;
}
