using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Models;

/// <summary>
/// Valkey 8.1 (memory-model.md §4.3, valkey 8.1.1 object.c/t_hash.c): the value robj is the keyspace entry and
/// carries the key (and an 8-byte expire) in its own allocation; collections use the 64-byte-bucket hashtable.
/// </summary>
internal static class Valkey81Model
{
    private const int RobjBytes = 16;
    private const int EmbstrLimit = 44;
    /// <summary>KEY_SIZE_TO_INCLUDE_EXPIRE_THRESHOLD: keys this long always reserve the expire field.</summary>
    private const int KeyLengthReservingExpire = 128;
    /// <summary>EMBED_VALUE_MAX_ALLOC_SIZE: a hash value is embedded in its entry while the entry stays within it.</summary>
    internal const int HashEmbedLimit = 128;

    public static void Estimate(ValueFacts f, ModelContext c, ref KeyEstimate e) => Estimate(f, c, valkey91: false, ref e);

    /// <summary>
    /// Valkey 8.1, or with <paramref name="valkey91"/> Valkey 9.1, which keeps this layout but for the string embedding
    /// rule, sorted-set skiplist nodes and hash-field TTLs (<see cref="Valkey91Model"/>).
    /// </summary>
    internal static void Estimate(ValueFacts f, ModelContext c, bool valkey91, ref KeyEstimate e)
    {
        if (f.Kind == RdbObjectKind.String)
        {
            EstimateString(f.KeyLength, f.HasTtl, f.StringValue, c, valkey91, ref e);
            return;
        }
        e.Elements = f.Count;
        e.LargestElement = f.MaxLength;
        e.ClusterExtraBytes = 0;
        long obj = PlainObject(f.KeyLength, f.HasTtl, c);
        var encoding = EncodingRules.Decide(f, redis70: false, out long compact, valkey91);
        e.EncodingId = encoding;
        e.ValueBytes = Payload(f, c, encoding, compact, valkey91);
        // A collection's payload does not depend on the TTL: the expire adds only its 8 bytes to the object, as rounded.
        long expiry = f.HasTtl ? obj - PlainObject(f.KeyLength, ttl: false, c) : 0;
        e.KeyBytes = obj - expiry;
        e.ExpiryBytes = expiry;
    }

    /// <summary>A plain string key (the string branch, callable without <see cref="ValueFacts"/>).</summary>
    public static void EstimateString(long keyLength, bool hasTtl, RdbScalar s, ModelContext c, ref KeyEstimate e) =>
        EstimateString(keyLength, hasTtl, s, c, valkey91: false, ref e);

    /// <summary>The string branch of 8.1, or of 9.1, which lays out the object alike but embeds more (<see cref="Valkey91Model"/>).</summary>
    internal static void EstimateString(long keyLength, bool hasTtl, RdbScalar s, ModelContext c, bool valkey91, ref KeyEstimate e)
    {
        e.Elements = 1;
        e.LargestElement = s.Length;
        e.ClusterExtraBytes = 0;
        // The encoding comes back as the return value: as a byte-sized out parameter it was read back 4 bytes wide,
        // which stalled on store forwarding (65 % of this method's samples in the native binary).
        e.EncodingId = valkey91
            ? Valkey91Model.StringObject(keyLength, s, c, hasTtl, out long obj, out long payload)
            : StringObject(keyLength, s, c, hasTtl, out obj, out payload);
        e.ValueBytes = payload;
        if (!hasTtl)
        {
            e.KeyBytes = obj;
            e.ExpiryBytes = 0;
            return;
        }
        // What the TTL adds may move the value out of the object (EMBSTR to RAW), so it is the difference of the two layouts.
        long objNoTtl, payloadNoTtl;
        if (valkey91) Valkey91Model.StringObject(keyLength, s, c, ttl: false, out objNoTtl, out payloadNoTtl);
        else StringObject(keyLength, s, c, ttl: false, out objNoTtl, out payloadNoTtl);
        long expiry = obj + payload - (objNoTtl + payloadNoTtl);
        e.KeyBytes = obj - expiry;
        e.ExpiryBytes = expiry;
    }

    /// <summary>The object holding the key (robj, optional expire, key sds) when nothing else is embedded in it.</summary>
    internal static long PlainObject(long keyLength, bool ttl, ModelContext c)
    {
        bool reserveExpire = ttl || keyLength >= KeyLengthReservingExpire;
        return c.J(RobjBytes + (reserveExpire ? 8 : 0) + 1 + Sds.MinBytes(keyLength, valkey: true));
    }

    private static ValueEncoding StringObject(long keyLength, RdbScalar s, ModelContext c, bool ttl, out long obj, out long payload)
    {
        if (s.IsInteger)
        {
            // Shared integers cannot carry an embedded key: every INT value is a private object.
            obj = PlainObject(keyLength, ttl, c);
            payload = 0;
            return ValueEncoding.Int;
        }
        // The embed test assumes a 1-byte key header (object.c createObjectWithKeyAndExpire).
        if (s.Length <= EmbstrLimit && RobjBytes + (keyLength + 3) + (ttl ? 8 : 0) + 4 + s.Length <= 64)
        {
            obj = c.J(RobjBytes + (ttl ? 8 : 0) + 1 + Sds.MinBytes(keyLength, valkey: true) + 3 + s.Length + 1);
            payload = 0;
            return ValueEncoding.Embstr;
        }
        obj = PlainObject(keyLength, ttl, c);
        payload = c.SdsAlloc(s.Length, valkey: true);
        return ValueEncoding.Raw;
    }

    private static long Payload(ValueFacts f, ModelContext c, ValueEncoding encoding, long compact, bool valkey91)
    {
        long n = f.Count;
        switch (encoding)
        {
            case ValueEncoding.Listpack:
            case ValueEncoding.Intset:
                return c.J(compact);
            case ValueEncoding.Quicklist:
                return EncodingRules.QuicklistBytes(f, redis70: false, c);
            case ValueEncoding.Hashtable:
            {
                long table = Table(n, c);
                return table + (f.Kind != RdbObjectKind.Hash ? f.SdsValkey : valkey91 ? f.HashEntries91 : f.HashEntries81);
            }
            case ValueEncoding.Skiplist when valkey91:
                return Valkey91Model.SkiplistPayload(f, c);
            case ValueEncoding.Skiplist:
            {
                double nodes = n * c.SkiplistNodeBytes;
                return c.J(Skiplist.ZsetStructBytes) + Table(n, c) + c.J(Skiplist.ListStructBytes)
                    + c.SkiplistHeaderBytes + f.SdsValkey + (long)Math.Round(nodes);
            }
            case ValueEncoding.Stream:
                return DictEngineModel.StreamPayload(f, c, f.StreamConsumerNamesValkey, StreamLayout.RaxStructBytes81, StreamLayout.ConsumerBytes, valkey: true);
            default:
                return c.J(f.ModuleBytes);
        }
    }

    /// <summary>A collection hashtable pre-sized to n on load (hint path) with its expected child buckets.</summary>
    internal static long Table(long n, ModelContext c) => c.CollectionTable81(n);

    /// <summary><see cref="Table"/> computed; <see cref="ModelContext.CollectionTable81"/> remembers it for small n.</summary>
    internal static long ComputeTable(long n, ModelContext c)
    {
        long buckets = ValkeyHashtable.BucketsForCapacity(n);
        return c.J(ValkeyHashtable.StructBytes) + (long)Math.Round(ValkeyHashtable.BucketBytes64(n, buckets));
    }

    /// <summary>
    /// One hash entry (t_hash.c hashTypeCreateEntry): field sds followed by the value as an sdshdr8 when that fits
    /// 128 bytes, else a value pointer + field sds (header at least type 8) and a separate value sds.
    /// </summary>
    public static long HashEntryBytes(long fieldLength, long valueLength, ModelContext c)
    {
        long field = Sds.MinBytes(fieldLength, valkey: true);
        if (field + 3 + valueLength + 1 <= HashEmbedLimit) return c.J(field + valueLength + 4);
        return c.J(8 + Sds.MinBytesType8(fieldLength)) + c.SdsAlloc(valueLength, valkey: true);
    }
}
