/*
 * Microsoft's bookstore sample (BookStoreSample.c in microsoft/Extensible-
 * Storage-Engine, test/ese/src/samples), re-expressed: the same calls in
 * the same order, and its printed output checked.
 *
 * Customers, Orders and Books are created in one transaction with
 * JetCreateTableColumnIndex (autoincrement keys, a tagged Bit column, a
 * multi-valued Long and Unicode Text, a multi-valued LongBinary, a
 * conditional index, an LCID given without JET_bitIndexUnicode); five
 * customers and three books are inserted, four orders priced by seeking
 * the books (nested transactions, JetSetColumn with itagSequence); the
 * customers are listed by name; the three largest orders are joined to
 * their customers. The whole program then runs a second time on the
 * existing database (JetAttachDatabase finds it, the tables open, the data
 * is there), after a JetTerm.
 *
 * Two parts of the sample use calls of the info and temporary-table
 * families: column ids are looked up with JetGetTableColumnInfo, and the
 * orders are sorted by amount in a JetOpenTempTable. Where those return
 * JET_errFeatureNotAvailable, this program uses the ids
 * JetCreateTableColumnIndex returned and sorts the orders itself, so the
 * printed output is checked either way; once they work they are used (and
 * their ids compared).
 *
 * Differences from the sample forced by the platform: long is int32_t,
 * __int64 is int64_t, wide strings are UTF-16 (WCHAR), and the order date
 * is a fixed value instead of the local time.
 */
#include "harness.h"
#include <inttypes.h>
#include <stdarg.h>

#define NO_GRBIT 0
#define CP_ANSI 1252
#define CP_UNICODE 1200

static char out[8192];
static size_t outlen;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + outlen, sizeof out - outlen, fmt, ap);
    va_end(ap);
    if (n > 0) outlen += (size_t)n < sizeof out - outlen ? (size_t)n : 0;
}

#define Call(fn)                                                                                   \
    do {                                                                                           \
        if ((err = (fn)) < 0) {                                                                    \
            printf("bookstore: %s:%d: %s failed with %d\n", __FILE__, __LINE__, #fn, (int)err);  \
            goto HandleError;                                                                      \
        }                                                                                          \
    } while (0)

static char szDatabase[] = "database.mdb";
static char szCustomersTable[] = "Customers";
static char szCustomerID[] = "CustomerID";
static char szCustomerName[] = "CustomerName";
static char szOrdersTable[] = "Orders";
static char szOrderID[] = "OrderID";
static char szOrderCustomerID[] = "OrderCustomerID";
static char szOrderDate[] = "OrderDate";
static char szOrderAmount[] = "OrderAmount";
static char szOrderCancelled[] = "OrderCancelled";
static char szOrderItems[] = "OrderItems";
static char szBooksTable[] = "Books";
static char szBookID[] = "BookID";
static char szBookTitle[] = "BookTitle";
static char szBookPrice[] = "BookPrice";
static char szBookAuthors[] = "BookAuthors";
static char szBookCover[] = "BookCover";
static char szBookDescription[] = "BookDescription";

static char szCustomerIDIndex[] = "CustomerID";
static char szCustomerNameIndex[] = "CustomerName";
static char szOrderIDIndex[] = "OrderID";
static char szOrderCustomerIDIndex[] = "OrderCustomerIDNotCancelled";
static char szBookIDIndex[] = "BookID";
static char szBookAuthorsIndex[] = "BookAuthors";
static char szBookTitleAuthorsIndex[] = "BookTitleAuthors";

/* key strings: each column ends in \0, the whole in \0\0; counts include every terminator */
static char rgbCustomerIDIndex[] = "+CustomerID\0";
static int cchCustomerIDIndex = 13;
static char rgbCustomerNameIndex[] = "+CustomerName\0";
static int cchCustomerNameIndex = 15;
static char rgbOrderIDIndex[] = "+OrderID\0";
static int cchOrderIDIndex = 10;
static char rgbOrderCustomerIDIndex[] = "+OrderCustomerID\0";
static int cchOrderCustomerIDIndex = 18;
static char rgbBookIDIndex[] = "+BookID\0";
static int cchBookIDIndex = 9;
static char rgbBookAuthorsIndex[] = "+BookAuthors\0";
static int cchBookAuthorsIndex = 14;
static char rgbBookTitleAuthorsIndex[] = "+BookTitle\0+BookAuthors\0";
static int cchBookTitleAuthorsIndex = 25;

static char szCustomerName1[] = "Owen May";
static char szCustomerName2[] = "Darrin DeYoung";
static char szCustomerName3[] = "Detlef Wagner";
static char szCustomerName4[] = "Mathias Kjeldsen";
static char szCustomerName5[] = "Pentti Hietalahti";

/* UTF-16 strings with their terminator, as sizeof(L"...") counted them */
typedef struct {
    WCHAR w[80];
    uint32_t cb;
} WSTR;

static WSTR W(const char *s)
{
    WSTR r;
    size_t n = strlen(s);
    for (size_t i = 0; i <= n; i++) r.w[i] = (WCHAR)(unsigned char)s[i];
    r.cb = (uint32_t)((n + 1) * sizeof(WCHAR));
    return r;
}

static int64_t llBookPrice1 = 4250000; /* currency: 10,000ths of a unit */
static int64_t llBookPrice2 = 300000;
static int64_t llBookPrice3 = 117100;

static int32_t lOrderCustomerID1 = 5;
static int32_t rglOrderItems1[] = { 1 };
static int32_t lOrderCustomerID2 = 1;
static int32_t rglOrderItems2[] = { 2, 3 };
static int32_t lOrderCustomerID3 = 2;
static int32_t rglOrderItems3[] = { 3, 3 };
static int32_t lOrderCustomerID4 = 4;
static int32_t rglOrderItems4[] = { 1, 2, 3 };

static JET_COLUMNID columnidCustomerID, columnidCustomerName;
static JET_COLUMNID columnidOrderID, columnidOrderCustomerID, columnidOrderDate, columnidOrderAmount, columnidOrderCancelled, columnidOrderItems;
static JET_COLUMNID columnidBookID, columnidBookTitle, columnidBookAuthors, columnidBookCover, columnidBookPrice, columnidBookDescription;

/* the ids JetCreateTableColumnIndex returned, by table and column name */
static struct {
    const char *table, *column;
    JET_COLUMNID id;
} created_ids[16];
static int ncreated;

static void remember(const char *table, JET_COLUMNCREATE_A *cols, int n)
{
    for (int i = 0; i < n; i++) {
        created_ids[ncreated].table = table;
        created_ids[ncreated].column = cols[i].szColumnName;
        created_ids[ncreated].id = cols[i].columnid;
        ncreated++;
    }
}

static JET_COLUMNCREATE_A column(char *name, JET_COLTYP coltyp, JET_GRBIT grbit, unsigned int cp)
{
    JET_COLUMNCREATE_A c;
    c.cbStruct = sizeof c;
    c.szColumnName = name;
    c.coltyp = coltyp;
    c.cbMax = 0;
    c.grbit = grbit;
    c.pvDefault = NULL;
    c.cbDefault = 0;
    c.cp = cp;
    c.columnid = 0;
    c.err = JET_errSuccess;
    return c;
}

static JET_INDEXCREATE_A indexdef(char *name, char *key, int cb, JET_GRBIT grbit, unsigned int density)
{
    JET_INDEXCREATE_A i;
    memset(&i, 0, sizeof i);
    i.cbStruct = sizeof i;
    i.szIndexName = name;
    i.szKey = key;
    i.cbKey = (uint32_t)cb;
    i.grbit = grbit;
    i.ulDensity = density;
    i.lcid = 0x409; /* MAKELCID(0x409, SORT_DEFAULT) */
    i.cbVarSegMac = 0;
    i.rgconditionalcolumn = NULL;
    i.cConditionalColumn = 0;
    i.err = JET_errSuccess;
    return i;
}

static JET_ERR ErrCreateTablesColumnsAndIndexes(JET_SESID sesidT, JET_DBID dbidDatabase)
{
    JET_ERR err = JET_errSuccess;
    JET_TABLECREATE_A tablecreateT;
    JET_COLUMNCREATE_A rgcolumncreateT[10];
    JET_INDEXCREATE_A rgindexcreateT[10];
    JET_CONDITIONALCOLUMN_A rgconditionalcolumnT[3];

    /* all DDL in one transaction: all of it or nothing */
    err = JetBeginTransaction(sesidT);
    if (err < 0) return err;

    /* Customers: autoincrement id, ANSI name; primary index on the id, names ignoring NULLs */
    rgcolumncreateT[0] = column(szCustomerID, JET_coltypLong, JET_bitColumnAutoincrement, CP_ANSI);
    rgcolumncreateT[1] = column(szCustomerName, JET_coltypText, NO_GRBIT, CP_ANSI);
    rgindexcreateT[0] = indexdef(szCustomerIDIndex, rgbCustomerIDIndex, cchCustomerIDIndex, JET_bitIndexPrimary, 100);
    rgindexcreateT[1] = indexdef(szCustomerNameIndex, rgbCustomerNameIndex, cchCustomerNameIndex, JET_bitIndexIgnoreNull, 80);
    memset(&tablecreateT, 0, sizeof tablecreateT);
    tablecreateT.cbStruct = sizeof tablecreateT;
    tablecreateT.szTableName = szCustomersTable;
    tablecreateT.szTemplateTableName = NULL;
    tablecreateT.ulPages = 16;
    tablecreateT.ulDensity = 80;
    tablecreateT.rgcolumncreate = rgcolumncreateT;
    tablecreateT.cColumns = 2;
    tablecreateT.rgindexcreate = rgindexcreateT;
    tablecreateT.cIndexes = 2;
    tablecreateT.grbit = NO_GRBIT;
    tablecreateT.tableid = JET_tableidNil;
    tablecreateT.cCreated = 0;
    Call(JetCreateTableColumnIndex(sesidT, dbidDatabase, &tablecreateT));
    CHECK_EQ(5, tablecreateT.cCreated);
    remember(szCustomersTable, rgcolumncreateT, 2);
    /* close the cursor the creation opened */
    Call(JetCloseTable(sesidT, tablecreateT.tableid));

    /* Orders: id, customer (not NULL), date, amount, a usually-NULL tagged flag, multi-valued items */
    rgcolumncreateT[0] = column(szOrderID, JET_coltypLong, JET_bitColumnAutoincrement, CP_ANSI);
    rgcolumncreateT[1] = column(szOrderCustomerID, JET_coltypLong, JET_bitColumnNotNULL, CP_ANSI);
    rgcolumncreateT[2] = column(szOrderDate, JET_coltypDateTime, NO_GRBIT, CP_ANSI);
    rgcolumncreateT[3] = column(szOrderAmount, JET_coltypCurrency, NO_GRBIT, CP_ANSI);
    rgcolumncreateT[4] = column(szOrderCancelled, JET_coltypBit, JET_bitColumnTagged, CP_ANSI);
    rgcolumncreateT[5] = column(szOrderItems, JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued, CP_ANSI);
    rgindexcreateT[0] = indexdef(szOrderIDIndex, rgbOrderIDIndex, cchOrderIDIndex, JET_bitIndexPrimary, 80);
    /* orders by customer, only those not cancelled */
    rgconditionalcolumnT[0].cbStruct = sizeof rgconditionalcolumnT[0];
    rgconditionalcolumnT[0].szColumnName = szOrderCancelled;
    rgconditionalcolumnT[0].grbit = JET_bitIndexColumnMustBeNull;
    rgindexcreateT[1] = indexdef(szOrderCustomerIDIndex, rgbOrderCustomerIDIndex, cchOrderCustomerIDIndex, NO_GRBIT, 80);
    rgindexcreateT[1].rgconditionalcolumn = rgconditionalcolumnT;
    rgindexcreateT[1].cConditionalColumn = 1;
    tablecreateT.cbStruct = sizeof tablecreateT;
    tablecreateT.szTableName = szOrdersTable;
    tablecreateT.szTemplateTableName = NULL;
    tablecreateT.ulPages = 16;
    tablecreateT.ulDensity = 80;
    tablecreateT.rgcolumncreate = rgcolumncreateT;
    tablecreateT.cColumns = 6;
    tablecreateT.rgindexcreate = rgindexcreateT;
    tablecreateT.cIndexes = 2;
    tablecreateT.grbit = NO_GRBIT;
    tablecreateT.tableid = JET_tableidNil;
    tablecreateT.cCreated = 0;
    Call(JetCreateTableColumnIndex(sesidT, dbidDatabase, &tablecreateT));
    CHECK_EQ(9, tablecreateT.cCreated);
    remember(szOrdersTable, rgcolumncreateT, 6);
    Call(JetCloseTable(sesidT, tablecreateT.tableid));

    /* Books: id, Unicode title, multi-valued Unicode authors, multi-valued cover, price, description */
    rgcolumncreateT[0] = column(szBookID, JET_coltypLong, JET_bitColumnAutoincrement, CP_ANSI);
    rgcolumncreateT[1] = column(szBookTitle, JET_coltypText, NO_GRBIT, CP_UNICODE);
    rgcolumncreateT[2] = column(szBookAuthors, JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued, CP_UNICODE);
    rgcolumncreateT[3] = column(szBookCover, JET_coltypLongBinary, JET_bitColumnTagged | JET_bitColumnMultiValued, CP_ANSI);
    rgcolumncreateT[4] = column(szBookPrice, JET_coltypCurrency, NO_GRBIT, CP_ANSI);
    rgcolumncreateT[5] = column(szBookDescription, JET_coltypLongText, NO_GRBIT, CP_ANSI);
    rgindexcreateT[0] = indexdef(szBookIDIndex, rgbBookIDIndex, cchBookIDIndex, JET_bitIndexPrimary, 80);
    rgindexcreateT[1] = indexdef(szBookAuthorsIndex, rgbBookAuthorsIndex, cchBookAuthorsIndex, NO_GRBIT, 80);
    rgindexcreateT[2] = indexdef(szBookTitleAuthorsIndex, rgbBookTitleAuthorsIndex, cchBookTitleAuthorsIndex, NO_GRBIT, 80);
    tablecreateT.cbStruct = sizeof tablecreateT;
    tablecreateT.szTableName = szBooksTable;
    tablecreateT.szTemplateTableName = NULL;
    tablecreateT.ulPages = 16;
    tablecreateT.ulDensity = 80;
    tablecreateT.rgcolumncreate = rgcolumncreateT;
    tablecreateT.cColumns = 6;
    tablecreateT.rgindexcreate = rgindexcreateT;
    tablecreateT.cIndexes = 3;
    tablecreateT.grbit = NO_GRBIT;
    tablecreateT.tableid = JET_tableidNil;
    tablecreateT.cCreated = 0;
    Call(JetCreateTableColumnIndex(sesidT, dbidDatabase, &tablecreateT));
    CHECK_EQ(10, tablecreateT.cCreated);
    remember(szBooksTable, rgcolumncreateT, 6);
    Call(JetCloseTable(sesidT, tablecreateT.tableid));

    /* a lazy commit: ordered with later commits, not flushed at once */
    Call(JetCommitTransaction(sesidT, JET_bitCommitLazyFlush));

HandleError:
    if (err < 0) (void)JetRollback(sesidT, 0);
    return err;
}

/* the sample's local time packed in 8 bytes; a fixed one here */
static void GetLocalTimeAsLongLong(unsigned char *rgbLocalTime)
{
    static const unsigned char fixed[8] = { 0x80, 0xee, 0x36, 0x00, 0x0f, 0x06, 0xe8, 0x07 };
    memcpy(rgbLocalTime, fixed, 8);
}

static JET_ERR ErrProcessOrder(JET_SESID sesidT, JET_TABLEID tableidOrders, JET_TABLEID tableidBooks, int32_t lCustomerID, int32_t *rglItems, int32_t clItems)
{
    JET_ERR err = JET_errSuccess;
    int ilT = 0;
    int64_t llSumTotalAmount = 0;
    int64_t llBookPrice = 0;
    uint32_t ulT = 0;
    JET_SETINFO setinfoT;
    unsigned char rgbDate[8];

    setinfoT.cbStruct = sizeof setinfoT;
    setinfoT.ibLongValue = 0;
    setinfoT.itagSequence = 0;

    err = JetBeginTransaction(sesidT);
    if (err < 0) return err;

    /* books by their primary index */
    Call(JetSetCurrentIndex2(sesidT, tableidBooks, szBookIDIndex, NO_GRBIT));

    /* the order record is built in the copy buffer while the items are priced */
    Call(JetPrepareUpdate(sesidT, tableidOrders, JET_prepInsert));
    Call(JetSetColumn(sesidT, tableidOrders, columnidOrderCustomerID, &lCustomerID, sizeof lCustomerID, 0, NULL));
    for (; ilT < clItems; ilT++) {
        Call(JetMakeKey(sesidT, tableidBooks, &rglItems[ilT], sizeof rglItems[0], JET_bitNewKey));
        Call(JetSeek(sesidT, tableidBooks, JET_bitSeekEQ));
        if (JET_errSuccess != err) goto HandleError; /* must be found equal */
        Call(JetRetrieveColumn(sesidT, tableidBooks, columnidBookPrice, &llBookPrice, sizeof llBookPrice, &ulT, 0, NULL));
        llSumTotalAmount += llBookPrice;
        /* itagSequence is 1-based */
        setinfoT.itagSequence = (uint32_t)ilT + 1;
        Call(JetSetColumn(sesidT, tableidOrders, columnidOrderItems, &rglItems[ilT], sizeof rglItems[0], 0, &setinfoT));
    }
    Call(JetSetColumn(sesidT, tableidOrders, columnidOrderAmount, &llSumTotalAmount, sizeof llSumTotalAmount, 0, NULL));
    GetLocalTimeAsLongLong(rgbDate);
    Call(JetSetColumn(sesidT, tableidOrders, columnidOrderDate, rgbDate, sizeof rgbDate, 0, NULL));
    Call(JetUpdate(sesidT, tableidOrders, NULL, 0, NULL));

    /* not lazy: the order is durable when this returns */
    Call(JetCommitTransaction(sesidT, NO_GRBIT));

HandleError:
    if (err < 0) (void)JetRollback(sesidT, NO_GRBIT);
    return err;
}

static JET_SETCOLUMN setcol(JET_COLUMNID columnid, const void *pv, uint32_t cb, uint32_t itag)
{
    JET_SETCOLUMN s;
    s.columnid = columnid;
    s.pvData = pv;
    s.cbData = cb;
    s.grbit = NO_GRBIT;
    s.ibLongValue = 0;
    s.itagSequence = itag;
    s.err = JET_errSuccess;
    return s;
}

static JET_ERR ErrAddDataToTables(JET_SESID sesidT, JET_DBID dbidDatabase, JET_TABLEID tableidCustomers, JET_TABLEID tableidOrders, JET_TABLEID tableidBooks)
{
    JET_ERR err = JET_errSuccess;
    JET_SETCOLUMN rgsetcolumnT[10];
    static unsigned char rgbBookCoverT[32768];
    (void)dbidDatabase;

    memset(rgbBookCoverT, 0, sizeof rgbBookCoverT);
    err = JetBeginTransaction(sesidT);
    if (err < 0) return err;

    /* five customers, one column each: JetSetColumn */
    char *names[] = { szCustomerName1, szCustomerName2, szCustomerName3, szCustomerName4, szCustomerName5 };
    for (int i = 0; i < 5; i++) {
        Call(JetPrepareUpdate(sesidT, tableidCustomers, JET_prepInsert));
        Call(JetSetColumn(sesidT, tableidCustomers, columnidCustomerName, names[i], (uint32_t)strlen(names[i]) + 1, 0, NULL));
        Call(JetUpdate(sesidT, tableidCustomers, NULL, 0, NULL));
    }

    /* three books, several columns each: JetSetColumns */
    WSTR title1 = W("All About Coffee"), author1 = W("William Harrison Ukers"), desc1 = W("Published in 1935");
    Call(JetPrepareUpdate(sesidT, tableidBooks, JET_prepInsert));
    rgsetcolumnT[0] = setcol(columnidBookTitle, title1.w, title1.cb, 1);
    rgsetcolumnT[1] = setcol(columnidBookAuthors, author1.w, author1.cb, 1);
    rgsetcolumnT[2] = setcol(columnidBookCover, rgbBookCoverT, sizeof rgbBookCoverT, 1);
    rgsetcolumnT[3] = setcol(columnidBookPrice, &llBookPrice1, sizeof llBookPrice1, 1);
    rgsetcolumnT[4] = setcol(columnidBookDescription, desc1.w, desc1.cb, 1);
    Call(JetSetColumns(sesidT, tableidBooks, rgsetcolumnT, 5));
    Call(JetUpdate(sesidT, tableidBooks, NULL, 0, NULL));

    WSTR title2 = W("Espresso Coffee: The Chemistry of Quality"), author2a = W("Andrea Illy"), author2b = W("Rinantonio Viani"), desc2 = W("Not Available");
    Call(JetPrepareUpdate(sesidT, tableidBooks, JET_prepInsert));
    rgsetcolumnT[0] = setcol(columnidBookTitle, title2.w, title2.cb, 1);
    rgsetcolumnT[1] = setcol(columnidBookAuthors, author2a.w, author2a.cb, 1);
    rgsetcolumnT[2] = setcol(columnidBookAuthors, author2b.w, author2b.cb, 2); /* the second value */
    rgsetcolumnT[3] = setcol(columnidBookCover, rgbBookCoverT, sizeof rgbBookCoverT, 1);
    rgsetcolumnT[4] = setcol(columnidBookPrice, &llBookPrice2, sizeof llBookPrice2, 1);
    rgsetcolumnT[5] = setcol(columnidBookDescription, desc2.w, desc2.cb, 1);
    Call(JetSetColumns(sesidT, tableidBooks, rgsetcolumnT, 6));
    Call(JetUpdate(sesidT, tableidBooks, NULL, 0, NULL));

    WSTR title3 = W("Espresso: Ultimate Coffee"), author3 = W("Kenneth Davids"), desc3 = W("A great historical, cultural and sensual review of the brew");
    Call(JetPrepareUpdate(sesidT, tableidBooks, JET_prepInsert));
    rgsetcolumnT[0] = setcol(columnidBookTitle, title3.w, title3.cb, 1);
    rgsetcolumnT[1] = setcol(columnidBookAuthors, author3.w, author3.cb, 1);
    rgsetcolumnT[2] = setcol(columnidBookCover, NULL, 0, 1);
    rgsetcolumnT[3] = setcol(columnidBookPrice, &llBookPrice3, sizeof llBookPrice3, 1);
    rgsetcolumnT[4] = setcol(columnidBookDescription, desc3.w, desc3.cb, 1);
    Call(JetSetColumns(sesidT, tableidBooks, rgsetcolumnT, 5));
    Call(JetUpdate(sesidT, tableidBooks, NULL, 0, NULL));

    /* four orders, each in its own nested transaction */
    Call(ErrProcessOrder(sesidT, tableidOrders, tableidBooks, lOrderCustomerID1, rglOrderItems1, 1));
    Call(ErrProcessOrder(sesidT, tableidOrders, tableidBooks, lOrderCustomerID2, rglOrderItems2, 2));
    Call(ErrProcessOrder(sesidT, tableidOrders, tableidBooks, lOrderCustomerID3, rglOrderItems3, 2));
    Call(ErrProcessOrder(sesidT, tableidOrders, tableidBooks, lOrderCustomerID4, rglOrderItems4, 3));

    Call(JetCommitTransaction(sesidT, 0));

HandleError:
    if (err < 0) (void)JetRollback(sesidT, 0);
    return err;
}

static JET_RETRIEVECOLUMN retcol(JET_COLUMNID columnid, void *pv, uint32_t cb)
{
    JET_RETRIEVECOLUMN r;
    r.columnid = columnid;
    r.pvData = pv;
    r.cbData = cb;
    r.cbActual = 0;
    r.grbit = NO_GRBIT;
    r.ibLongValue = 0;
    r.itagSequence = 1;
    r.columnidNextTagged = 0;
    r.err = JET_errSuccess;
    return r;
}

static JET_ERR ErrDumpCustomersToScreen(JET_SESID sesidT, JET_TABLEID tableidCustomers)
{
    JET_ERR err = JET_errSuccess;
    JET_RETRIEVECOLUMN rgretrievecolumnT[10];
    char szCustomerNameT[256];
    int32_t lCustomerIDT = 0;

    rgretrievecolumnT[0] = retcol(columnidCustomerName, szCustomerNameT, sizeof szCustomerNameT);
    rgretrievecolumnT[1] = retcol(columnidCustomerID, &lCustomerIDT, sizeof lCustomerIDT);

    /* a transaction for a consistent view */
    err = JetBeginTransaction(sesidT);
    if (err < 0) return err;

    /* in alphabetical order */
    emit("Dump of %s table.\n\n", szCustomersTable);
    emit("Customer Name\t\t\tCustomer ID\n");
    emit("--------------------------------------------------------\n");
    Call(JetSetCurrentIndex2(sesidT, tableidCustomers, szCustomerNameIndex, NO_GRBIT));
    for (err = JetMove(sesidT, tableidCustomers, JET_MoveFirst, NO_GRBIT); JET_errNoCurrentRecord != err;
         err = JetMove(sesidT, tableidCustomers, JET_MoveNext, NO_GRBIT)) {
        Call(err);
        Call(JetRetrieveColumns(sesidT, tableidCustomers, rgretrievecolumnT, 2));
        emit("%-32s", szCustomerNameT);
        emit("%d\n", (int)lCustomerIDT);
    }
    err = JET_errSuccess;
    emit("--------------------------------------------------------\n");
    emit("\n\n");

HandleError:
    /* nothing changed: the commit only ends the transaction */
    err = JetCommitTransaction(sesidT, 0);
    if (err < 0) (void)JetRollback(sesidT, 0);
    return err;
}

/* one order of the query: what the sample puts in its temporary table */
typedef struct {
    int64_t amount;
    int32_t orderid, customer;
} ORDER;

static int by_amount_desc(const void *a, const void *b)
{
    const ORDER *x = a, *y = b;
    if (x->amount != y->amount) return x->amount < y->amount ? 1 : -1;
    return (x->orderid > y->orderid) - (x->orderid < y->orderid);
}

static JET_ERR ErrQueryTopThreeOrdersByOrderAmount(JET_SESID sesidT, JET_DBID dbidDatabase, JET_TABLEID tableidCustomers, JET_TABLEID tableidOrders, JET_TABLEID tableidBooks)
{
    JET_ERR err = JET_errSuccess;
    JET_RETRIEVECOLUMN rgretrievecolumnT[10];
    int32_t lOrderID = 0;
    int32_t lOrderCustomerID = 0;
    int64_t llOrderAmount = 0;
    unsigned char bOrderCancelled = 0;
    char szCustomerNameT[256];
    uint32_t ulT = 0;
    int iCustomer = 0;
    JET_TABLEID tableidTemp = JET_tableidNil;
    JET_COLUMNDEF rgcolumndefTemp[10];
    JET_COLUMNID rgcolumnidTemp[10];
    JET_SETCOLUMN rgsetcolumnTemp[10];
    JET_RETRIEVECOLUMN rgretrievecolumnTemp[10];
    const int icolumndefOrderAmount = 0, icolumndefOrderID = 1, icolumndefOrderCustomerID = 2;
    ORDER orders[16];
    int norders = 0, next = 0;
    (void)dbidDatabase;
    (void)tableidBooks;

    err = JetBeginTransaction(sesidT);
    if (err < 0) return err;

    /* a temporary table sorts the orders: amount descending, order id to break ties, customer */
    memset(rgcolumndefTemp, 0, sizeof rgcolumndefTemp);
    for (int i = 0; i < 3; i++) rgcolumndefTemp[i].cbStruct = sizeof(JET_COLUMNDEF);
    rgcolumndefTemp[0].coltyp = JET_coltypCurrency;
    rgcolumndefTemp[0].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    rgcolumndefTemp[1].coltyp = JET_coltypLong;
    rgcolumndefTemp[1].grbit = JET_bitColumnTTKey;
    rgcolumndefTemp[2].coltyp = JET_coltypLong;
    rgcolumndefTemp[2].grbit = 0;
    err = JetOpenTempTable(sesidT, rgcolumndefTemp, 3, 0, &tableidTemp, rgcolumnidTemp);
    if (err == JET_errFeatureNotAvailable) {
        printf("bookstore: JetOpenTempTable not available yet: the orders are sorted here\n");
        tableidTemp = JET_tableidNil;
    } else {
        Call(err);
    }
    rgsetcolumnTemp[0] = setcol(rgcolumnidTemp[icolumndefOrderAmount], &llOrderAmount, sizeof llOrderAmount, 1);
    rgsetcolumnTemp[1] = setcol(rgcolumnidTemp[icolumndefOrderID], &lOrderID, sizeof lOrderID, 1);
    rgsetcolumnTemp[2] = setcol(rgcolumnidTemp[icolumndefOrderCustomerID], &lOrderCustomerID, sizeof lOrderCustomerID, 1);

    rgretrievecolumnT[0] = retcol(columnidOrderID, &lOrderID, sizeof lOrderID);
    rgretrievecolumnT[1] = retcol(columnidOrderCustomerID, &lOrderCustomerID, sizeof lOrderCustomerID);
    rgretrievecolumnT[2] = retcol(columnidOrderAmount, &llOrderAmount, sizeof llOrderAmount);
    rgretrievecolumnT[3] = retcol(columnidOrderCancelled, &bOrderCancelled, sizeof bOrderCancelled);

    /* no index on the amount: scan the orders in clustered order, skipping cancelled ones */
    Call(JetSetCurrentIndex2(sesidT, tableidOrders, szOrderIDIndex, NO_GRBIT));
    for (err = JetMove(sesidT, tableidOrders, JET_MoveFirst, NO_GRBIT); JET_errNoCurrentRecord != err;
         err = JetMove(sesidT, tableidOrders, JET_MoveNext, NO_GRBIT)) {
        Call(err);
        Call(JetRetrieveColumns(sesidT, tableidOrders, rgretrievecolumnT, 4));
        if (rgretrievecolumnT[3].err == JET_wrnColumnNull) {
            if (tableidTemp != JET_tableidNil) {
                Call(JetPrepareUpdate(sesidT, tableidTemp, JET_prepInsert));
                Call(JetSetColumns(sesidT, tableidTemp, rgsetcolumnTemp, 3));
                Call(JetUpdate(sesidT, tableidTemp, NULL, 0, NULL));
            } else if (norders < 16) {
                orders[norders].amount = llOrderAmount;
                orders[norders].orderid = lOrderID;
                orders[norders].customer = lOrderCustomerID;
                norders++;
            }
        }
    }
    err = JET_errSuccess;
    qsort(orders, (size_t)norders, sizeof orders[0], by_amount_desc);

    rgretrievecolumnTemp[0] = retcol(rgcolumnidTemp[icolumndefOrderAmount], &llOrderAmount, sizeof llOrderAmount);
    rgretrievecolumnTemp[1] = retcol(rgcolumnidTemp[icolumndefOrderCustomerID], &lOrderCustomerID, sizeof lOrderCustomerID);

    emit("\n\nTop Three Orders by Order Amount.\n\n");
    emit("Customer Name\t\t\tAmount\n");
    emit("--------------------------------------------------------\n");
    /* join to Customers on its primary index */
    Call(JetSetCurrentIndex2(sesidT, tableidCustomers, szCustomerIDIndex, 0));
    for (iCustomer = 0, err = tableidTemp != JET_tableidNil ? JetMove(sesidT, tableidTemp, JET_MoveFirst, NO_GRBIT) : (next < norders ? JET_errSuccess : JET_errNoCurrentRecord);
         JET_errNoCurrentRecord != err && iCustomer < 3;
         iCustomer++, err = tableidTemp != JET_tableidNil ? JetMove(sesidT, tableidTemp, JET_MoveNext, NO_GRBIT) : (++next < norders ? JET_errSuccess : JET_errNoCurrentRecord)) {
        Call(err);
        if (tableidTemp != JET_tableidNil) {
            Call(JetRetrieveColumns(sesidT, tableidTemp, rgretrievecolumnTemp, 2));
        } else {
            llOrderAmount = orders[next].amount;
            lOrderCustomerID = orders[next].customer;
        }
        Call(JetMakeKey(sesidT, tableidCustomers, &lOrderCustomerID, sizeof lOrderCustomerID, JET_bitNewKey));
        Call(JetSeek(sesidT, tableidCustomers, JET_bitSeekEQ));
        if (JET_errSuccess != err) goto HandleError; /* must be found equal */
        Call(JetRetrieveColumn(sesidT, tableidCustomers, columnidCustomerName, &szCustomerNameT, sizeof szCustomerNameT, &ulT, 0, NULL));
        emit("%-32s", szCustomerNameT);
        emit("$%" PRId64 "\n", llOrderAmount / 10000);
    }
    err = JET_errSuccess;
    emit("--------------------------------------------------------\n");
    emit("\n\n");

    Call(JetCommitTransaction(sesidT, 0));

HandleError:
    if (JET_tableidNil != tableidTemp) {
        JetCloseTable(sesidT, tableidTemp);
        tableidTemp = JET_tableidNil;
    }
    if (err < 0) JetRollback(sesidT, 0);
    return err;
}

/* a column's id by JetGetTableColumnInfo, checked against the id the creation returned */
static JET_ERR column_id(JET_SESID sesidT, JET_TABLEID tableid, const char *table, char *column, JET_COLUMNID *pid)
{
    JET_COLUMNID known = 0;
    for (int i = 0; i < ncreated; i++) {
        if (strcmp(created_ids[i].table, table) == 0 && strcmp(created_ids[i].column, column) == 0) known = created_ids[i].id;
    }
    JET_COLUMNDEF columndefT;
    JET_ERR err = JetGetTableColumnInfo(sesidT, tableid, column, &columndefT, sizeof columndefT, JET_ColInfo);
    if (err == JET_errFeatureNotAvailable && known != 0) {
        *pid = known;
        return JET_errSuccess;
    }
    if (err >= 0) {
        CHECK_EQ(known, columndefT.columnid);
        *pid = columndefT.columnid;
    }
    return err;
}

static JET_ERR run_sample(void)
{
    JET_ERR err = JET_errSuccess;
    JET_INSTANCE instance = 0;
    JET_SESID sesidT = JET_sesidNil;
    JET_DBID dbidDatabase = JET_dbidNil;
    JET_TABLEID tableidCustomers = JET_tableidNil, tableidOrders = JET_tableidNil, tableidBooks = JET_tableidNil;

    /* INITIALIZATION: parameters before JetInit, then a session */
    Call(JetSetSystemParameter(&instance, 0, JET_paramSystemPath, 0, "./"));
    Call(JetSetSystemParameter(&instance, 0, JET_paramTempPath, 0, "./"));
    Call(JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, "./"));
    Call(JetSetSystemParameter(&instance, 0, JET_paramBaseName, 0, "edb"));
    Call(JetSetSystemParameter(&instance, 0, JET_paramEventSource, 0, "query.exe"));
    /* logs not needed for crash recovery are deleted */
    Call(JetSetSystemParameter(&instance, 0, JET_paramCircularLog, 1, NULL));
    Call(JetInit(&instance));
    Call(JetBeginSession(instance, &sesidT, "", ""));

    /* DATA DEFINITION: the database, created when not found */
    err = JetAttachDatabase(sesidT, szDatabase, 0);
    if (JET_errFileNotFound == err) {
        Call(JetCreateDatabase(sesidT, szDatabase, NULL, &dbidDatabase, 0));
    } else {
        Call(err);
        Call(JetOpenDatabase(sesidT, szDatabase, "", &dbidDatabase, 0));
    }
    /* the tables, created when not found */
    err = JetOpenTable(sesidT, dbidDatabase, szCustomersTable, NULL, 0, 0L, &tableidCustomers);
    if (JET_errObjectNotFound == err) {
        Call(ErrCreateTablesColumnsAndIndexes(sesidT, dbidDatabase));
        Call(JetOpenTable(sesidT, dbidDatabase, szCustomersTable, NULL, 0, 0L, &tableidCustomers));
    }
    Call(err);

    /* the column ids */
    Call(column_id(sesidT, tableidCustomers, szCustomersTable, szCustomerID, &columnidCustomerID));
    Call(column_id(sesidT, tableidCustomers, szCustomersTable, szCustomerName, &columnidCustomerName));
    Call(JetOpenTable(sesidT, dbidDatabase, szOrdersTable, NULL, 0, 0L, &tableidOrders));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderID, &columnidOrderID));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderCustomerID, &columnidOrderCustomerID));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderDate, &columnidOrderDate));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderAmount, &columnidOrderAmount));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderCancelled, &columnidOrderCancelled));
    Call(column_id(sesidT, tableidOrders, szOrdersTable, szOrderItems, &columnidOrderItems));
    Call(JetOpenTable(sesidT, dbidDatabase, szBooksTable, NULL, 0, 0L, &tableidBooks));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookID, &columnidBookID));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookTitle, &columnidBookTitle));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookAuthors, &columnidBookAuthors));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookCover, &columnidBookCover));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookPrice, &columnidBookPrice));
    Call(column_id(sesidT, tableidBooks, szBooksTable, szBookDescription, &columnidBookDescription));

    /* DATA MANIPULATION: the data, added when the tables are empty */
    err = JetMove(sesidT, tableidCustomers, JET_MoveFirst, NO_GRBIT);
    if (JET_errNoCurrentRecord == err) {
        Call(ErrAddDataToTables(sesidT, dbidDatabase, tableidCustomers, tableidOrders, tableidBooks));
    }
    Call(ErrDumpCustomersToScreen(sesidT, tableidCustomers));
    Call(ErrQueryTopThreeOrdersByOrderAmount(sesidT, dbidDatabase, tableidCustomers, tableidOrders, tableidBooks));

HandleError:
    if (err < 0) {
        emit("Sample failed with error %d.\n", (int)err);
    } else {
        emit("Sample succeeded.\n");
    }

    /* TERMINATION */
    if (JET_tableidNil != tableidBooks) JetCloseTable(sesidT, tableidBooks);
    if (JET_tableidNil != tableidOrders) JetCloseTable(sesidT, tableidOrders);
    if (JET_tableidNil != tableidCustomers) JetCloseTable(sesidT, tableidCustomers);
    if (JET_dbidNil != dbidDatabase) JetCloseDatabase(sesidT, dbidDatabase, 0);
    if (JET_sesidNil != sesidT) JetEndSession(sesidT, 0);
    /* always JetTerm */
    if (0 != instance) JetTerm(instance);
    return err;
}

static const char expected[] =
    "Dump of Customers table.\n\n"
    "Customer Name\t\t\tCustomer ID\n"
    "--------------------------------------------------------\n"
    "Darrin DeYoung                  2\n"
    "Detlef Wagner                   3\n"
    "Mathias Kjeldsen                4\n"
    "Owen May                        1\n"
    "Pentti Hietalahti               5\n"
    "--------------------------------------------------------\n"
    "\n\n"
    "\n\nTop Three Orders by Order Amount.\n\n"
    "Customer Name\t\t\tAmount\n"
    "--------------------------------------------------------\n"
    "Mathias Kjeldsen                $466\n"
    "Pentti Hietalahti               $425\n"
    "Owen May                        $41\n"
    "--------------------------------------------------------\n"
    "\n\n"
    "Sample succeeded.\n";

int main(void)
{
    /* the first run creates the database, its tables and data */
    CHECK(JET_errSuccess, run_sample());
    fputs(out, stdout);
    CHECK_STR(expected, out);
    /* the second finds them all, after a JetTerm */
    outlen = 0;
    out[0] = 0;
    CHECK(JET_errSuccess, run_sample());
    CHECK_STR(expected, out);
    return 0;
}
