namespace RdbPlanner.Memory.Layout;

/// <summary>
/// sds string sizes (memory-model.md §2.1). Strings loaded from an RDB are exact-sized: header + body + NUL.
/// Redis 7.x picks the header by the string length; Valkey 8.x+ switches type one step earlier because it
/// checks that the rounded allocation still fits the type's alloc field (sds.c sdsReqType, valkey 8.0.1).
/// </summary>
public static class Sds
{
    public static int Header(long length, bool valkey)
    {
        if (length == 0) return 3; // sdsnewlen forces type 8 for empty strings
        if (length < 32) return 1;
        if (valkey)
        {
            if (length <= 252) return 3;
            if (length <= 65530) return 5;
            if (length <= 4294967295L - 9) return 9;
            return 17;
        }
        if (length < 256) return 3;
        if (length < 65536) return 5;
        if (length < 4294967296L) return 9;
        return 17;
    }

    /// <summary>m(L): header + body + NUL, before allocator rounding.</summary>
    public static long MinBytes(long length, bool valkey) => Header(length, valkey) + length + 1;

    /// <summary>S(L) = J(m(L)): a standalone sds allocation.</summary>
    public static long Alloc(long length, bool valkey, AllocatorKind kind) => Jemalloc.Size(MinBytes(length, valkey), kind);

    /// <summary>m8(L): as <see cref="MinBytes"/> but with at least an sdshdr8 header (Valkey 8.1 hash-entry fields).</summary>
    public static long MinBytesType8(long length) => Math.Max(Header(length, valkey: true), 3) + length + 1;
}
