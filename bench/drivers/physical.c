/*
 * physical.c: the disk's own limits, measured in the directory the engines
 * write to, so the engines' numbers can be read as a fraction of them.
 *
 *   fsync: 4 KiB written over a preallocated file, then fdatasync, again and
 *          again for the given seconds (what a durable commit of a small
 *          transaction costs at least: SQLite and LMDB call fdatasync too).
 *   seqwrite: the given MiB written in 1 MiB blocks to a new file, then one
 *          fdatasync; the time includes the sync. Skipped when MiB is 0.
 *
 * Prints "RESULT fsync ops=<n> secs=<s>" and "RESULT seq_write ops=<bytes> secs=<s>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: physical DIR FSYNC_SECONDS SEQ_WRITE_MIB\n");
        return 2;
    }
    const char *dir = argv[1];
    double secs = strtod(argv[2], NULL);
    long mib = strtol(argv[3], NULL, 10);
    char path[4096];
    static char block[1 << 20];
    for (size_t i = 0; i < sizeof(block); i++) block[i] = (char)(i * 131 + 7);

    snprintf(path, sizeof(path), "%s/fsync.probe", dir);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0) die("open");
    if (pwrite(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block)) die("pwrite");
    if (fsync(fd) != 0) die("fsync");
    long n = 0;
    double t0 = now(), t1;
    do {
        if (pwrite(fd, block, 4096, (off_t)(n % 256) * 4096) != 4096) die("pwrite");
        if (fdatasync(fd) != 0) die("fdatasync");
        n++;
        t1 = now();
    } while (t1 - t0 < secs);
    close(fd);
    unlink(path);
    printf("RESULT fsync ops=%ld secs=%.6f\n", n, t1 - t0);

    if (mib <= 0) return 0;
    snprintf(path, sizeof(path), "%s/seqwrite.probe", dir);
    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) die("open");
    t0 = now();
    for (long i = 0; i < mib; i++)
        if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) die("write");
    if (fdatasync(fd) != 0) die("fdatasync");
    t1 = now();
    close(fd);
    unlink(path);
    printf("RESULT seq_write ops=%ld secs=%.6f\n", mib << 20, t1 - t0);
    return 0;
}
