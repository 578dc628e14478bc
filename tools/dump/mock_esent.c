/*
 * A stand-in libesent.so for testing esedump.c before the engine exists.
 *
 * It implements only the Jet calls esedump makes, with ESE's observable
 * behaviour for them (temporary list tables walked with JetMove and
 * JetRetrieveColumn through the columnids of JET_OBJECTLIST / JET_COLUMNLIST /
 * JET_INDEXLIST, value sizes as ESE's info.cxx sets them, JET_wrnColumnNull,
 * JET_wrnBufferTruncated with the full size in *pcbActual, itagSequence for
 * multi-values), and checks that the caller follows the rules (page size set
 * before JetInit, recovery off, read-only attach/open/table, cbStruct set).
 * It serves the data of a text file named by $ESEDUMP_MOCK_DATA, written by
 * test_esedump.py from a canonical dump:
 *
 *   P <page size>
 *   T <table name hex>
 *   C <name hex> <columnid> <coltyp> <cbMax> <grbit> <cp> <default hex|-|=>
 *   I <index name hex> <grbitIndex> <iColumn> <column name hex> <descending 0|1>
 *   R                                  a record of the last table
 *   V <columnid> <value hex|=>         one value (again for each multi-value)
 *
 * ("-" none, "=" zero-length). $ESEDUMP_MOCK_FAIL=JetXxx makes that call fail
 * with JET_errDiskIO. Test code only: never linked into anything shipped.
 */
#define _POSIX_C_SOURCE 200809L
#include <esent.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t colid;
    uint8_t *p;
    uint32_t n;
} Cell;

typedef struct {
    Cell *cells;
    size_t ncells;
} Row;

typedef struct {
    Row *rows;
    size_t nrows;
} Rowset;

typedef struct {
    char *name;
    Rowset columns; /* one row per column, in the layout of the column list */
    Rowset indexes; /* one row per key column, in the layout of the index list */
    Rowset records;
} Table;

static Table *g_tables;
static size_t g_ntables;
static uint32_t g_pagesize;
static int g_loaded;
static uint32_t g_param_pagesize;
static int g_recovery_off, g_inited, g_attached, g_opened;

#define MAXCUR 64
static struct {
    Rowset *rs;
    Rowset owned; /* for temporary list tables */
    long pos;
    int used, temp;
} g_cur[MAXCUR];

/* columnids of the list tables: distinct ranges so a mix-up is an error */
enum {
    OL_CONTAINER = 11, OL_NAME, OL_OBJTYP, OL_GRBIT, OL_FLAGS, OL_CRECORD, OL_CPAGE,
    CL_PORDER = 21, CL_NAME, CL_ID, CL_COLTYP, CL_COUNTRY, CL_LANGID, CL_CP, CL_COLLATE, CL_CBMAX,
    CL_GRBIT, CL_DEFAULT, CL_BASETABLE, CL_BASECOLUMN,
    IL_NAME = 41, IL_GRBIT, IL_CKEY, IL_CENTRY, IL_CPAGE, IL_CCOL, IL_ICOL, IL_COLID, IL_COLTYP,
    IL_COUNTRY, IL_LANGID, IL_CP, IL_COLLATE, IL_GRBITCOL, IL_COLNAME, IL_LCMAP,
};

static JET_ERR complain(JET_ERR err, const char *fmt, const char *arg)
{
    fprintf(stderr, "mock_esent: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return err;
}

static int should_fail(const char *fn)
{
    const char *f = getenv("ESEDUMP_MOCK_FAIL");
    return f && !strcmp(f, fn);
}
#define FAILPOINT(fn) do { if (should_fail(fn)) return JET_errDiskIO; } while (0)

static void *xalloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "mock_esent: out of memory\n");
        abort();
    }
    return p;
}

static Row *add_row(Rowset *rs)
{
    rs->rows = xalloc(rs->rows, (rs->nrows + 1) * sizeof *rs->rows);
    Row *r = &rs->rows[rs->nrows++];
    r->cells = NULL;
    r->ncells = 0;
    return r;
}

static void add_cell(Row *r, uint32_t colid, const void *p, uint32_t n)
{
    r->cells = xalloc(r->cells, (r->ncells + 1) * sizeof *r->cells);
    Cell *c = &r->cells[r->ncells++];
    c->colid = colid;
    c->p = xalloc(NULL, n);
    memcpy(c->p, p, n);
    c->n = n;
}

static void add_u32(Row *r, uint32_t colid, uint32_t v) { add_cell(r, colid, &v, 4); }
static void add_u16(Row *r, uint32_t colid, uint16_t v) { add_cell(r, colid, &v, 2); }

/* hex token -> bytes; "=" is zero-length; returns length or -1 for "-" */
static long unhex(const char *s, uint8_t **out)
{
    if (!strcmp(s, "-"))
        return -1;
    if (!strcmp(s, "=")) {
        *out = xalloc(NULL, 1);
        return 0;
    }
    size_t n = strlen(s) / 2;
    uint8_t *b = xalloc(NULL, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        b[i] = (uint8_t)v;
    }
    b[n] = 0;
    *out = b;
    return (long)n;
}

static int load(void)
{
    if (g_loaded)
        return 1;
    const char *path = getenv("ESEDUMP_MOCK_DATA");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        fprintf(stderr, "mock_esent: cannot open $ESEDUMP_MOCK_DATA (%s)\n", path ? path : "unset");
        return 0;
    }
    size_t cap = 1 << 20;
    char *line = xalloc(NULL, cap);
    char *tok[8];
    Table *t = NULL;
    Row *rec = NULL;
    while (getline(&line, &cap, f) > 0) {
        int nt = 0;
        for (char *s = strtok(line, " \n"); s && nt < 8; s = strtok(NULL, " \n"))
            tok[nt++] = s;
        if (!nt)
            continue;
        uint8_t *b;
        long n;
        switch (tok[0][0]) {
        case 'P':
            g_pagesize = (uint32_t)strtoul(tok[1], NULL, 10);
            break;
        case 'T':
            g_tables = xalloc(g_tables, (g_ntables + 1) * sizeof *g_tables);
            t = &g_tables[g_ntables++];
            memset(t, 0, sizeof *t);
            unhex(tok[1], &b);
            t->name = (char *)b;
            rec = NULL;
            break;
        case 'C': {
            Row *r = add_row(&t->columns);
            n = unhex(tok[1], &b);
            add_u32(r, CL_PORDER, (uint32_t)t->columns.nrows);
            add_cell(r, CL_NAME, b, (uint32_t)n);
            add_u32(r, CL_ID, (uint32_t)strtoul(tok[2], NULL, 10));
            add_u32(r, CL_COLTYP, (uint32_t)strtoul(tok[3], NULL, 10));
            add_u16(r, CL_COUNTRY, 1);
            add_u16(r, CL_LANGID, 0x409);
            add_u16(r, CL_CP, (uint16_t)strtoul(tok[6], NULL, 10));
            add_u16(r, CL_COLLATE, 0);
            add_u32(r, CL_CBMAX, (uint32_t)strtoul(tok[4], NULL, 10));
            add_u32(r, CL_GRBIT, (uint32_t)strtoul(tok[5], NULL, 10));
            uint8_t *d;
            long dn = unhex(tok[7], &d);
            if (dn >= 0)
                add_cell(r, CL_DEFAULT, d, (uint32_t)dn);
            add_cell(r, CL_BASETABLE, t->name, (uint32_t)strlen(t->name));
            add_cell(r, CL_BASECOLUMN, b, (uint32_t)n);
            break;
        }
        case 'I': {
            Row *r = add_row(&t->indexes);
            n = unhex(tok[1], &b);
            add_cell(r, IL_NAME, b, (uint32_t)n);
            add_u32(r, IL_GRBIT, (uint32_t)strtoul(tok[2], NULL, 10));
            add_u32(r, IL_ICOL, (uint32_t)strtoul(tok[3], NULL, 10));
            n = unhex(tok[4], &b);
            add_cell(r, IL_COLNAME, b, (uint32_t)n);
            add_u32(r, IL_GRBITCOL, (uint32_t)strtoul(tok[5], NULL, 10));
            add_u32(r, IL_CCOL, 1);
            add_u16(r, IL_CP, 0);
            break;
        }
        case 'R':
            rec = add_row(&t->records);
            break;
        case 'V':
            n = unhex(tok[2], &b);
            add_cell(rec, (uint32_t)strtoul(tok[1], NULL, 10), b, (uint32_t)n);
            break;
        }
    }
    free(line);
    fclose(f);
    g_loaded = 1;
    return 1;
}

static JET_TABLEID open_cursor(Rowset *rs, int temp)
{
    for (int i = 0; i < MAXCUR; i++) {
        if (!g_cur[i].used) {
            g_cur[i].used = 1;
            g_cur[i].temp = temp;
            g_cur[i].pos = -1;
            if (temp) {
                g_cur[i].owned = *rs;
                g_cur[i].rs = &g_cur[i].owned;
            } else {
                g_cur[i].rs = rs;
            }
            return (JET_TABLEID)(0x5000 + i);
        }
    }
    return 0;
}

static int cursor(JET_TABLEID t)
{
    long i = (long)t - 0x5000;
    return (i >= 0 && i < MAXCUR && g_cur[i].used) ? (int)i : -1;
}

JET_ERR JetGetDatabaseFileInfoA(JET_PCSTR szDatabaseName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    FAILPOINT("JetGetDatabaseFileInfoA");
    if (!load())
        return JET_errInternalError;
    FILE *f = fopen(szDatabaseName, "rb");
    if (!f)
        return complain(JET_errFileNotFound, "JetGetDatabaseFileInfoA: no file %s", szDatabaseName);
    fclose(f);
    if (InfoLevel != JET_DbInfoPageSize || cbMax < 4)
        return JET_errInvalidParameter;
    memcpy(pvResult, &g_pagesize, 4);
    return JET_errSuccess;
}

JET_ERR JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid, JET_API_PTR lParam,
                               JET_PCSTR szParam)
{
    (void)sesid;
    FAILPOINT("JetSetSystemParameterA");
    if (g_inited)
        return complain(JET_errAlreadyInitialized, "%s", "JetSetSystemParameterA after JetInit");
    if (paramid == JET_paramDatabasePageSize) {
        if (pinstance && *pinstance)
            return complain(JET_errInvalidParameter, "%s", "JET_paramDatabasePageSize is global: pinstance must be NULL");
        g_param_pagesize = (uint32_t)lParam;
    } else if (paramid == JET_paramRecovery) {
        g_recovery_off = szParam && (!strcmp(szParam, "Off") || !strcmp(szParam, "off"));
    }
    return JET_errSuccess;
}

JET_ERR JetCreateInstanceA(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName)
{
    (void)szInstanceName;
    FAILPOINT("JetCreateInstanceA");
    *pinstance = 0x1234;
    return JET_errSuccess;
}

JET_ERR JetInit(JET_INSTANCE *pinstance)
{
    FAILPOINT("JetInit");
    if (!pinstance || *pinstance != 0x1234)
        return JET_errInvalidInstance;
    if (!load())
        return JET_errInternalError;
    if (g_param_pagesize != g_pagesize)
        return complain(JET_errPageSizeMismatch, "%s", "JetInit: JET_paramDatabasePageSize not set to the file's page size");
    if (!g_recovery_off)
        return complain(JET_errInvalidParameter, "%s", "JetInit: JET_paramRecovery is not \"Off\"");
    g_inited = 1;
    return JET_errSuccess;
}

JET_ERR JetTerm(JET_INSTANCE instance)
{
    FAILPOINT("JetTerm");
    if (instance != 0x1234)
        return JET_errInvalidInstance;
    for (int i = 0; i < MAXCUR; i++)
        if (g_cur[i].used)
            return complain(JET_errTooManyActiveUsers, "%s", "JetTerm with a cursor still open");
    g_inited = 0;
    return JET_errSuccess;
}

JET_ERR JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    (void)grbit;
    (void)instance;
    g_inited = 0;
    return JET_errSuccess;
}

JET_ERR JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName, JET_PCSTR szPassword)
{
    (void)szUserName;
    (void)szPassword;
    FAILPOINT("JetBeginSessionA");
    if (instance != 0x1234 || !g_inited)
        return JET_errNotInitialized;
    *psesid = 0x777;
    return JET_errSuccess;
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    (void)grbit;
    FAILPOINT("JetEndSession");
    return sesid == 0x777 ? JET_errSuccess : JET_errInvalidSesid;
}

JET_ERR JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit)
{
    (void)szFilename;
    FAILPOINT("JetAttachDatabaseA");
    if (sesid != 0x777)
        return JET_errInvalidSesid;
    if (!(grbit & JET_bitDbReadOnly))
        return complain(JET_errInvalidParameter, "%s", "JetAttachDatabaseA without JET_bitDbReadOnly");
    g_attached = 1;
    return JET_errSuccess;
}

JET_ERR JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename)
{
    (void)szFilename;
    FAILPOINT("JetDetachDatabaseA");
    if (sesid != 0x777 || !g_attached || g_opened)
        return JET_errInvalidParameter;
    g_attached = 0;
    return JET_errSuccess;
}

JET_ERR JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szFilename;
    (void)szConnect;
    FAILPOINT("JetOpenDatabaseA");
    if (sesid != 0x777 || !g_attached)
        return JET_errDatabaseNotFound;
    if (!(grbit & JET_bitDbReadOnly))
        return complain(JET_errInvalidParameter, "%s", "JetOpenDatabaseA without JET_bitDbReadOnly");
    *pdbid = 3;
    g_opened = 1;
    return JET_errSuccess;
}

JET_ERR JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit)
{
    (void)grbit;
    FAILPOINT("JetCloseDatabase");
    if (sesid != 0x777 || dbid != 3 || !g_opened)
        return JET_errInvalidDatabaseId;
    g_opened = 0;
    return JET_errSuccess;
}

JET_ERR JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                          JET_PCSTR szObjectName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    (void)szContainerName;
    (void)szObjectName;
    FAILPOINT("JetGetObjectInfoA");
    if (sesid != 0x777 || dbid != 3)
        return JET_errInvalidDatabaseId;
    if (InfoLevel != JET_ObjInfoListNoStats || objtyp != JET_objtypTable || cbMax < sizeof(JET_OBJECTLIST))
        return JET_errInvalidParameter;
    JET_OBJECTLIST *ol = pvResult;
    if (ol->cbStruct != sizeof *ol)
        return complain(JET_errInvalidParameter, "%s", "JET_OBJECTLIST.cbStruct not set");
    Rowset rs = {0};
    /* catalog order: system tables first, then the user tables as created */
    static const char *sys[] = {"MSysObjects", "MSysObjectsShadow", "MSysObjids", "MSysLocales"};
    for (size_t i = 0; i < 4 + g_ntables; i++) {
        const char *name = i < 4 ? sys[i] : g_tables[i - 4].name;
        Row *r = add_row(&rs);
        add_cell(r, OL_CONTAINER, "Tables", 6);
        add_cell(r, OL_NAME, name, (uint32_t)strlen(name));
        add_u32(r, OL_OBJTYP, JET_objtypTable);
        add_u32(r, OL_GRBIT, 0);
        add_u32(r, OL_FLAGS, i < 4 ? 0x80000000u : 0);
        add_u32(r, OL_CRECORD, 0);
        add_u32(r, OL_CPAGE, 0);
    }
    memset(ol, 0, sizeof *ol);
    ol->cbStruct = sizeof *ol;
    ol->tableid = open_cursor(&rs, 1);
    ol->cRecord = (uint32_t)rs.nrows;
    ol->columnidcontainername = OL_CONTAINER;
    ol->columnidobjectname = OL_NAME;
    ol->columnidobjtyp = OL_OBJTYP;
    ol->columnidgrbit = OL_GRBIT;
    ol->columnidflags = OL_FLAGS;
    ol->columnidcRecord = OL_CRECORD;
    ol->columnidcPage = OL_CPAGE;
    return JET_errSuccess;
}

JET_ERR JetOpenTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, const void *pvParameters,
                      uint32_t cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid)
{
    (void)pvParameters;
    (void)cbParameters;
    FAILPOINT("JetOpenTableA");
    if (sesid != 0x777 || dbid != 3)
        return JET_errInvalidDatabaseId;
    if (!(grbit & JET_bitTableReadOnly))
        return complain(JET_errInvalidParameter, "%s", "JetOpenTableA without JET_bitTableReadOnly");
    for (size_t i = 0; i < g_ntables; i++) {
        if (!strcmp(g_tables[i].name, szTableName)) {
            *ptableid = open_cursor(&g_tables[i].records, 0);
            return JET_errSuccess;
        }
    }
    return complain(JET_errObjectNotFound, "JetOpenTableA: no table %s", szTableName);
}

static Table *table_of(JET_TABLEID tableid)
{
    int c = cursor(tableid);
    if (c < 0 || g_cur[c].temp)
        return NULL;
    for (size_t i = 0; i < g_ntables; i++)
        if (g_cur[c].rs == &g_tables[i].records)
            return &g_tables[i];
    return NULL;
}

static Rowset copy_rows(const Rowset *src)
{
    Rowset rs = {0};
    for (size_t i = 0; i < src->nrows; i++) {
        Row *r = add_row(&rs);
        for (size_t k = 0; k < src->rows[i].ncells; k++)
            add_cell(r, src->rows[i].cells[k].colid, src->rows[i].cells[k].p, src->rows[i].cells[k].n);
    }
    return rs;
}

JET_ERR JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, void *pvResult,
                               uint32_t cbMax, uint32_t InfoLevel)
{
    (void)szColumnName;
    FAILPOINT("JetGetTableColumnInfoA");
    Table *t = table_of(tableid);
    if (sesid != 0x777 || !t)
        return JET_errInvalidTableId;
    if (InfoLevel != JET_ColInfoList || cbMax < sizeof(JET_COLUMNLIST))
        return JET_errInvalidParameter;
    JET_COLUMNLIST *cl = pvResult;
    if (cl->cbStruct != sizeof *cl)
        return complain(JET_errInvalidParameter, "%s", "JET_COLUMNLIST.cbStruct not set");
    Rowset rs = copy_rows(&t->columns);
    memset(cl, 0, sizeof *cl);
    cl->cbStruct = sizeof *cl;
    cl->tableid = open_cursor(&rs, 1);
    cl->cRecord = (uint32_t)rs.nrows;
    cl->columnidPresentationOrder = CL_PORDER;
    cl->columnidcolumnname = CL_NAME;
    cl->columnidcolumnid = CL_ID;
    cl->columnidcoltyp = CL_COLTYP;
    cl->columnidCountry = CL_COUNTRY;
    cl->columnidLangid = CL_LANGID;
    cl->columnidCp = CL_CP;
    cl->columnidCollate = CL_COLLATE;
    cl->columnidcbMax = CL_CBMAX;
    cl->columnidgrbit = CL_GRBIT;
    cl->columnidDefault = CL_DEFAULT;
    cl->columnidBaseTableName = CL_BASETABLE;
    cl->columnidBaseColumnName = CL_BASECOLUMN;
    cl->columnidDefinitionName = CL_NAME;
    return JET_errSuccess;
}

JET_ERR JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, void *pvResult,
                              uint32_t cbResult, uint32_t InfoLevel)
{
    (void)szIndexName;
    FAILPOINT("JetGetTableIndexInfoA");
    Table *t = table_of(tableid);
    if (sesid != 0x777 || !t)
        return JET_errInvalidTableId;
    if (InfoLevel != JET_IdxInfoList || cbResult < sizeof(JET_INDEXLIST))
        return JET_errInvalidParameter;
    JET_INDEXLIST *il = pvResult;
    if (il->cbStruct != sizeof *il)
        return complain(JET_errInvalidParameter, "%s", "JET_INDEXLIST.cbStruct not set");
    Rowset rs = copy_rows(&t->indexes);
    memset(il, 0, sizeof *il);
    il->cbStruct = sizeof *il;
    il->tableid = open_cursor(&rs, 1);
    il->cRecord = (uint32_t)rs.nrows;
    il->columnidindexname = IL_NAME;
    il->columnidgrbitIndex = IL_GRBIT;
    il->columnidcKey = IL_CKEY;
    il->columnidcEntry = IL_CENTRY;
    il->columnidcPage = IL_CPAGE;
    il->columnidcColumn = IL_CCOL;
    il->columnidiColumn = IL_ICOL;
    il->columnidcolumnid = IL_COLID;
    il->columnidcoltyp = IL_COLTYP;
    il->columnidCountry = IL_COUNTRY;
    il->columnidLangid = IL_LANGID;
    il->columnidCp = IL_CP;
    il->columnidCollate = IL_COLLATE;
    il->columnidgrbitColumn = IL_GRBITCOL;
    il->columnidcolumnname = IL_COLNAME;
    il->columnidLCMapFlags = IL_LCMAP;
    return JET_errSuccess;
}

JET_ERR JetCloseTable(JET_SESID sesid, JET_TABLEID tableid)
{
    FAILPOINT("JetCloseTable");
    int c = cursor(tableid);
    if (sesid != 0x777 || c < 0)
        return JET_errInvalidTableId;
    g_cur[c].used = 0;
    return JET_errSuccess;
}

JET_ERR JetMove(JET_SESID sesid, JET_TABLEID tableid, int32_t cRow, JET_GRBIT grbit)
{
    FAILPOINT("JetMove");
    int c = cursor(tableid);
    if (sesid != 0x777 || c < 0)
        return JET_errInvalidTableId;
    if (grbit)
        return JET_errInvalidParameter;
    long n = (long)g_cur[c].rs->nrows;
    if (cRow == (int32_t)JET_MoveFirst) {
        g_cur[c].pos = n ? 0 : -1;
        return n ? JET_errSuccess : JET_errNoCurrentRecord;
    }
    if (cRow == JET_MoveNext) {
        if (g_cur[c].pos + 1 < n) {
            g_cur[c].pos++;
            return JET_errSuccess;
        }
        g_cur[c].pos = n; /* after the last record */
        return JET_errNoCurrentRecord;
    }
    return complain(JET_errInvalidParameter, "%s", "JetMove: only JET_MoveFirst and JET_MoveNext are served");
}

JET_ERR JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pvData, uint32_t cbData,
                          uint32_t *pcbActual, JET_GRBIT grbit, struct JET_RETINFO *pretinfo)
{
    FAILPOINT("JetRetrieveColumn");
    int c = cursor(tableid);
    if (sesid != 0x777 || c < 0)
        return JET_errInvalidTableId;
    if (grbit)
        return complain(JET_errInvalidParameter, "%s", "JetRetrieveColumn: unexpected grbit");
    if (g_cur[c].pos < 0 || g_cur[c].pos >= (long)g_cur[c].rs->nrows)
        return JET_errNoCurrentRecord;
    uint32_t itag = 1;
    if (pretinfo) {
        if (pretinfo->cbStruct != sizeof *pretinfo || pretinfo->ibLongValue)
            return complain(JET_errInvalidParameter, "%s", "JET_RETINFO: bad cbStruct or ibLongValue");
        itag = pretinfo->itagSequence;
        if (itag == 0)
            return complain(JET_errBadItagSequence, "%s", "JET_RETINFO.itagSequence 0");
    }
    const Row *r = &g_cur[c].rs->rows[g_cur[c].pos];
    uint32_t seen = 0;
    const Cell *hit = NULL;
    for (size_t k = 0; k < r->ncells && !hit; k++)
        if (r->cells[k].colid == columnid && ++seen == itag)
            hit = &r->cells[k];
    if (!hit) {
        /* list tables: an unknown columnid is an error, a known one NULL */
        if (g_cur[c].temp) {
            int known = (columnid >= OL_CONTAINER && columnid <= OL_CPAGE) ||
                        (columnid >= CL_PORDER && columnid <= CL_BASECOLUMN) ||
                        (columnid >= IL_NAME && columnid <= IL_LCMAP);
            if (!known)
                return complain(JET_errColumnNotFound, "%s", "JetRetrieveColumn: not a column of this list");
        }
        if (pcbActual)
            *pcbActual = 0;
        return JET_wrnColumnNull;
    }
    memcpy(pvData, hit->p, hit->n < cbData ? hit->n : cbData);
    if (pcbActual)
        *pcbActual = hit->n;
    return hit->n > cbData ? JET_wrnBufferTruncated : JET_errSuccess;
}
