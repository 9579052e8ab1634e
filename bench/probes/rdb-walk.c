// What is the hardware floor of walking a Redis RDB file on one core? Reads the whole file into malloc'd memory with
// read(2) in 1 MiB chunks, then walks every record doing only what an analysis needs per key (count by type, cluster
// slot of the key, sum of key + value lengths) and skipping values without decoding them (LZF is skipped, not
// inflated; listpacks/ziplists/intsets are opaque). CRC-64 of the file is a separate pass, so each cost stands alone.
// Build: gcc -O2 -march=native -o /tmp/rdb-walk bench/probes/rdb-walk.c
// Run:   taskset -c 0 /tmp/rdb-walk FILE    (warm the page cache first, e.g. cat FILE > /dev/null)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// ---- the walk cursor: one global pair so the hot helpers inline to plain pointer bumps ----
static const uint8_t *base, *p, *end;

static _Noreturn void fail(const char *why)
{
    fprintf(stderr, "bad RDB at offset %zu: %s\n", (size_t)(p - base), why);
    exit(1);
}

static inline void need(uint64_t n) { if ((uint64_t)(end - p) < n) fail("truncated"); }
static inline void skip(uint64_t n) { need(n); p += n; }

// Length encoding (rdb.h): top two bits 00 = 6-bit, 01 = 14-bit, 10 = 0x80 32-bit / 0x81 64-bit big-endian,
// 11 = "special" string encoding whose kind is the low six bits (then *enc = 1).
static inline uint64_t load_len(int *enc)
{
    need(1);
    uint8_t b = *p++;
    *enc = 0;
    switch (b >> 6) {
    case 0: return b & 0x3f;
    case 1: need(1); return ((uint64_t)(b & 0x3f) << 8) | *p++;
    case 2:
        if (b == 0x80) { uint32_t v; need(4); memcpy(&v, p, 4); p += 4; return __builtin_bswap32(v); }
        if (b == 0x81) { uint64_t v; need(8); memcpy(&v, p, 8); p += 8; return __builtin_bswap64(v); }
        fail("bad length prefix");
    default: *enc = 1; return b & 0x3f;
    }
}

static inline uint64_t len(void)
{
    int enc;
    uint64_t n = load_len(&enc);
    if (enc) fail("string encoding where a length belongs");
    return n;
}

// Skip one string, returning its logical length: raw = byte count, int8/16/32 = 1/2/4 (their stored width),
// LZF = uncompressed length (only the compressed bytes are stepped over).
static inline uint64_t skip_str(void)
{
    int enc;
    uint64_t n = load_len(&enc);
    if (!enc) { skip(n); return n; }
    switch (n) {
    case 0: skip(1); return 1;
    case 1: skip(2); return 2;
    case 2: skip(4); return 4;
    case 3: { uint64_t clen = len(), ulen = len(); skip(clen); return ulen; }
    }
    fail("unknown string encoding");
}

// ---- cluster slot: CRC16-XMODEM (poly 0x1021, init 0, not reflected), byte-at-a-time table ----
static uint16_t crc16_table[256];

static void crc16_init(void)
{
    for (int i = 0; i < 256; i++) {
        uint16_t c = (uint16_t)(i << 8);
        for (int k = 0; k < 8; k++) c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
        crc16_table[i] = c;
    }
}

static inline unsigned slot_of(const uint8_t *k, size_t n)
{
    // Hash tag as Redis does: first '{', then the first '}' after it; empty or unclosed tag = hash the whole key.
    const uint8_t *open = memchr(k, '{', n);
    if (open) {
        const uint8_t *close = memchr(open + 1, '}', n - (size_t)(open + 1 - k));
        if (close && close > open + 1) { k = open + 1; n = (size_t)(close - open - 1); }
    }
    uint16_t c = 0;
    for (size_t i = 0; i < n; i++) c = (uint16_t)(c << 8) ^ crc16_table[((c >> 8) ^ k[i]) & 0xff];
    return c & 16383;
}

// ---- keys need their bytes; rare non-raw keys are rebuilt (int -> decimal text, LZF -> inflated) ----
static uint8_t *scratch;
static size_t scratch_cap;
static uint64_t keys_int, keys_lzf;

static uint8_t *scratch_for(uint64_t n)
{
    if (n > scratch_cap) {
        scratch_cap = n < 4096 ? 4096 : n;
        if (!(scratch = realloc(scratch, scratch_cap))) fail("out of memory");
    }
    return scratch;
}

// LZF format: ctrl < 32 = literal run of ctrl+1 bytes; else back reference of (ctrl>>5)+2 bytes (7 = extended by
// one more length byte) at distance ((ctrl&31)<<8 | next byte) + 1.
static void lzf_inflate(const uint8_t *in, uint64_t clen, uint8_t *out, uint64_t ulen)
{
    const uint8_t *ie = in + clen;
    uint8_t *op = out, *oe = out + ulen;
    while (in < ie) {
        unsigned ctrl = *in++;
        if (ctrl < 32) {
            size_t n = ctrl + 1;
            if ((size_t)(ie - in) < n || (size_t)(oe - op) < n) fail("LZF literal overruns");
            memcpy(op, in, n); in += n; op += n;
        } else {
            size_t n = ctrl >> 5;
            if (n == 7) { if (in >= ie) fail("LZF truncated"); n += *in++; }
            if (in >= ie) fail("LZF truncated");
            size_t dist = ((size_t)(ctrl & 31) << 8 | *in++) + 1;
            n += 2;
            if (dist > (size_t)(op - out) || (size_t)(oe - op) < n) fail("LZF reference out of range");
            for (const uint8_t *ref = op - dist; n--;) *op++ = *ref++;   // may overlap: byte copy on purpose
        }
    }
    if (op != oe) fail("LZF length mismatch");
}

static inline uint64_t read_key(unsigned *slot, int want_slot)
{
    int enc;
    uint64_t n = load_len(&enc);
    if (!enc) {   // the common case: raw bytes, hashed in place
        need(n);
        if (want_slot) *slot = slot_of(p, n);
        p += n;
        return n;
    }
    if (n == 3) {
        uint64_t clen = len(), ulen = len();
        need(clen);
        uint8_t *k = scratch_for(ulen);
        lzf_inflate(p, clen, k, ulen);
        p += clen;
        keys_lzf++;
        if (want_slot) *slot = slot_of(k, ulen);
        return ulen;
    }
    long long v;
    switch (n) {
    case 0: need(1); v = (int8_t)p[0]; p += 1; break;
    case 1: need(2); v = (int16_t)(p[0] | p[1] << 8); p += 2; break;
    case 2: need(4); v = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
            p += 4; break;
    default: fail("unknown key encoding");
    }
    keys_int++;
    char text[24];
    int tn = snprintf(text, sizeof text, "%lld", v);
    if (want_slot) *slot = slot_of((const uint8_t *)text, (size_t)tn);
    return (uint64_t)tn;
}

// Module values (RDB_TYPE_MODULE_2, MODULE_AUX): a stream of typed opcodes ending with EOF (0).
static uint64_t skip_module_values(void)
{
    uint64_t sum = 0;
    for (;;) {
        switch (len()) {
        case 0: return sum;
        case 1: case 2: len(); break;           // SINT, UINT
        case 3: skip(4); sum += 4; break;       // FLOAT
        case 4: skip(8); sum += 8; break;       // DOUBLE
        case 5: sum += skip_str(); break;       // STRING
        default: fail("bad module opcode");
        }
    }
}

static uint64_t skip_stream(int type)
{
    uint64_t sum = 0, n = len();
    while (n--) { sum += skip_str(); sum += skip_str(); }          // master ID key (16 bytes) + listpack
    len(); len(); len();                                           // length, last-id ms, seq
    if (type >= 19) { len(); len(); len(); len(); len(); }         // first id, max-deleted id, entries_added
    uint64_t groups = len();
    while (groups--) {
        sum += skip_str();                                         // group name
        len(); len();                                              // last-delivered id
        if (type >= 19) len();                                     // entries_read
        uint64_t pel = len();
        while (pel--) { skip(16 + 8); len(); }                     // raw id, delivery ms time, delivery count
        uint64_t consumers = len();
        while (consumers--) {
            sum += skip_str();                                     // consumer name
            skip(type >= 21 ? 16 : 8);                             // seen time (+ active time in v3)
            uint64_t cpel = len();
            if (cpel > (uint64_t)(end - p) / 16) fail("consumer PEL overruns");
            p += cpel * 16;                                        // raw ids only: they point into the group PEL
        }
    }
    return sum;
}

// Value of one key by type (rdb.h numbering). Returns the summed logical length of its strings.
static uint64_t skip_value(int type)
{
    uint64_t sum = 0, n;
    switch (type) {
    case 0: case 9: case 10: case 11: case 12: case 13: case 16: case 17: case 20:
        return skip_str();                                         // string, or one opaque blob
    case 1: case 2: case 14:                                       // linked list, hashtable set, quicklist v1
        for (n = len(); n--;) sum += skip_str();
        return sum;
    case 4:                                                        // hashtable hash: field, value pairs
        for (n = len(); n--;) { sum += skip_str(); sum += skip_str(); }
        return sum;
    case 3:                                                        // old zset: score as length-prefixed text
        for (n = len(); n--;) {
            sum += skip_str();
            need(1);
            uint8_t d = *p++;
            if (d < 253) { skip(d); sum += d; }                    // 253/254/255 = nan/+inf/-inf, no payload
        }
        return sum;
    case 5:                                                        // ZSET_2: member + 8-byte binary double
        for (n = len(); n--;) { sum += skip_str(); skip(8); sum += 8; }
        return sum;
    case 18:                                                       // quicklist2: container tag + blob per node
        for (n = len(); n--;) {
            uint64_t tag = len();
            if (tag != 1 && tag != 2) fail("bad quicklist container");
            sum += skip_str();
        }
        return sum;
    case 15: case 19: case 21:
        return skip_stream(type);
    case 7:
        len();                                                     // module id
        return skip_module_values();
    }
    fail("unsupported value type");
}

// ---- CRC-64 Jones (Redis crc64.c): reflected, poly 0xad93d23594c935a9 (reversed 0x95ac9329ac4bc9b5), init 0 ----
static uint64_t crc64_table[8][256];

static void crc64_init(void)
{
    for (int i = 0; i < 256; i++) {
        uint64_t c = (uint64_t)i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x95ac9329ac4bc9b5ULL : c >> 1;
        crc64_table[0][i] = c;
    }
    for (int t = 1; t < 8; t++)
        for (int i = 0; i < 256; i++)
            crc64_table[t][i] = (crc64_table[t - 1][i] >> 8) ^ crc64_table[0][crc64_table[t - 1][i] & 0xff];
}

static uint64_t crc64(uint64_t c, const uint8_t *s, size_t n)
{
    while (n && ((uintptr_t)s & 7)) { c = crc64_table[0][(c ^ *s++) & 0xff] ^ (c >> 8); n--; }
    for (; n >= 8; n -= 8, s += 8) {   // slice-by-8: eight table lookups per 8-byte little-endian word
        uint64_t w;
        memcpy(&w, s, 8);
        c ^= w;
        c = crc64_table[7][c & 0xff] ^ crc64_table[6][(c >> 8) & 0xff] ^ crc64_table[5][(c >> 16) & 0xff] ^
            crc64_table[4][(c >> 24) & 0xff] ^ crc64_table[3][(c >> 32) & 0xff] ^ crc64_table[2][(c >> 40) & 0xff] ^
            crc64_table[1][(c >> 48) & 0xff] ^ crc64_table[0][c >> 56];
    }
    while (n--) c = crc64_table[0][(c ^ *s++) & 0xff] ^ (c >> 8);
    return c;
}

// ---- the walk ----
struct totals {
    uint64_t by_type[22], keys, expires, dbs, bytes;
    uint32_t slots[16384];
};

static const char *type_name[22] = {
    "string", "list", "set", "zset", "hash", "zset_2(skiplist)", "module_pre_ga", "module_2", "?8", "hash_zipmap",
    "list_ziplist", "set_intset", "zset_ziplist", "hash_ziplist", "list_quicklist", "stream_listpacks",
    "hash_listpack", "zset_listpack", "list_quicklist_2", "stream_listpacks_2", "set_listpack", "stream_listpacks_3"};

static void walk(const uint8_t *buf, size_t size, struct totals *t, int want_slot)
{
    memset(t, 0, sizeof *t);
    keys_int = keys_lzf = 0;
    base = p = buf;
    end = buf + size;
    need(9);
    if (memcmp(p, "REDIS", 5) != 0) fail("no REDIS magic");
    p += 9;
    for (;;) {
        need(1);
        uint8_t op = *p++;
        switch (op) {
        case 0xff: return;                                          // EOF (checksum follows)
        case 0xfe: len(); t->dbs++; continue;                       // SELECTDB
        case 0xfd: skip(4); t->expires++; continue;                 // EXPIRETIME (seconds)
        case 0xfc: skip(8); t->expires++; continue;                 // EXPIRETIME_MS
        case 0xfb: len(); len(); continue;                          // RESIZEDB
        case 0xfa: skip_str(); skip_str(); continue;                // AUX
        case 0xf9: skip(1); continue;                               // FREQ
        case 0xf8: len(); continue;                                 // IDLE
        case 0xf7: len(); len(); len(); skip_module_values(); continue;  // MODULE_AUX: id, when-opcode, when
        case 0xf5: skip_str(); continue;                            // FUNCTION2
        }
        if (op > 21 || op == 6 || op == 8) fail("unknown opcode / value type");
        unsigned slot = 0;
        uint64_t kl = read_key(&slot, want_slot);
        t->bytes += kl + skip_value(op);
        t->by_type[op]++;
        t->keys++;
        t->slots[slot]++;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s FILE.rdb\n", argv[0]); return 2; }
    crc16_init();
    crc64_init();
    if (crc64(0, (const uint8_t *)"123456789", 9) != 0xe9c6d914c4b8d9caULL) { fprintf(stderr, "crc64 self-test\n"); return 2; }
    if (slot_of((const uint8_t *)"123456789", 9) != (0x31c3 & 16383)) { fprintf(stderr, "crc16 self-test\n"); return 2; }

    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) { perror("malloc"); return 2; }

    // (a) read(2) in 1 MiB chunks straight into the final buffer; the first pass also pays the page faults of
    // freshly malloc'd memory, so a second pass into the same (now mapped) memory isolates the copy itself.
    double tread[2];
    for (int pass = 0; pass < 2; pass++) {
        double t0 = seconds();
        size_t off = 0;
        if (lseek(fd, 0, SEEK_SET) != 0) { perror("lseek"); return 2; }
        while (off < size) {
            size_t want = size - off < (1u << 20) ? size - off : (1u << 20);
            ssize_t got = read(fd, buf + off, want);
            if (got <= 0) { perror("read"); return 2; }
            off += (size_t)got;
        }
        tread[pass] = seconds() - t0;
    }
    close(fd);

    // (b) walk from memory; once more without the slot hash to show what the hash costs.
    static struct totals t, t2;
    double t0 = seconds();
    walk(buf, size, &t, 1);
    double twalk = seconds() - t0;
    size_t eof_at = (size_t)(p - buf);
    t0 = seconds();
    walk(buf, size, &t2, 0);
    double twalk_noslot = seconds() - t0;

    // (c) CRC-64 over everything before the 8-byte little-endian trailer.
    if (size < 8) { fprintf(stderr, "file too short\n"); return 1; }
    t0 = seconds();
    uint64_t crc = crc64(0, buf, size - 8);
    double tcrc = seconds() - t0;
    uint64_t stored;
    memcpy(&stored, buf + size - 8, 8);

    uint64_t cat[6] = {0};   // string, list, set, zset, hash, stream, as the brief counts them
    for (int i = 0; i < 22; i++) {
        int c = (i == 0) ? 0 : (i == 1 || i == 10 || i == 14 || i == 18) ? 1 : (i == 2 || i == 11 || i == 20) ? 2
              : (i == 3 || i == 5 || i == 12 || i == 17) ? 3 : (i == 4 || i == 9 || i == 13 || i == 16) ? 4
              : (i == 15 || i == 19 || i == 21) ? 5 : -1;
        if (c >= 0) cat[c] += t.by_type[i];
    }
    unsigned used = 0, most = 0;
    for (int s = 0; s < 16384; s++) { used += t.slots[s] != 0; if (t.slots[s] > most) most = t.slots[s]; }

    printf("file %s: %zu bytes, EOF opcode at %zu (%s), %llu dbs, %llu keys, %llu with expiry\n", argv[1], size,
           eof_at - 1, eof_at + 8 == size ? "trailer follows" : "UNEXPECTED", (unsigned long long)t.dbs,
           (unsigned long long)t.keys, (unsigned long long)t.expires);
    for (int i = 0; i < 22; i++)
        if (t.by_type[i]) printf("  type %2d %-20s %10llu\n", i, type_name[i], (unsigned long long)t.by_type[i]);
    printf("  strings %llu lists %llu sets %llu zsets %llu hashes %llu streams %llu\n", (unsigned long long)cat[0],
           (unsigned long long)cat[1], (unsigned long long)cat[2], (unsigned long long)cat[3], (unsigned long long)cat[4],
           (unsigned long long)cat[5]);
    printf("  key+value logical bytes %llu; slots used %u, max keys in a slot %u; int keys %llu, LZF keys %llu\n",
           (unsigned long long)t.bytes, used, most, (unsigned long long)keys_int, (unsigned long long)keys_lzf);
    printf("crc64 %016llx stored %016llx %s\n", (unsigned long long)crc, (unsigned long long)stored,
           crc == stored ? "MATCH" : "MISMATCH");
    printf("read(fresh buffer) %.3f s  read(reused buffer) %.3f s  walk %.3f s  walk(no slot) %.3f s  crc64 %.3f s"
           "  total %.3f s  walk %.1f ns/key  walk %.2f GB/s  crc64 %.2f GB/s\n",
           tread[0], tread[1], twalk, twalk_noslot, tcrc, tread[0] + twalk + tcrc, twalk * 1e9 / (double)t.keys,
           size / twalk / 1e9, size / tcrc / 1e9);
    return crc == stored && t.bytes == t2.bytes ? 0 : 1;
}
