/*
 * runner.c: the workloads of the benchmark, written once for all engines.
 *
 * One process runs one group of workloads against one engine (linked in as
 * ENGINE, see bench.h) and prints one line per workload:
 *
 *   RESULT <workload> ops=<n> secs=<seconds>
 *   FAIL <workload> na <call> <code>        the engine says it is not built yet
 *   FAIL <workload> error <call> <code>     an engine call failed
 *   FAIL <workload> verify <what>           the data read back is wrong
 *
 * Only the work itself is timed. After each workload the runner checks what
 * the engine holds (row counts of the table and of its secondary index, and a
 * sample of values against the generator) so that no engine is timed doing
 * less work. A failed workload ends the group. The exit status is 0 whenever
 * the lines above could be printed: a slow or failing engine is a result, not
 * a crash of the benchmark.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* ---- settings ---------------------------------------------------------- */

static struct config cfg = {
    .dir = NULL, .page_size = 8192, .log_file_kib = 8192, .log_buffer_kib = 8192,
    .cache_mib = 1024, .threads_max = 8,
};
static const char *group = NULL;
static uint64_t n_rows = 100000;     /* rows loaded (load_*, main) */
static uint64_t n_lookups = 100000;  /* point lookups, each kind */
static uint64_t n_updates = 50000;
static uint64_t n_deletes = 25000;
static uint64_t n_durable = 1000;    /* durable single-row commits, all threads together */
static int durable_threads = 1;
static double mixed_secs = 2.0;
static uint64_t n_long = 500;        /* 64 KiB rows */
static uint64_t seed = 0x5eed;
static uint64_t n_sample = 2000;     /* values checked after each workload */

#define LOAD_BATCH 1000
#define UPDATE_BATCH 100
#define READ_BATCH 100
#define LONG_BATCH 10

/* ---- failure reporting ------------------------------------------------- */

static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static int fail_set = 0;
static char fail_call[128];
static long fail_code;
static int fail_not_built;

int bench_fail(const char *call, long code, int not_built)
{
    pthread_mutex_lock(&fail_lock);
    if (!fail_set) {
        fail_set = 1;
        snprintf(fail_call, sizeof(fail_call), "%s", call);
        fail_code = code;
        fail_not_built = not_built;
    }
    pthread_mutex_unlock(&fail_lock);
    return B_ERR;
}

/* Reports the engine failure recorded by bench_fail and ends the group. */
static void die_engine(const char *workload)
{
    if (!fail_set)
        printf("FAIL %s error %s %ld\n", workload, "unknown-call", -1L);
    else
        printf("FAIL %s %s %s %ld\n", workload, fail_not_built ? "na" : "error", fail_call, fail_code);
    fflush(stdout);
    exit(0);
}

/* Forgets the recorded failure if it said "not built"; returns whether it did. */
static int take_not_built(void)
{
    pthread_mutex_lock(&fail_lock);
    int was = fail_set && fail_not_built;
    if (was) fail_set = 0;
    pthread_mutex_unlock(&fail_lock);
    return was;
}

static void die_verify(const char *workload, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL %s verify ", workload);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    exit(0);
}

#define TRY(workload, expr)                      \
    do {                                         \
        if ((expr) < 0) die_engine(workload);    \
    } while (0)

static void result(const char *workload, uint64_t ops, double secs)
{
    printf("RESULT %s ops=%" PRIu64 " secs=%.6f\n", workload, ops, secs);
    fflush(stdout);
}

/* ---- data -------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t mix(uint64_t x)
{
    uint64_t s = x;
    return splitmix(&s);
}

static uint64_t below(uint64_t *s, uint64_t n) { return splitmix(s) % n; }

/* 128 KiB of random bytes that long values are cut from. */
static uint8_t *pattern;
#define PATTERN_BYTES (2 * LONG_VAL_BYTES)

/* The 16-byte secondary column of a key. Its first 8 bytes are a bijection
 * of the key, so every row's sec is distinct. */
static void make_sec(uint64_t key, uint8_t out[SEC_BYTES])
{
    uint64_t a = mix(key ^ 0xa5a5a5a5a5a5a5a5ULL), b = mix(key + 0x1234567ULL);
    memcpy(out, &a, 8);
    memcpy(out + 8, &b, 8);
}

/* The value of a key in generation gen (0 when loaded, 1 when the mixed
 * workload's writer replaced it, 2 after the update workload). Every value
 * starts with its key and generation, so a reader can tell at once that it
 * got the right row. */
static void make_val(uint64_t key, unsigned gen, uint8_t *out, size_t len)
{
    memcpy(out, &key, 8);
    out[8] = (uint8_t)gen;
    if (len <= 256) {
        uint64_t s = key * 0x2545f4914f6cdd1dULL ^ ((uint64_t)gen << 56) ^ seed;
        for (size_t i = 9; i < len; i += 8) {
            uint64_t r = splitmix(&s);
            memcpy(out + i, &r, len - i < 8 ? len - i : 8);
        }
    } else {
        size_t off = (size_t)((key * 64 + gen * 8) % (PATTERN_BYTES - len + 1));
        memcpy(out + 9, pattern + off, len - 9);
    }
}

static int header_ok(uint64_t key, const uint8_t *val, size_t len)
{
    uint64_t k;
    if (len < 9) return 0;
    memcpy(&k, val, 8);
    return k == key;
}

/* A permutation of 0..n-1 from a fixed seed. */
static uint64_t *permutation(uint64_t n, uint64_t s)
{
    uint64_t *p = malloc((n ? n : 1) * sizeof(uint64_t));
    if (!p) { perror("malloc"); exit(2); }
    for (uint64_t i = 0; i < n; i++) p[i] = i;
    for (uint64_t i = n; i > 1; i--) {
        uint64_t j = below(&s, i), t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- verification ------------------------------------------------------ */

#define ABSENT 0xff

struct scan_check {
    uint64_t rows;
    uint64_t last;
    int bad_order;
    int bad_header;
    uint64_t bad_key;
};

static int scan_check_fn(void *ctx, uint64_t key, const uint8_t *val, size_t len)
{
    struct scan_check *sc = ctx;
    if (sc->rows > 0 && key <= sc->last && !sc->bad_order) { sc->bad_order = 1; sc->bad_key = key; }
    if (!header_ok(key, val, len) && !sc->bad_header) { sc->bad_header = 1; sc->bad_key = key; }
    sc->last = key;
    sc->rows++;
    return 0;
}

/* Checks a table against the model: gens[k] is key k's generation or ABSENT,
 * for keys 0..nkeys-1; expect rows in all. With full, counts every row of the
 * table and of its secondary index; always compares a sample of values byte
 * for byte. Workloads that change nothing (lookups, reading long values back)
 * check the sample only: their data was counted after the workload that
 * wrote it, and the scan workload counts it again as it goes. */
static void verify(const char *workload, conn *c, enum table t, const uint8_t *gens, uint64_t nkeys,
                   uint64_t expect, size_t vlen, uint64_t sample_seed, int full)
{
    struct scan_check sc = {0};
    uint64_t nsec = 0;
    uint8_t *buf = malloc(vlen + 16), *want = malloc(vlen + 16);
    uint8_t sec[SEC_BYTES];
    if (!buf || !want) { perror("malloc"); exit(2); }

    /* An engine that cannot scan yet (its cursor movement is not built) is
     * checked key by key instead: every key of the model is looked up by
     * primary key and through the secondary index, which checks more than
     * the counts do. */
    int exhaustive = 0;
    TRY(workload, ENGINE.begin(c, TX_READ));
    if (full && (ENGINE.scan(c, t, scan_check_fn, &sc) < 0 || ENGINE.count_sec(c, t, &nsec) < 0)) {
        if (!take_not_built()) die_engine(workload);
        exhaustive = 1;
    }
    if (full && !exhaustive) {
        if (sc.rows != expect) die_verify(workload, "table has %" PRIu64 " rows, expected %" PRIu64, sc.rows, expect);
        if (nsec != expect) die_verify(workload, "secondary index has %" PRIu64 " entries, expected %" PRIu64, nsec, expect);
        if (sc.bad_order) die_verify(workload, "scan not in key order at key %" PRIu64, sc.bad_key);
        if (sc.bad_header) die_verify(workload, "row with key %" PRIu64 " holds another key's value", sc.bad_key);
    }

    uint64_t s = sample_seed, rows = 0;
    uint64_t n = exhaustive ? nkeys : n_sample < nkeys ? n_sample : nkeys;
    for (uint64_t i = 0; i < n + 2 && nkeys > 0; i++) {
        uint64_t k = i == n ? 0 : i == n + 1 ? nkeys - 1 : exhaustive ? i : below(&s, nkeys);
        size_t len = 0;
        uint64_t got_key = 0;
        int rc = ENGINE.get(c, t, k, buf, vlen + 16, &len);
        TRY(workload, rc);
        if (gens[k] == ABSENT) {
            if (rc != B_NOTFOUND) die_verify(workload, "deleted key %" PRIu64 " still found", k);
        } else {
            if (rc == B_NOTFOUND) die_verify(workload, "key %" PRIu64 " not found", k);
            make_val(k, gens[k], want, vlen);
            if (len != vlen || memcmp(buf, want, vlen) != 0)
                die_verify(workload, "key %" PRIu64 ": wrong value (%zu bytes)", k, len);
            if (i < n) rows++;
        }
        make_sec(k, sec);
        rc = ENGINE.get_sec(c, t, sec, &got_key, buf, vlen + 16, &len);
        TRY(workload, rc);
        if (gens[k] == ABSENT) {
            if (rc != B_NOTFOUND) die_verify(workload, "deleted key %" PRIu64 " still in the secondary index", k);
        } else {
            if (rc == B_NOTFOUND) die_verify(workload, "key %" PRIu64 " missing from the secondary index", k);
            if (got_key != k || len != vlen || memcmp(buf, want, vlen) != 0)
                die_verify(workload, "secondary lookup of key %" PRIu64 " returned key %" PRIu64, k, got_key);
        }
    }
    if (exhaustive && rows != expect)
        die_verify(workload, "%" PRIu64 " keys found, expected %" PRIu64, rows, expect);
    TRY(workload, ENGINE.commit(c));
    free(buf);
    free(want);
}

static void verify_table(const char *workload, conn *c, enum table t, const uint8_t *gens,
                         uint64_t nkeys, uint64_t expect, size_t vlen, uint64_t sample_seed)
{
    verify(workload, c, t, gens, nkeys, expect, vlen, sample_seed, 1);
}

static void verify_sample(const char *workload, conn *c, enum table t, const uint8_t *gens,
                          uint64_t nkeys, uint64_t expect, size_t vlen, uint64_t sample_seed)
{
    verify(workload, c, t, gens, nkeys, expect, vlen, sample_seed, 0);
}

/* ---- workloads --------------------------------------------------------- */

static engine *eng;
static uint8_t *gens; /* the model: generation of each key, or ABSENT */

static void open_fresh(const char *workload)
{
    TRY(workload, ENGINE.create(&cfg, &eng));
}

/* Inserts rows 0..n-1 (in the order of keys[], or in key order if NULL),
 * LOAD_BATCH rows a lazy transaction. */
static void load(const char *workload, conn *c, const uint64_t *keys, uint64_t n)
{
    uint8_t val[VAL_BYTES], sec[SEC_BYTES];
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = keys ? keys[i] : i;
        if (i % LOAD_BATCH == 0) TRY(workload, ENGINE.begin(c, TX_LAZY));
        make_sec(k, sec);
        make_val(k, 0, val, VAL_BYTES);
        TRY(workload, ENGINE.insert(c, T_MAIN, k, sec, val, VAL_BYTES));
        if (i % LOAD_BATCH == LOAD_BATCH - 1 || i == n - 1) TRY(workload, ENGINE.commit(c));
    }
}

static void group_load(int random_order)
{
    const char *w = random_order ? "load_rand" : "load_seq";
    conn *c;
    uint64_t *keys = random_order ? permutation(n_rows, seed ^ 0x10ad) : NULL;
    open_fresh(w);
    TRY(w, ENGINE.conn_open(eng, &c));
    double t0 = now();
    load(w, c, keys, n_rows);
    double t1 = now();
    memset(gens, 0, n_rows);
    verify_table(w, c, T_MAIN, gens, n_rows, n_rows, VAL_BYTES, seed ^ 1);
    result(w, n_rows, t1 - t0);
    TRY(w, ENGINE.conn_close(c));
    TRY(w, ENGINE.close(eng));
    free(keys);
}

/* Durable single-row transactions from several threads at once. */
struct durable_arg {
    int id, nthreads;
    uint64_t per_thread;
    const char *workload;
    pthread_barrier_t *start;
    int failed;
};

static void *durable_thread(void *p)
{
    struct durable_arg *a = p;
    conn *c = NULL;
    uint8_t val[VAL_BYTES], sec[SEC_BYTES];
    if (ENGINE.conn_open(eng, &c) < 0) a->failed = 1;
    pthread_barrier_wait(a->start);
    for (uint64_t i = 0; i < a->per_thread && !a->failed; i++) {
        uint64_t k = i * (uint64_t)a->nthreads + (uint64_t)a->id;
        make_sec(k, sec);
        make_val(k, 0, val, VAL_BYTES);
        if (ENGINE.begin(c, TX_DURABLE) < 0 || ENGINE.insert(c, T_MAIN, k, sec, val, VAL_BYTES) < 0 ||
            ENGINE.commit(c) < 0)
            a->failed = 1;
    }
    if (c && ENGINE.conn_close(c) < 0) a->failed = 1;
    return NULL;
}

static void group_durable(int nthreads)
{
    char w[32];
    snprintf(w, sizeof(w), "durable_%dt", nthreads);
    uint64_t per = n_durable / (uint64_t)nthreads, total = per * (uint64_t)nthreads;
    pthread_t th[16];
    struct durable_arg args[16];
    pthread_barrier_t start;
    if (nthreads < 1 || nthreads > 16) { fprintf(stderr, "bad thread count\n"); exit(2); }
    open_fresh(w);
    pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1);
    for (int i = 0; i < nthreads; i++) {
        args[i] = (struct durable_arg){i, nthreads, per, w, &start, 0};
        pthread_create(&th[i], NULL, durable_thread, &args[i]);
    }
    pthread_barrier_wait(&start);
    double t0 = now();
    for (int i = 0; i < nthreads; i++) pthread_join(th[i], NULL);
    double t1 = now();
    for (int i = 0; i < nthreads; i++)
        if (args[i].failed) die_engine(w);
    conn *c;
    TRY(w, ENGINE.conn_open(eng, &c));
    memset(gens, 0, total);
    verify_table(w, c, T_MAIN, gens, total, total, VAL_BYTES, seed ^ 2);
    result(w, total, t1 - t0);
    TRY(w, ENGINE.conn_close(c));
    TRY(w, ENGINE.close(eng));
}

/* Random point lookups by primary key (by_sec=0) or through the secondary
 * index (by_sec=1), READ_BATCH a read-only transaction. */
static void lookups(const char *w, conn *c, int by_sec)
{
    uint8_t buf[VAL_BYTES + 16], sec[SEC_BYTES];
    uint64_t s = seed ^ (by_sec ? 0x5ec : 0x9e7), found = 0;
    double t0 = now();
    for (uint64_t i = 0; i < n_lookups; i++) {
        uint64_t k = below(&s, n_rows), got = k;
        size_t len = 0;
        int rc;
        if (i % READ_BATCH == 0) TRY(w, ENGINE.begin(c, TX_READ));
        if (by_sec) {
            make_sec(k, sec);
            rc = ENGINE.get_sec(c, T_MAIN, sec, &got, buf, sizeof(buf), &len);
        } else {
            rc = ENGINE.get(c, T_MAIN, k, buf, sizeof(buf), &len);
        }
        TRY(w, rc);
        if (rc == B_OK && got == k && len == VAL_BYTES && header_ok(k, buf, len)) found++;
        if (i % READ_BATCH == READ_BATCH - 1 || i == n_lookups - 1) TRY(w, ENGINE.commit(c));
    }
    double t1 = now();
    if (found != n_lookups)
        die_verify(w, "%" PRIu64 " of %" PRIu64 " lookups returned the right row", found, n_lookups);
    verify_sample(w, c, T_MAIN, gens, n_rows, n_rows, VAL_BYTES, seed ^ 3);
    result(w, n_lookups, t1 - t0);
}

static void full_scan(const char *w, conn *c)
{
    struct scan_check sc = {0};
    double t0 = now();
    TRY(w, ENGINE.begin(c, TX_READ));
    TRY(w, ENGINE.scan(c, T_MAIN, scan_check_fn, &sc));
    TRY(w, ENGINE.commit(c));
    double t1 = now();
    if (sc.rows != n_rows || sc.bad_order || sc.bad_header)
        die_verify(w, "scan saw %" PRIu64 " rows (expected %" PRIu64 "), order %s, values %s", sc.rows,
                   n_rows, sc.bad_order ? "wrong" : "ok", sc.bad_header ? "wrong" : "ok");
    result(w, sc.rows, t1 - t0);
}

/* Random updates of the value, UPDATE_BATCH a lazy transaction. */
static void updates(const char *w, conn *c, uint64_t n, unsigned gen, uint64_t s)
{
    uint8_t val[VAL_BYTES];
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = below(&s, n_rows);
        if (i % UPDATE_BATCH == 0) TRY(w, ENGINE.begin(c, TX_LAZY));
        make_val(k, gen, val, VAL_BYTES);
        TRY(w, ENGINE.update(c, T_MAIN, k, val, VAL_BYTES));
        gens[k] = (uint8_t)gen;
        if (i % UPDATE_BATCH == UPDATE_BATCH - 1 || i == n - 1) TRY(w, ENGINE.commit(c));
    }
}

/* 2 readers and 1 writer at the same time, for mixed_secs. */
static volatile int mixed_stop;
struct mixed_arg {
    int id;
    uint64_t ops;
    int failed;
    int wrong;
    pthread_barrier_t *start;
};

static void *mixed_reader(void *p)
{
    struct mixed_arg *a = p;
    conn *c = NULL;
    uint8_t buf[VAL_BYTES + 16];
    uint64_t s = seed ^ (0xeade0000ULL + (uint64_t)a->id);
    if (ENGINE.conn_open(eng, &c) < 0) a->failed = 1;
    pthread_barrier_wait(a->start);
    while (!a->failed && !__atomic_load_n(&mixed_stop, __ATOMIC_RELAXED)) {
        if (ENGINE.begin(c, TX_READ) < 0) { a->failed = 1; break; }
        for (int i = 0; i < READ_BATCH; i++) {
            uint64_t k = below(&s, n_rows);
            size_t len = 0;
            int rc = ENGINE.get(c, T_MAIN, k, buf, sizeof(buf), &len);
            if (rc < 0) { a->failed = 1; break; }
            if (rc != B_OK || len != VAL_BYTES || !header_ok(k, buf, len)) a->wrong++;
            a->ops++;
        }
        if (!a->failed && ENGINE.commit(c) < 0) a->failed = 1;
    }
    if (c && ENGINE.conn_close(c) < 0) a->failed = 1;
    return NULL;
}

static void *mixed_writer(void *p)
{
    struct mixed_arg *a = p;
    conn *c = NULL;
    uint8_t val[VAL_BYTES];
    uint64_t s = seed ^ 0x3417e;
    if (ENGINE.conn_open(eng, &c) < 0) a->failed = 1;
    pthread_barrier_wait(a->start);
    while (!a->failed && !__atomic_load_n(&mixed_stop, __ATOMIC_RELAXED)) {
        if (ENGINE.begin(c, TX_LAZY) < 0) { a->failed = 1; break; }
        for (int i = 0; i < UPDATE_BATCH; i++) {
            uint64_t k = below(&s, n_rows);
            make_val(k, 1, val, VAL_BYTES);
            if (ENGINE.update(c, T_MAIN, k, val, VAL_BYTES) < 0) { a->failed = 1; break; }
            gens[k] = 1;
            a->ops++;
        }
        if (!a->failed && ENGINE.commit(c) < 0) a->failed = 1;
    }
    if (c && ENGINE.conn_close(c) < 0) a->failed = 1;
    return NULL;
}

static void mixed(conn *c)
{
    const char *w = "mixed_read";
    pthread_t th[3];
    struct mixed_arg args[3];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 4);
    mixed_stop = 0;
    for (int i = 0; i < 3; i++) {
        args[i] = (struct mixed_arg){i, 0, 0, 0, &start};
        pthread_create(&th[i], NULL, i < 2 ? mixed_reader : mixed_writer, &args[i]);
    }
    pthread_barrier_wait(&start);
    double t0 = now();
    struct timespec ts = {(time_t)mixed_secs, (long)((mixed_secs - (double)(time_t)mixed_secs) * 1e9)};
    nanosleep(&ts, NULL);
    __atomic_store_n(&mixed_stop, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
    double t1 = now();
    for (int i = 0; i < 3; i++)
        if (args[i].failed) die_engine(i < 2 ? "mixed_read" : "mixed_write");
    if (args[0].wrong || args[1].wrong)
        die_verify(w, "%d reads returned a missing or wrong row", args[0].wrong + args[1].wrong);
    verify_table(w, c, T_MAIN, gens, n_rows, n_rows, VAL_BYTES, seed ^ 4);
    result("mixed_read", args[0].ops + args[1].ops, t1 - t0);
    result("mixed_write", args[2].ops, t1 - t0);
}

static void group_main(void)
{
    const char *w = "main_setup";
    conn *c;
    open_fresh(w);
    TRY(w, ENGINE.conn_open(eng, &c));
    load(w, c, NULL, n_rows); /* untimed: load_seq times the same load on its own */
    memset(gens, 0, n_rows);
    verify_table(w, c, T_MAIN, gens, n_rows, n_rows, VAL_BYTES, seed ^ 9);

    lookups("lookup_pk", c, 0);
    lookups("lookup_sec", c, 1);
    full_scan("scan", c);
    mixed(c);

    w = "update";
    double t0 = now();
    updates(w, c, n_updates, 2, seed ^ 0xda7e);
    double t1 = now();
    verify_table(w, c, T_MAIN, gens, n_rows, n_rows, VAL_BYTES, seed ^ 5);
    result(w, n_updates, t1 - t0);

    w = "delete";
    uint64_t nd = n_deletes < n_rows ? n_deletes : n_rows;
    uint64_t *victims = permutation(n_rows, seed ^ 0xde1e7e);
    t0 = now();
    for (uint64_t i = 0; i < nd; i++) {
        if (i % UPDATE_BATCH == 0) TRY(w, ENGINE.begin(c, TX_LAZY));
        TRY(w, ENGINE.del(c, T_MAIN, victims[i]));
        gens[victims[i]] = ABSENT;
        if (i % UPDATE_BATCH == UPDATE_BATCH - 1 || i == nd - 1) TRY(w, ENGINE.commit(c));
    }
    t1 = now();
    verify_table(w, c, T_MAIN, gens, n_rows, n_rows - nd, VAL_BYTES, seed ^ 6);
    result(w, nd, t1 - t0);
    free(victims);

    TRY(w, ENGINE.conn_close(c));
    TRY(w, ENGINE.close(eng));
}

/* 64 KiB values: written LONG_BATCH a lazy transaction, then all read back in
 * random order. */
static void group_long(void)
{
    const char *w = "long_write";
    conn *c;
    uint8_t *val = malloc(LONG_VAL_BYTES + 16), sec[SEC_BYTES];
    if (!val) { perror("malloc"); exit(2); }
    open_fresh(w);
    TRY(w, ENGINE.conn_open(eng, &c));
    double t0 = now();
    for (uint64_t i = 0; i < n_long; i++) {
        if (i % LONG_BATCH == 0) TRY(w, ENGINE.begin(c, TX_LAZY));
        make_sec(i, sec);
        make_val(i, 0, val, LONG_VAL_BYTES);
        TRY(w, ENGINE.insert(c, T_LONG, i, sec, val, LONG_VAL_BYTES));
        if (i % LONG_BATCH == LONG_BATCH - 1 || i == n_long - 1) TRY(w, ENGINE.commit(c));
    }
    double t1 = now();
    memset(gens, 0, n_long);
    verify_table(w, c, T_LONG, gens, n_long, n_long, LONG_VAL_BYTES, seed ^ 7);
    result(w, n_long, t1 - t0);

    w = "long_read";
    uint64_t *order = permutation(n_long, seed ^ 0x10e6), good = 0;
    t0 = now();
    for (uint64_t i = 0; i < n_long; i++) {
        size_t len = 0;
        if (i % LONG_BATCH == 0) TRY(w, ENGINE.begin(c, TX_READ));
        int rc = ENGINE.get(c, T_LONG, order[i], val, LONG_VAL_BYTES + 16, &len);
        TRY(w, rc);
        if (rc == B_OK && len == LONG_VAL_BYTES && header_ok(order[i], val, len)) good++;
        if (i % LONG_BATCH == LONG_BATCH - 1 || i == n_long - 1) TRY(w, ENGINE.commit(c));
    }
    t1 = now();
    if (good != n_long) die_verify(w, "%" PRIu64 " of %" PRIu64 " long values read back right", good, n_long);
    verify_sample(w, c, T_LONG, gens, n_long, n_long, LONG_VAL_BYTES, seed ^ 8);
    result(w, n_long, t1 - t0);
    free(order);
    free(val);
    TRY(w, ENGINE.conn_close(c));
    TRY(w, ENGINE.close(eng));
}

/* Peak resident memory of this process since exec (VmHWM). The rusage that
 * wait4 reports also counts what the parent (the Python harness) had
 * resident when it forked us, so the harness reads this line instead. */
static void report_peak_memory(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    if (!f) return;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "VmHWM:", 6)) printf("INFO peak_rss_kib %ld\n", strtol(line + 6, NULL, 10));
    fclose(f);
    fflush(stdout);
}

/* ---- command line ------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr,
            "usage: bench-%s --dir DIR --group load_seq|load_rand|durable|main|long [options]\n"
            "  --rows N --lookups N --updates N --deletes N --durable-ops N --threads N\n"
            "  --mixed-secs S --long-rows N --seed N --sample N\n"
            "  --page-size BYTES --log-file-kib N --log-buffer-kib N --cache-mib N\n",
            ENGINE.name);
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        uint64_t n = strtoull(v, NULL, 0);
        if (!strcmp(a, "--dir")) cfg.dir = v;
        else if (!strcmp(a, "--group")) group = v;
        else if (!strcmp(a, "--rows")) n_rows = n;
        else if (!strcmp(a, "--lookups")) n_lookups = n;
        else if (!strcmp(a, "--updates")) n_updates = n;
        else if (!strcmp(a, "--deletes")) n_deletes = n;
        else if (!strcmp(a, "--durable-ops")) n_durable = n;
        else if (!strcmp(a, "--threads")) durable_threads = (int)n;
        else if (!strcmp(a, "--mixed-secs")) mixed_secs = strtod(v, NULL);
        else if (!strcmp(a, "--long-rows")) n_long = n;
        else if (!strcmp(a, "--seed")) seed = n;
        else if (!strcmp(a, "--sample")) n_sample = n;
        else if (!strcmp(a, "--page-size")) cfg.page_size = (int)n;
        else if (!strcmp(a, "--log-file-kib")) cfg.log_file_kib = (int)n;
        else if (!strcmp(a, "--log-buffer-kib")) cfg.log_buffer_kib = (int)n;
        else if (!strcmp(a, "--cache-mib")) cfg.cache_mib = (int)n;
        else usage();
    }
    if (!cfg.dir || !group || n_rows == 0) usage();

    pattern = malloc(PATTERN_BYTES);
    uint64_t rows_max = n_rows > n_durable ? n_rows : n_durable;
    if (n_long > rows_max) rows_max = n_long;
    gens = calloc(rows_max, 1);
    if (!pattern || !gens) { perror("malloc"); return 2; }
    uint64_t s = seed ^ 0xfa77e7;
    for (size_t i = 0; i < PATTERN_BYTES; i += 8) {
        uint64_t r = splitmix(&s);
        memcpy(pattern + i, &r, 8);
    }

    printf("INFO version %s\n", ENGINE.version());
    atexit(report_peak_memory);
    if (!strcmp(group, "load_seq")) group_load(0);
    else if (!strcmp(group, "load_rand")) group_load(1);
    else if (!strcmp(group, "durable")) group_durable(durable_threads);
    else if (!strcmp(group, "main")) group_main();
    else if (!strcmp(group, "long")) group_long();
    else usage();
    return 0;
}
