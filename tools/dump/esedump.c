/*
 * esedump: print an ESE database in the canonical JSON form "ese-canonical-1"
 * (defined in ../shared/edb-samples/README.md), reading it only through the
 * public Jet API (include/esent.h), the way a Windows program would.
 *
 *   esedump DB [-o OUT.json] [--omit-null]
 *
 * The database is first copied into a private temporary directory (a gzip
 * file, as the samples are shipped, is decompressed on the way), and the copy
 * is attached read-only with recovery off, so the original file is never
 * touched. Every Jet call is checked: on an error the failing call and its
 * JET_ERR go to stderr and the exit status is 1 (no output file is left).
 *
 * Build (from the repository root):
 *   cc -std=c11 -Wall -Wextra -O2 -Iinclude tools/dump/esedump.c \
 *      -L"$T/release" -lesent -Wl,-rpath,"$T/release" -o esedump
 *
 * Output layout: one line per column, index and record, byte for byte the
 * layout of shared/edb-samples/dissect_dump.py, so that a plain diff against
 * an expected.json is meaningful; compare.py is the real (semantic) check.
 *
 * Hidden test mode (no Jet call is made): `esedump --canon-stdin` reads lines
 * "COLTYP CP HEX" and prints the canonical JSON value of those bytes, one per
 * line; tools/dump/test_esedump.py checks it against Python.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <esent.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* Failure handling                                                          */

static JET_INSTANCE g_instance;
static int g_instance_created;
static char g_tempdir[4096];
static char *g_out_path;      /* removed on failure */
static FILE *g_out;

static void remove_tempdir(void)
{
    if (!g_tempdir[0])
        return;
    DIR *d = opendir(g_tempdir);
    if (d) {
        struct dirent *e;
        char p[8192];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(p, sizeof p, "%s/%s", g_tempdir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(g_tempdir);
    g_tempdir[0] = 0;
}

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("esedump: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (g_instance_created) {
        /* best effort: the failure may be the engine's own */
        JetTerm2(g_instance, JET_bitTermAbrupt);
        g_instance_created = 0;
    }
    remove_tempdir();
    if (g_out && g_out != stdout) {
        fclose(g_out);
        g_out = NULL;
        if (g_out_path)
            unlink(g_out_path);
    }
    exit(1);
}

#define ERRNAME(x) { x, #x }
static const struct { JET_ERR err; const char *name; } g_errnames[] = {
    ERRNAME(JET_errFeatureNotAvailable), ERRNAME(JET_errInvalidParameter),
    ERRNAME(JET_errOutOfMemory), ERRNAME(JET_errFileNotFound),
    ERRNAME(JET_errDatabaseCorrupted), ERRNAME(JET_errReadVerifyFailure),
    ERRNAME(JET_errInvalidDatabase), ERRNAME(JET_errObjectNotFound),
    ERRNAME(JET_errColumnNotFound), ERRNAME(JET_errNoCurrentRecord),
    ERRNAME(JET_errInvalidSesid), ERRNAME(JET_errInvalidTableId),
    ERRNAME(JET_errDatabaseDirtyShutdown), ERRNAME(JET_errPageSizeMismatch),
    ERRNAME(JET_errInvalidPath), ERRNAME(JET_errFileAccessDenied),
    ERRNAME(JET_errInvalidBufferSize), ERRNAME(JET_errTableLocked),
    ERRNAME(JET_errDatabaseInUse), ERRNAME(JET_errInternalError),
    ERRNAME(JET_errInvalidColumnType), ERRNAME(JET_errInvalidName),
    ERRNAME(JET_errDatabaseNotFound), ERRNAME(JET_errInvalidDatabaseId),
    ERRNAME(JET_errAlreadyInitialized), ERRNAME(JET_errNotInitialized),
    ERRNAME(JET_errInstanceNameInUse), ERRNAME(JET_errBadColumnId),
    ERRNAME(JET_errBadItagSequence), ERRNAME(JET_errIndexNotFound),
    ERRNAME(JET_errCatalogCorrupted), ERRNAME(JET_errDiskIO),
    ERRNAME(JET_errFileIOBeyondEOF), ERRNAME(JET_errDatabaseLocked),
    ERRNAME(JET_errReadPgnoVerifyFailure), ERRNAME(JET_errPageNotInitialized),
    ERRNAME(JET_errBadPageLink), ERRNAME(JET_errInvalidInstance),
    ERRNAME(JET_errTooManyOpenTables), ERRNAME(JET_errTooManyOpenDatabases),
    ERRNAME(JET_errInvalidLogSequence), ERRNAME(JET_errMissingLogFile),
    ERRNAME(JET_errInvalidObject), ERRNAME(JET_errDatabaseFileReadOnly),
    ERRNAME(JET_errPermissionDenied), ERRNAME(JET_errRecordDeleted),
    ERRNAME(JET_errBufferTooSmall), ERRNAME(JET_errInvalidLanguageId),
    ERRNAME(JET_errDatabaseSharingViolation), ERRNAME(JET_errAttachedDatabaseMismatch),
    ERRNAME(JET_errDatabaseUnavailable), ERRNAME(JET_errReadLostFlushVerifyFailure),
    ERRNAME(JET_errDatabaseIdInUse), ERRNAME(JET_errTermInProgress),
    ERRNAME(JET_errOutOfCursors), ERRNAME(JET_errOutOfSessions),
    ERRNAME(JET_errCallbackFailed),
};

static const char *errname(JET_ERR err)
{
    for (size_t i = 0; i < sizeof g_errnames / sizeof g_errnames[0]; i++)
        if (g_errnames[i].err == err)
            return g_errnames[i].name;
    return "see esent.h";
}

/* Check a Jet call: errors (< 0) are fatal, warnings are returned. */
static JET_ERR jcheck(JET_ERR err, const char *call, const char *ctx)
{
    if (err < 0)
        die("%s failed%s%s%s: JET_ERR %d (%s)", call, ctx ? " [" : "", ctx ? ctx : "",
            ctx ? "]" : "", (int)err, errname(err));
    return err;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory (%zu bytes)", n);
    return q;
}

static char *xstrndup(const void *p, size_t n)
{
    char *s = xrealloc(NULL, n + 1);
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

typedef struct {
    uint8_t *p;
    uint32_t len;
    uint32_t cap;
} Buf;

static void buf_reserve(Buf *b, uint32_t n)
{
    if (n > b->cap) {
        b->p = xrealloc(b->p, n);
        b->cap = n;
    }
}

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

/* ------------------------------------------------------------------------ */
/* Floats: the shortest decimal that reads back to the same double, spelled
 * like Python's repr(): "1.0", "0.1", "1e+16", "1.5e-300", "nan", "-0.0".    */

/* Parse the output of "%.*e" into its digits (no dot) and decimal exponent. */
static void split_e(const char *s, char *digits, int *exp10)
{
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    digits[n] = 0;
    *exp10 = (*s == 'e') ? atoi(s + 1) : 0;
}

/* Does the decimal digits * 10^(exp10 - ndigits + 1) read back as x? */
static int reads_back(const char *digits, int exp10, double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%c.%se%d", digits[0], digits + 1, exp10);
    return strtod(buf, NULL) == x;
}

/* Step a p-digit decimal up or down by one unit in its last place, staying at
 * p digits (crossing a power of ten changes the exponent). */
static void step_digits(char *d, int *exp10, int up)
{
    int n = (int)strlen(d), i;
    if (up) {
        for (i = n - 1; i >= 0 && d[i] == '9'; i--)
            d[i] = '0';
        if (i >= 0) {
            d[i]++;
        } else { /* 99..9 + 1 = 100..0 one decade up */
            d[0] = '1';
            (*exp10)++;
        }
    } else {
        for (i = n - 1; i >= 0 && d[i] == '0'; i--)
            d[i] = '9';
        if (i < 0) /* all zero: cannot happen for x > 0 */
            return;
        d[i]--;
        if (i == 0 && d[0] == '0') { /* 10..0 - 1 = 99..9 one decade down */
            for (int k = 0; k < n; k++)
                d[k] = '9';
            (*exp10)--;
        }
    }
}

/* Shortest digits (no trailing zeros) and exponent of finite x > 0. Among the
 * shortest strings that read back as x, the one nearest x, as Python does. */
static void shortest_digits(double x, char *digits, int *exp10)
{
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        split_e(buf, digits, exp10);
        if (reads_back(digits, *exp10, x))
            goto found;
        /* The correctly rounded p-digit decimal does not read back, but the
         * p-digit decimal on the other side of x may (the round-trip interval
         * of x is not symmetric at a power of two). */
        double r = strtod(buf, NULL);
        char d2[32];
        int e2 = *exp10;
        strcpy(d2, digits);
        step_digits(d2, &e2, r < x);
        if (reads_back(d2, e2, x)) {
            strcpy(digits, d2);
            *exp10 = e2;
            goto found;
        }
    }
    /* 17 significant digits always read back; not reached */
    snprintf(buf, sizeof buf, "%.16e", x);
    split_e(buf, digits, exp10);
found:
    for (size_t n = strlen(digits); n > 1 && digits[n - 1] == '0'; n--)
        digits[n - 1] = 0;
}

/* out must hold at least 32 bytes. */
static void format_double(double x, char *out)
{
    if (isnan(x)) {
        strcpy(out, "nan");
        return;
    }
    if (isinf(x)) {
        strcpy(out, x < 0 ? "-inf" : "inf");
        return;
    }
    if (x == 0) {
        strcpy(out, signbit(x) ? "-0.0" : "0.0");
        return;
    }
    char digits[32];
    int exp10;
    char *o = out;
    if (x < 0) {
        *o++ = '-';
        x = -x;
    }
    shortest_digits(x, digits, &exp10);
    int nd = (int)strlen(digits);
    int decpt = exp10 + 1; /* x = 0.DIGITS * 10^decpt */
    if (decpt <= -4 || decpt > 16) {
        *o++ = digits[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        sprintf(o, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -decpt; i++)
            *o++ = '0';
        memcpy(o, digits, (size_t)nd);
        o[nd] = 0;
    } else if (decpt >= nd) {
        memcpy(o, digits, (size_t)nd);
        o += nd;
        for (int i = nd; i < decpt; i++)
            *o++ = '0';
        strcpy(o, ".0");
    } else {
        memcpy(o, digits, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, digits + decpt, (size_t)(nd - decpt));
        o[nd - decpt] = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* JSON output                                                               */

/* One UTF-16 code unit (or code point <= 0xFFFF) inside a JSON string, ASCII
 * only, escaped exactly as Python's json.dumps(ensure_ascii=True) does. */
static void json_unit(FILE *f, uint32_t u)
{
    switch (u) {
    case '"': fputs("\\\"", f); return;
    case '\\': fputs("\\\\", f); return;
    case '\n': fputs("\\n", f); return;
    case '\r': fputs("\\r", f); return;
    case '\t': fputs("\\t", f); return;
    case '\b': fputs("\\b", f); return;
    case '\f': fputs("\\f", f); return;
    default:
        if (u < 0x20 || u > 0x7e)
            fprintf(f, "\\u%04" PRIx32, u);
        else
            fputc((int)u, f);
    }
}

/* A name from the A API (ASCII; anything else is shown as Latin-1). */
static void json_name(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        json_unit(f, *p);
    fputc('"', f);
}

/* Windows-1252 0x80..0x9F; the five undefined bytes map to the same-numbered
 * C1 control, as MultiByteToWideChar does. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static void json_hex(FILE *f, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        fputc(hx[p[i] >> 4], f);
        fputc(hx[p[i] & 15], f);
    }
}

static void json_raw_hex(FILE *f, const uint8_t *p, size_t n)
{
    fputs("{\"raw_hex\": \"", f);
    json_hex(f, p, n);
    fputs("\"}", f);
}

static void json_double(FILE *f, double x)
{
    char s[40];
    format_double(x, s);
    fprintf(f, "\"%s\"", s);
}

enum {
    CT_BIT = 1, CT_UBYTE = 2, CT_SHORT = 3, CT_LONG = 4, CT_CURRENCY = 5,
    CT_SINGLE = 6, CT_DOUBLE = 7, CT_DATETIME = 8, CT_BINARY = 9, CT_TEXT = 10,
    CT_LONGBINARY = 11, CT_LONGTEXT = 12, CT_ULONG = 14, CT_LONGLONG = 15,
    CT_GUID = 16, CT_USHORT = 17,
};

static const char *coltyp_name(uint32_t t, char *tmp)
{
    static const char *names[] = {
        "Nil", "Bit", "UnsignedByte", "Short", "Long", "Currency", "IEEESingle",
        "IEEEDouble", "DateTime", "Binary", "Text", "LongBinary", "LongText", "SLV",
        "UnsignedLong", "LongLong", "GUID", "UnsignedShort",
    };
    if (t < sizeof names / sizeof names[0])
        return names[t];
    sprintf(tmp, "%" PRIu32, t);
    return tmp;
}

/* The canonical JSON VALUE of the bytes JetRetrieveColumn returned. */
static void json_value(FILE *f, uint32_t coltyp, uint32_t cp, const uint8_t *p, size_t n)
{
    switch (coltyp) {
    case CT_BIT:
        if (n != 1) break;
        fputs(p[0] ? "true" : "false", f);
        return;
    case CT_UBYTE:
        if (n != 1) break;
        fprintf(f, "%u", (unsigned)p[0]);
        return;
    case CT_SHORT:
        if (n != 2) break;
        fprintf(f, "%d", (int)(int16_t)le16(p));
        return;
    case CT_USHORT:
        if (n != 2) break;
        fprintf(f, "%u", (unsigned)le16(p));
        return;
    case CT_LONG:
        if (n != 4) break;
        fprintf(f, "%" PRId32, (int32_t)le32(p));
        return;
    case CT_ULONG:
        if (n != 4) break;
        fprintf(f, "%" PRIu32, le32(p));
        return;
    case CT_CURRENCY:
    case CT_LONGLONG:
        if (n != 8) break;
        fprintf(f, "%" PRId64, (int64_t)le64(p));
        return;
    case CT_SINGLE: {
        if (n != 4) break;
        uint32_t bits = le32(p);
        float v;
        memcpy(&v, &bits, 4);
        json_double(f, (double)v);
        return;
    }
    case CT_DOUBLE:
    case CT_DATETIME: {
        if (n != 8) break;
        uint64_t bits = le64(p);
        double v;
        memcpy(&v, &bits, 8);
        json_double(f, v);
        return;
    }
    case CT_GUID:
        if (n != 16) break;
        fprintf(f, "\"%08" PRIx32 "-%04x-%04x-", le32(p), (unsigned)le16(p + 4), (unsigned)le16(p + 6));
        json_hex(f, p + 8, 2);
        fputc('-', f);
        json_hex(f, p + 10, 6);
        fputc('"', f);
        return;
    case CT_BINARY:
    case CT_LONGBINARY:
        fputc('"', f);
        json_hex(f, p, n);
        fputc('"', f);
        return;
    case CT_TEXT:
    case CT_LONGTEXT:
        if (cp == 1200) {
            if (n % 2) break;
            fputc('"', f);
            for (size_t i = 0; i < n; i += 2)
                json_unit(f, le16(p + i));
            fputc('"', f);
        } else {
            fputc('"', f);
            for (size_t i = 0; i < n; i++)
                json_unit(f, (p[i] >= 0x80 && p[i] < 0xA0) ? cp1252_high[p[i] - 0x80] : p[i]);
            fputc('"', f);
        }
        return;
    default:
        break;
    }
    json_raw_hex(f, p, n);
}

/* ------------------------------------------------------------------------ */
/* Reading columns of the current record                                     */

/* Retrieve one value (itag 0 = plain retrieve without JET_RETINFO).
 * Returns 0 with b filled, or 1 if the value is NULL. */
static int retrieve(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID colid, uint32_t itag,
                    Buf *b, const char *what)
{
    if (b->cap == 0)
        buf_reserve(b, 4096);
    for (int tries = 0;; tries++) {
        JET_RETINFO ri;
        memset(&ri, 0, sizeof ri);
        ri.cbStruct = sizeof ri;
        ri.ibLongValue = 0;
        ri.itagSequence = itag;
        uint32_t cb = 0;
        JET_ERR err = JetRetrieveColumn(sesid, tableid, colid, b->p, b->cap, &cb, 0, itag ? &ri : NULL);
        jcheck(err, "JetRetrieveColumn", what);
        if (err == JET_wrnColumnNull)
            return 1;
        if (err == JET_wrnBufferTruncated) {
            if (cb <= b->cap || tries > 8)
                die("JetRetrieveColumn %s: JET_wrnBufferTruncated with cbActual %" PRIu32
                    " for a buffer of %" PRIu32 " bytes", what, cb, b->cap);
            buf_reserve(b, cb);
            continue;
        }
        if (err != JET_errSuccess)
            fprintf(stderr, "esedump: note: JetRetrieveColumn %s returned warning %d\n", what, (int)err);
        if (cb > b->cap)
            die("JetRetrieveColumn %s: cbActual %" PRIu32 " larger than the buffer (%" PRIu32
                ") without JET_wrnBufferTruncated", what, cb, b->cap);
        b->len = cb;
        return 0;
    }
}

/* An integer column of a temporary list table, of exactly `size` bytes. */
static uint32_t retrieve_uint(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID colid,
                              uint32_t size, Buf *b, const char *what)
{
    if (retrieve(sesid, tableid, colid, 0, b, what))
        die("%s is NULL", what);
    if (b->len != size)
        die("%s has %" PRIu32 " bytes, expected %" PRIu32, what, b->len, size);
    return size == 2 ? le16(b->p) : le32(b->p);
}

static char *retrieve_name(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID colid, Buf *b,
                           const char *what)
{
    if (retrieve(sesid, tableid, colid, 0, b, what))
        die("%s is NULL", what);
    if (memchr(b->p, 0, b->len))
        die("%s contains a NUL byte", what);
    return xstrndup(b->p, b->len);
}

/* JetMove to the first record: 1 if there is one, 0 if the table is empty. */
static int move_first(JET_SESID sesid, JET_TABLEID tableid, const char *what)
{
    JET_ERR err = JetMove(sesid, tableid, (int32_t)JET_MoveFirst, 0);
    if (err == JET_errNoCurrentRecord)
        return 0;
    jcheck(err, "JetMove(JET_MoveFirst)", what);
    return 1;
}

static int move_next(JET_SESID sesid, JET_TABLEID tableid, const char *what)
{
    JET_ERR err = JetMove(sesid, tableid, JET_MoveNext, 0);
    if (err == JET_errNoCurrentRecord)
        return 0;
    jcheck(err, "JetMove(JET_MoveNext)", what);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Schema                                                                    */

typedef struct {
    char *name;
    uint32_t columnid, coltyp, cbMax, grbit, cp;
    int has_default;
    uint8_t *def;
    uint32_t cbdef;
} Column;

typedef struct {
    char *index;
    uint32_t grbit;
    uint32_t icol;
    char *column;
    int descending;
} IndexSeg;

static int cmp_columnid(const void *a, const void *b)
{
    const Column *x = a, *y = b;
    return x->columnid < y->columnid ? -1 : x->columnid > y->columnid;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_seg(const void *a, const void *b)
{
    const IndexSeg *x = a, *y = b;
    int c = strcmp(x->index, y->index);
    if (c)
        return c;
    return x->icol < y->icol ? -1 : x->icol > y->icol;
}

static const struct { uint32_t bit; const char *name; } column_flags[] = {
    {0x1, "Fixed"}, {0x2, "Tagged"}, {0x4, "NotNULL"}, {0x8, "Version"},
    {0x10, "Autoincrement"}, {0x400, "MultiValued"}, {0x800, "EscrowUpdate"},
    {0x4000, "Finalize"}, {0x8000, "UserDefinedDefault"}, {0x20000, "DeleteOnZero"},
    {0x80000, "Compressed"}, {0x100000, "Encrypted"},
};

static const struct { uint32_t bit; const char *name; } index_flags[] = {
    {0x2, "Primary"}, {0x1, "Unique"}, {0x4, "DisallowNull"}, {0x8, "IgnoreNull"},
    {0x20, "IgnoreAnyNull"}, {0x40, "IgnoreFirstNull"}, {0x400, "SortNullsHigh"},
    {0x4000, "CrossProduct"}, {0x20000, "NestedTable"}, {0x10000, "DisallowTruncation"},
    {0x40000, "DotNetGuid"},
};

#define MV_BIT 0x400u /* JET_bitColumnMultiValued */

static Column *read_columns(JET_SESID sesid, JET_TABLEID tableid, const char *table, size_t *ncol, Buf *b)
{
    JET_COLUMNLIST cl;
    memset(&cl, 0, sizeof cl);
    cl.cbStruct = sizeof cl;
    jcheck(JetGetTableColumnInfoA(sesid, tableid, NULL, &cl, sizeof cl, JET_ColInfoList),
           "JetGetTableColumnInfoA(JET_ColInfoList)", table);
    Column *cols = NULL;
    size_t n = 0;
    char what[512];
    snprintf(what, sizeof what, "column list of %s", table);
    if (move_first(sesid, cl.tableid, what)) {
        do {
            cols = xrealloc(cols, (n + 1) * sizeof *cols);
            Column *c = &cols[n++];
            memset(c, 0, sizeof *c);
            c->name = retrieve_name(sesid, cl.tableid, cl.columnidcolumnname, b, "JET_COLUMNLIST column name");
            c->columnid = retrieve_uint(sesid, cl.tableid, cl.columnidcolumnid, 4, b, "JET_COLUMNLIST columnid");
            c->coltyp = retrieve_uint(sesid, cl.tableid, cl.columnidcoltyp, 4, b, "JET_COLUMNLIST coltyp");
            c->cbMax = retrieve_uint(sesid, cl.tableid, cl.columnidcbMax, 4, b, "JET_COLUMNLIST cbMax");
            c->grbit = retrieve_uint(sesid, cl.tableid, cl.columnidgrbit, 4, b, "JET_COLUMNLIST grbit");
            c->cp = retrieve_uint(sesid, cl.tableid, cl.columnidCp, 2, b, "JET_COLUMNLIST cp");
            if (!retrieve(sesid, cl.tableid, cl.columnidDefault, 0, b, "JET_COLUMNLIST default")) {
                c->has_default = 1;
                c->cbdef = b->len;
                c->def = xrealloc(NULL, b->len);
                memcpy(c->def, b->p, b->len);
            }
        } while (move_next(sesid, cl.tableid, what));
    }
    jcheck(JetCloseTable(sesid, cl.tableid), "JetCloseTable", what);
    if (n != cl.cRecord)
        fprintf(stderr, "esedump: note: %s: JET_COLUMNLIST.cRecord is %" PRIu32 " but %zu rows were read\n",
                table, cl.cRecord, n);
    if (n) /* qsort(NULL, 0, ...) is undefined */
        qsort(cols, n, sizeof *cols, cmp_columnid);
    *ncol = n;
    return cols;
}

static IndexSeg *read_indexes(JET_SESID sesid, JET_TABLEID tableid, const char *table, size_t *nseg, Buf *b)
{
    JET_INDEXLIST il;
    memset(&il, 0, sizeof il);
    il.cbStruct = sizeof il;
    jcheck(JetGetTableIndexInfoA(sesid, tableid, NULL, &il, sizeof il, JET_IdxInfoList),
           "JetGetTableIndexInfoA(JET_IdxInfoList)", table);
    IndexSeg *segs = NULL;
    size_t n = 0;
    char what[512];
    snprintf(what, sizeof what, "index list of %s", table);
    if (move_first(sesid, il.tableid, what)) {
        do {
            segs = xrealloc(segs, (n + 1) * sizeof *segs);
            IndexSeg *s = &segs[n++];
            s->index = retrieve_name(sesid, il.tableid, il.columnidindexname, b, "JET_INDEXLIST index name");
            s->grbit = retrieve_uint(sesid, il.tableid, il.columnidgrbitIndex, 4, b, "JET_INDEXLIST grbitIndex");
            s->icol = retrieve_uint(sesid, il.tableid, il.columnidiColumn, 4, b, "JET_INDEXLIST iColumn");
            s->column = retrieve_name(sesid, il.tableid, il.columnidcolumnname, b, "JET_INDEXLIST column name");
            s->descending = (retrieve_uint(sesid, il.tableid, il.columnidgrbitColumn, 4, b,
                                           "JET_INDEXLIST grbitColumn") & JET_bitKeyDescending) != 0;
        } while (move_next(sesid, il.tableid, what));
    }
    jcheck(JetCloseTable(sesid, il.tableid), "JetCloseTable", what);
    if (n)
        qsort(segs, n, sizeof *segs, cmp_seg);
    *nseg = n;
    return segs;
}

static void write_column(FILE *f, const Column *c)
{
    char tmp[16];
    fputs("{\"name\": ", f);
    json_name(f, c->name);
    fprintf(f, ", \"columnid\": %" PRIu32 ", \"coltyp\": %" PRIu32 ", \"coltyp_name\": \"%s\", \"cbMax\": %" PRIu32 ", \"flags\": [",
            c->columnid, c->coltyp, coltyp_name(c->coltyp, tmp), c->cbMax);
    int first = 1;
    for (size_t i = 0; i < sizeof column_flags / sizeof column_flags[0]; i++) {
        if (c->grbit & column_flags[i].bit) {
            fprintf(f, "%s\"%s\"", first ? "" : ", ", column_flags[i].name);
            first = 0;
        }
    }
    fputs("], \"default\": ", f);
    if (c->has_default)
        json_value(f, c->coltyp, c->cp, c->def, c->cbdef);
    else
        fputs("null", f);
    if (c->coltyp == CT_TEXT || c->coltyp == CT_LONGTEXT)
        fprintf(f, ", \"cp\": %" PRIu32, c->cp);
    fputc('}', f);
}

/* Write a whole table; records go through a temporary file so that
 * "record_count" can come before "records" as in the reference layout. */
static void dump_table(FILE *out, JET_SESID sesid, JET_DBID dbid, const char *table, int omit_null, Buf *b)
{
    JET_TABLEID tableid;
    jcheck(JetOpenTableA(sesid, dbid, table, NULL, 0, JET_bitTableReadOnly, &tableid), "JetOpenTableA", table);

    size_t ncol, nseg;
    Column *cols = read_columns(sesid, tableid, table, &ncol, b);
    IndexSeg *segs = read_indexes(sesid, tableid, table, &nseg, b);

    fputs("  {\"name\": ", out);
    json_name(out, table);
    fputs(",\n   \"columns\": [\n", out);
    /* items joined by ",\n", then "\n   ]" (an empty list keeps its blank line) */
    for (size_t i = 0; i < ncol; i++) {
        fputs(i ? ",\n    " : "    ", out);
        write_column(out, &cols[i]);
    }
    fputs("\n   ],\n   \"indexes\": [\n", out);
    for (size_t i = 0; i < nseg;) {
        size_t j = i;
        while (j < nseg && !strcmp(segs[j].index, segs[i].index))
            j++;
        fputs(i ? ",\n    {\"name\": " : "    {\"name\": ", out);
        json_name(out, segs[i].index);
        fputs(", \"key\": [", out);
        for (size_t k = i; k < j; k++) {
            if (segs[k].icol != k - i)
                die("index %s of %s: key column %zu has iColumn %" PRIu32, segs[i].index, table, k - i, segs[k].icol);
            if (segs[k].grbit != segs[i].grbit)
                die("index %s of %s: grbitIndex differs between its key columns", segs[i].index, table);
            fputs(k > i ? ", \"" : "\"", out);
            fputc(segs[k].descending ? '-' : '+', out);
            for (const unsigned char *p = (const unsigned char *)segs[k].column; *p; p++)
                json_unit(out, *p);
            fputc('"', out);
        }
        fputs("], \"flags\": [", out);
        int first = 1;
        for (size_t k = 0; k < sizeof index_flags / sizeof index_flags[0]; k++) {
            if (segs[i].grbit & index_flags[k].bit) {
                fprintf(out, "%s\"%s\"", first ? "" : ", ", index_flags[k].name);
                first = 0;
            }
        }
        fputs("]}", out);
        i = j;
    }
    fputs("\n   ],\n", out);

    FILE *rf = tmpfile();
    if (!rf)
        die("tmpfile: %s", strerror(errno));
    uint64_t nrec = 0;
    char what[1024];
    if (move_first(sesid, tableid, table)) {
        do {
            fputs(nrec ? ",\n    {" : "    {", rf);
            int first = 1;
            for (size_t i = 0; i < ncol; i++) {
                const Column *c = &cols[i];
                snprintf(what, sizeof what, "table %s, record %" PRIu64 ", column %s", table, nrec, c->name);
                if (c->grbit & MV_BIT) {
                    /* itagSequence 1, 2, ... until JET_wrnColumnNull */
                    uint32_t itag = 1;
                    for (;; itag++) {
                        if (itag > 10000000)
                            die("%s: more than 10 million values: JET_wrnColumnNull never came", what);
                        if (retrieve(sesid, tableid, c->columnid, itag, b, what))
                            break;
                        if (itag == 1) {
                            fprintf(rf, "%s", first ? "" : ", ");
                            json_name(rf, c->name);
                            fputs(": [", rf);
                            first = 0;
                        } else {
                            fputs(", ", rf);
                        }
                        json_value(rf, c->coltyp, c->cp, b->p, b->len);
                    }
                    if (itag > 1) {
                        fputc(']', rf);
                    } else if (!omit_null) {
                        fprintf(rf, "%s", first ? "" : ", ");
                        json_name(rf, c->name);
                        fputs(": null", rf);
                        first = 0;
                    }
                } else {
                    int isnull = retrieve(sesid, tableid, c->columnid, 0, b, what);
                    if (isnull && omit_null)
                        continue;
                    fprintf(rf, "%s", first ? "" : ", ");
                    json_name(rf, c->name);
                    fputs(": ", rf);
                    if (isnull)
                        fputs("null", rf);
                    else
                        json_value(rf, c->coltyp, c->cp, b->p, b->len);
                    first = 0;
                }
            }
            fputc('}', rf);
            nrec++;
        } while (move_next(sesid, tableid, table));
    }
    fprintf(out, "   \"record_count\": %" PRIu64 ",\n   \"records\": [\n", nrec);
    if (fflush(rf) || ferror(rf))
        die("writing a temporary file: %s", strerror(errno));
    rewind(rf);
    char cbuf[65536];
    size_t got;
    while ((got = fread(cbuf, 1, sizeof cbuf, rf)) > 0)
        fwrite(cbuf, 1, got, out);
    if (ferror(rf))
        die("reading a temporary file: %s", strerror(errno));
    fclose(rf);
    fputs("\n   ]}", out);

    jcheck(JetCloseTable(sesid, tableid), "JetCloseTable", table);
    for (size_t i = 0; i < ncol; i++) {
        free(cols[i].name);
        free(cols[i].def);
    }
    free(cols);
    for (size_t i = 0; i < nseg; i++) {
        free(segs[i].index);
        free(segs[i].column);
    }
    free(segs);
}

/* ------------------------------------------------------------------------ */
/* The private copy of the database                                          */

static void copy_database(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY);
    if (in < 0)
        die("cannot open %s: %s", src, strerror(errno));
    unsigned char magic[2] = {0, 0};
    ssize_t m = read(in, magic, 2);
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (out < 0)
        die("cannot create %s: %s", dst, strerror(errno));
    if (m == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        /* gzip-compressed (as the samples are shipped): gzip -dc */
        close(in);
        pid_t pid = fork();
        if (pid < 0)
            die("fork: %s", strerror(errno));
        if (pid == 0) {
            dup2(out, 1);
            execlp("gzip", "gzip", "-dc", "--", src, (char *)NULL);
            _exit(127);
        }
        int st;
        if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            die("gzip -dc %s failed", src);
    } else {
        if (lseek(in, 0, SEEK_SET) < 0)
            die("seek %s: %s", src, strerror(errno));
        static char buf[1 << 16];
        ssize_t r;
        while ((r = read(in, buf, sizeof buf)) > 0) {
            for (ssize_t off = 0; off < r;) {
                ssize_t w = write(out, buf + off, (size_t)(r - off));
                if (w < 0)
                    die("write %s: %s", dst, strerror(errno));
                off += w;
            }
        }
        if (r < 0)
            die("read %s: %s", src, strerror(errno));
        close(in);
    }
    if (close(out) < 0)
        die("close %s: %s", dst, strerror(errno));
}

/* ------------------------------------------------------------------------ */

static int canon_stdin(void)
{
    char line[1 << 16];
    static uint8_t bytes[1 << 15];
    while (fgets(line, sizeof line, stdin)) {
        unsigned coltyp, cp;
        int used = 0;
        if (sscanf(line, "%u %u %n", &coltyp, &cp, &used) < 2) {
            fprintf(stderr, "esedump: bad line: %s", line);
            return 2;
        }
        size_t n = 0;
        const char *h = line + used;
        while (h[0] && h[1] && h[0] != '\n') {
            unsigned v;
            if (sscanf(h, "%2x", &v) != 1 || n >= sizeof bytes) {
                fprintf(stderr, "esedump: bad hex: %s", line);
                return 2;
            }
            bytes[n++] = (uint8_t)v;
            h += 2;
        }
        json_value(stdout, coltyp, cp, bytes, n);
        fputc('\n', stdout);
    }
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: esedump DB [-o OUT.json] [--omit-null]\n"
          "Print the database DB (a file made by ESE, optionally gzip-compressed) in the\n"
          "canonical JSON form ese-canonical-1, read through the Jet API from a private\n"
          "read-only copy. Exit status 0 ok, 1 on any error (the failing Jet call and\n"
          "its JET_ERR on stderr), 2 on bad usage.\n", f);
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    int omit_null = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (++i >= argc) {
                usage(stderr);
                return 2;
            }
            g_out_path = argv[i];
        } else if (!strcmp(argv[i], "--omit-null")) {
            omit_null = 1;
        } else if (!strcmp(argv[i], "--canon-stdin")) {
            return canon_stdin();
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "esedump: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!db) {
            db = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!db) {
        usage(stderr);
        return 2;
    }

    /* Private work directory: the copy of the database, and whatever the
     * engine creates (temporary database, checkpoint, logs) stay in there. */
    const char *tmproot = getenv("TMPDIR");
    snprintf(g_tempdir, sizeof g_tempdir, "%s/esedump.XXXXXX", tmproot && *tmproot ? tmproot : "/tmp");
    if (!mkdtemp(g_tempdir)) {
        g_tempdir[0] = 0;
        die("mkdtemp: %s", strerror(errno));
    }
    char dbcopy[4200], dirslash[4200];
    snprintf(dbcopy, sizeof dbcopy, "%s/db.edb", g_tempdir);
    snprintf(dirslash, sizeof dirslash, "%s/", g_tempdir);
    copy_database(db, dbcopy);

    if (g_out_path) {
        g_out = fopen(g_out_path, "w");
        if (!g_out)
            die("cannot create %s: %s", g_out_path, strerror(errno));
    } else {
        g_out = stdout;
    }

    uint32_t pagesize = 0;
    jcheck(JetGetDatabaseFileInfoA(dbcopy, &pagesize, sizeof pagesize, JET_DbInfoPageSize),
           "JetGetDatabaseFileInfoA(JET_DbInfoPageSize)", db);
    jcheck(JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, pagesize, NULL),
           "JetSetSystemParameterA(JET_paramDatabasePageSize)", NULL);

    jcheck(JetCreateInstanceA(&g_instance, "esedump"), "JetCreateInstanceA", NULL);
    g_instance_created = 1;
    jcheck(JetSetSystemParameterA(&g_instance, 0, JET_paramRecovery, 0, "Off"),
           "JetSetSystemParameterA(JET_paramRecovery, \"Off\")", NULL);
    jcheck(JetSetSystemParameterA(&g_instance, 0, JET_paramSystemPath, 0, dirslash),
           "JetSetSystemParameterA(JET_paramSystemPath)", NULL);
    jcheck(JetSetSystemParameterA(&g_instance, 0, JET_paramLogFilePath, 0, dirslash),
           "JetSetSystemParameterA(JET_paramLogFilePath)", NULL);
    jcheck(JetSetSystemParameterA(&g_instance, 0, JET_paramTempPath, 0, dirslash),
           "JetSetSystemParameterA(JET_paramTempPath)", NULL);
    jcheck(JetSetSystemParameterA(&g_instance, 0, JET_paramNoInformationEvent, 1, NULL),
           "JetSetSystemParameterA(JET_paramNoInformationEvent)", NULL);
    jcheck(JetInit(&g_instance), "JetInit", NULL);

    JET_SESID sesid;
    jcheck(JetBeginSessionA(g_instance, &sesid, "", ""), "JetBeginSessionA", NULL);
    jcheck(JetAttachDatabaseA(sesid, dbcopy, JET_bitDbReadOnly), "JetAttachDatabaseA(JET_bitDbReadOnly)", db);
    JET_DBID dbid;
    jcheck(JetOpenDatabaseA(sesid, dbcopy, NULL, &dbid, JET_bitDbReadOnly), "JetOpenDatabaseA(JET_bitDbReadOnly)", db);

    Buf b = {0};

    /* The user tables: every table whose name does not start with "MSys". */
    JET_OBJECTLIST ol;
    memset(&ol, 0, sizeof ol);
    ol.cbStruct = sizeof ol;
    jcheck(JetGetObjectInfoA(sesid, dbid, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats),
           "JetGetObjectInfoA(JET_objtypTable, JET_ObjInfoListNoStats)", db);
    char **tables = NULL;
    size_t ntab = 0;
    if (move_first(sesid, ol.tableid, "object list")) {
        do {
            uint32_t objtyp = retrieve_uint(sesid, ol.tableid, ol.columnidobjtyp, 4, &b, "JET_OBJECTLIST objtyp");
            char *name = retrieve_name(sesid, ol.tableid, ol.columnidobjectname, &b, "JET_OBJECTLIST object name");
            if (objtyp != JET_objtypTable || !strncmp(name, "MSys", 4)) {
                free(name);
                continue;
            }
            tables = xrealloc(tables, (ntab + 1) * sizeof *tables);
            tables[ntab++] = name;
        } while (move_next(sesid, ol.tableid, "object list"));
    }
    jcheck(JetCloseTable(sesid, ol.tableid), "JetCloseTable", "object list");
    if (ntab) /* strcmp: bytewise, as required */
        qsort(tables, ntab, sizeof *tables, cmp_str);
    for (size_t i = 1; i < ntab; i++)
        if (!strcmp(tables[i - 1], tables[i]))
            die("table %s listed twice by JetGetObjectInfoA", tables[i]);

    fputs("{\"format\": \"ese-canonical-1\",\n \"tables\": [", g_out);
    for (size_t i = 0; i < ntab; i++) {
        fputs(i ? ",\n" : "\n", g_out);
        dump_table(g_out, sesid, dbid, tables[i], omit_null, &b);
        free(tables[i]);
    }
    free(tables);
    free(b.p);
    fputs("\n ]}\n", g_out);

    jcheck(JetCloseDatabase(sesid, dbid, 0), "JetCloseDatabase", db);
    jcheck(JetDetachDatabaseA(sesid, dbcopy), "JetDetachDatabaseA", db);
    jcheck(JetEndSession(sesid, 0), "JetEndSession", NULL);
    jcheck(JetTerm(g_instance), "JetTerm", NULL);
    g_instance_created = 0;

    if (fflush(g_out) || ferror(g_out))
        die("writing %s: %s", g_out_path ? g_out_path : "stdout", strerror(errno));
    if (g_out != stdout && fclose(g_out))
        die("closing %s: %s", g_out_path, strerror(errno));
    g_out = NULL;
    remove_tempdir();
    return 0;
}
