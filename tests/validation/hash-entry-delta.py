#!/usr/bin/env python3
# For valkey81-prerelease.txt: how many more bytes a Valkey build without valkey-io/valkey#1579 spends on the hashtable-
# encoded hashes of the dataset loaded in it than Valkey 8.1.1's layout (the one the valkey-8.1 model follows), field by
# field. Without #1579 an entry is a 16-byte header (value pointer, field offset, padding) plus the field sds, and the
# value is an sds of its own; with it, a field and value whose entry fits 128 bytes share one allocation (the value as
# an sdshdr8), larger ones keep a value pointer and an sds of at least type 8 for the field (valkey 8.1.1 t_hash.c).
# Usage: hash-entry-delta.py PORT   (a server on 127.0.0.1 with the dataset loaded; it is shut down at the end)
# Prints: fields, bytes.
import bisect
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "tools"))
from resp import Conn, encode, parse_info  # noqa: E402  (the fixtures' RESP2 client)

# jemalloc size classes with an 8-byte quantum, to 14 KiB (the fields of these datasets are far smaller).
SIZE_CLASSES = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896,
                1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192, 10240, 12288, 14336]


def allocated(size):
    if size > SIZE_CLASSES[-1]:
        sys.exit(f"an allocation of {size} bytes is beyond this script's size classes")
    return SIZE_CLASSES[bisect.bisect_left(SIZE_CLASSES, size)]


def loaded_sds(length):
    """Bytes of an sds made for a string of this length on load: the smallest header type that holds it, plus NUL."""
    return length + 2 if length < 32 else length + 4 if length < 256 else length + 6


def bytes_without_1579(field, value):
    return allocated(16 + loaded_sds(field)) + allocated(loaded_sds(value))


def bytes_with_1579(field, value):
    embedded = loaded_sds(field) + 3 + value + 1  # the value as an sdshdr8 right after the field
    if embedded <= 128:
        return allocated(embedded)
    return allocated(8 + max(loaded_sds(field), field + 4)) + allocated(loaded_sds(value))


conn = Conn(int(sys.argv[1]))
databases = sorted(int(name[2:]) for name in parse_info(conn.call("INFO", "keyspace")) if name.startswith("db"))
fields, extra = 0, 0
for db in databases:
    conn.call("SELECT", db)
    cursor = b"0"
    while True:
        cursor, keys = conn.call("SCAN", cursor, "COUNT", 1000)
        for key in keys:
            if conn.call("TYPE", key) != "hash" or conn.call("OBJECT", "ENCODING", key) != b"hashtable":
                continue
            pairs = conn.call("HGETALL", key)
            for i in range(0, len(pairs), 2):
                field, value = len(pairs[i]), len(pairs[i + 1])
                extra += bytes_without_1579(field, value) - bytes_with_1579(field, value)
                fields += 1
        if cursor == b"0":
            break
print(fields, extra)
conn.sock.sendall(encode(["SHUTDOWN", "NOSAVE"]))  # the server closes the connection without a reply
conn.close()
