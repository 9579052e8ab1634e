using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Models;

/// <summary>
/// Valkey 9.1 (memory-model.md §12, valkey 9.1.2 object.c, t_zset.c, entry.c): the 8.1 layout (<see cref="Valkey81Model"/>)
/// with three changes. An embedded string value takes over the robj's 8-byte pointer slot and may be up to 128 bytes
/// with the key; a sorted set's member lives in its skiplist node, whose list header is the zskiplist struct itself; a
/// hash field with a TTL carries it in an 8-byte prefix of its entry.
/// </summary>
internal static class Valkey91Model
{
    /// <summary>The robj without its pointer slot: type, encoding, LRU, refcount and flags.</summary>
    private const int RobjHeadBytes = 8;
    /// <summary>shouldEmbedStringObject: the value is at most 255 bytes and the whole object at most 128.</summary>
    private const int EmbedValueLimit = 255;
    private const int EmbedObjectLimit = 128;
    /// <summary>The zskiplist is its own header node: 32 bytes of list fields and 31 further levels of 16 bytes.</summary>
    public const int SkiplistHeaderBytes = 32 + 31 * 16;

    public static void Estimate(ValueFacts f, ModelContext c, ref KeyEstimate e) => Valkey81Model.Estimate(f, c, valkey91: true, ref e);

    /// <summary>A plain string key (the string branch, callable without <see cref="ValueFacts"/>): 8.1's, with 9.1's object.</summary>
    public static void EstimateString(long keyLength, bool hasTtl, RdbScalar s, ModelContext c, ref KeyEstimate e) =>
        Valkey81Model.EstimateString(keyLength, hasTtl, s, c, valkey91: true, ref e);

    /// <summary>The object holding key, expire and, when it fits, the value; the value's sds when it does not.</summary>
    internal static ValueEncoding StringObject(long keyLength, RdbScalar s, ModelContext c, bool ttl, out long obj, out long payload)
    {
        payload = 0;
        if (s.IsInteger)
        {
            obj = Valkey81Model.PlainObject(keyLength, ttl, c);
            return ValueEncoding.Int;
        }
        // The key's real sds header counts (8.1 assumed one byte); the value is an sdshdr8 in place of the pointer.
        long key = 1 + Sds.MinBytes(keyLength, valkey: true);
        long value = 3 + s.Length + 1;
        long expire = ttl ? 8 : 0;
        if (s.Length <= EmbedValueLimit && RobjHeadBytes + key + expire + value <= EmbedObjectLimit)
        {
            obj = c.J(RobjHeadBytes + expire + key + Math.Max(8, value));
            return ValueEncoding.Embstr;
        }
        obj = Valkey81Model.PlainObject(keyLength, ttl, c);
        payload = c.SdsAlloc(s.Length, valkey: true);
        return ValueEncoding.Raw;
    }

    /// <summary>
    /// A skiplist sorted set: the zset struct, its hashtable (pre-sized on load, as 8.1), the header node and one node per
    /// member holding the member (<see cref="ValueFacts.ZsetNodes91"/>), with no separate member sds.
    /// </summary>
    public static long SkiplistPayload(ValueFacts f, ModelContext c) =>
        c.J(Skiplist.ZsetStructBytes) + Valkey81Model.Table(f.Count, c) + c.J(SkiplistHeaderBytes) + (long)Math.Round(f.ZsetNodes91);

    /// <summary>
    /// One hash entry (entry.c entryReqSize): 8.1's entry, and for a field with a TTL an 8-byte expiry in front and a field
    /// header of at least type 8. Whether the prefix counts toward the 128-byte embedding limit is read from the size the
    /// entry requests, which includes it (an inference, not measured: snapshots from other engines carry no such fields).
    /// </summary>
    public static long HashEntryBytes(long fieldLength, long valueLength, bool fieldTtl, ModelContext c)
    {
        if (!fieldTtl) return Valkey81Model.HashEntryBytes(fieldLength, valueLength, c);
        long field = Sds.MinBytesType8(fieldLength);
        if (8 + field + 3 + valueLength + 1 <= Valkey81Model.HashEmbedLimit) return c.J(8 + field + valueLength + 4);
        return c.J(8 + 8 + field) + c.SdsAlloc(valueLength, valkey: true);
    }
}
