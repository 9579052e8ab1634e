// How much does getting a page-cached file's bytes into user space cost, by read(2) into one 1 MiB buffer against
// mmap(2)? Both then load one byte per 64-byte line (or per 4 KiB page, mode 5: the mapping's own cost alone).
// Build: cc -O2 -o /tmp/read-vs-mmap bench/probes/read-vs-mmap.c
// Run:   /tmp/read-vs-mmap FILE MODE    (warm the page cache first, e.g. cat FILE > /dev/null)
// MODE:  0 read(2) in 1 MiB chunks; 1 mmap; 2 mmap + MAP_POPULATE; 3 mmap + MADV_HUGEPAGE; 4 mmap + MADV_SEQUENTIAL;
//        5 mmap, one byte per 4 KiB page
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s FILE MODE\n", argv[0]); return 2; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
    size_t size = (size_t)st.st_size;
    int mode = atoi(argv[2]);
    unsigned long sum = 0;
    double start = seconds();
    if (mode == 0) {
        static unsigned char buffer[1 << 20];
        ssize_t got;
        while ((got = read(fd, buffer, sizeof buffer)) > 0)
            for (ssize_t i = 0; i < got; i += 64) sum += buffer[i];
    } else {
        int flags = MAP_PRIVATE | (mode == 2 ? MAP_POPULATE : 0);
        unsigned char *map = mmap(NULL, size, PROT_READ, flags, fd, 0);
        if (map == MAP_FAILED) { perror("mmap"); return 2; }
        if (mode == 3) madvise(map, size, MADV_HUGEPAGE);
        if (mode == 4) madvise(map, size, MADV_SEQUENTIAL);
        size_t step = mode == 5 ? 4096 : 64;
        for (size_t i = 0; i < size; i += step) sum += map[i];
        munmap(map, size);
    }
    printf("mode %d: %.3f s (checksum bit %lu)\n", mode, seconds() - start, sum & 1);
    return 0;
}
