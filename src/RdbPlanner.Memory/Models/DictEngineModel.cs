using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Models;

/// <summary>
/// Redis OSS 7.0 / 7.2 and Valkey 8.0: dict-based collections with a separate key sds (7.x) or a key embedded in
/// the keyspace dictEntry (8.0). Formulas of memory-model.md §4.1, §4.2 and §11.
/// </summary>
internal static class DictEngineModel
{
    private const int RobjBytes = 16;
    private const int EmbstrLimit = 44;

    public static void Estimate(ValueFacts f, ModelContext c, EngineModel model, ref KeyEstimate e)
    {
        if (f.Kind == RdbObjectKind.String)
        {
            EstimateString(f.KeyLength, f.HasTtl, f.StringValue, c, model, ref e);
            return;
        }
        bool redis70 = model == EngineModel.Redis70;
        bool valkey = model == EngineModel.Valkey80;
        KeyAndExpiry(f.KeyLength, f.HasTtl, c, valkey, ref e);
        e.Elements = f.Count;
        e.LargestElement = f.MaxLength;
        ValueEncoding encoding = EncodingRules.Decide(f, redis70, out long compact);
        e.EncodingId = encoding;
        e.ValueBytes = RobjBytes + Payload(f, c, redis70, valkey, encoding, compact);
    }

    /// <summary>A plain string key: one element, the value itself (the models' string branch, callable without <see cref="ValueFacts"/>).</summary>
    public static void EstimateString(long keyLength, bool hasTtl, RdbScalar s, ModelContext c, EngineModel model, ref KeyEstimate e)
    {
        bool valkey = model == EngineModel.Valkey80;
        KeyAndExpiry(keyLength, hasTtl, c, valkey, ref e);
        e.Elements = 1;
        e.LargestElement = s.Length;
        if (s.IsInteger)
        {
            e.EncodingId = ValueEncoding.Int;
            e.ValueBytes = c.ShareIntegers && s.Integer is >= 0 and < SharedIntegers ? 0 : RobjBytes;
        }
        else if (s.Length <= EmbstrLimit)
        {
            e.EncodingId = ValueEncoding.Embstr;
            e.ValueBytes = c.J(RobjBytes + 3 + s.Length + 1);
        }
        else
        {
            e.EncodingId = ValueEncoding.Raw;
            e.ValueBytes = RobjBytes + c.SdsAlloc(s.Length, valkey);
        }
    }

    private static void KeyAndExpiry(long keyLength, bool hasTtl, ModelContext c, bool valkey, ref KeyEstimate e)
    {
        long entry = c.J(Dict.EntryBytes);
        if (valkey)
        {
            // Embedded dictEntry {v, next, hdrlen, key sds}: J(17 + m(keylen)); no per-entry cluster metadata.
            e.KeyBytes = c.J(17 + Sds.MinBytes(keyLength, valkey: true));
            e.ClusterExtraBytes = 0;
        }
        else
        {
            e.KeyBytes = c.SdsAlloc(keyLength, valkey: false) + entry;
            e.ClusterExtraBytes = c.J(Dict.ClusterEntryBytes) - entry;
        }
        e.ExpiryBytes = hasTtl ? entry : 0;
    }

    public const int SharedIntegers = 10000;

    private static long Payload(ValueFacts f, ModelContext c, bool redis70, bool valkey, ValueEncoding encoding, long compact)
    {
        long n = f.Count;
        long sds = valkey ? f.SdsValkey : f.SdsRedis;
        long entry = c.J(Dict.EntryBytes);
        long dict = c.J(Dict.StructBytes);
        switch (encoding)
        {
            case ValueEncoding.Listpack:
            case ValueEncoding.Intset:
                return c.J(compact);
            case ValueEncoding.Quicklist:
                return EncodingRules.QuicklistBytes(f, redis70, c);
            case ValueEncoding.Hashtable:
            {
                long slots = Dict.TableSlots(n);
                long table = dict + 8 * slots;
                if (f.Kind == RdbObjectKind.Hash || redis70) return table + n * entry + sds;
                // Sets (7.2, 8.0): the first member of a slot is stored bare, each further one needs a 16-byte entry.
                double colliding = Dict.ExpectedCollidingMembers(n, slots);
                return table + sds + (long)Math.Round(16 * colliding);
            }
            case ValueEncoding.Skiplist:
            {
                long slots = Dict.TableSlots(n);
                double nodes = n * c.SkiplistNodeBytes;
                return c.J(Skiplist.ZsetStructBytes) + dict + 8 * slots + c.J(Skiplist.ListStructBytes)
                    + c.SkiplistHeaderBytes + n * entry + sds + (long)Math.Round(nodes);
            }
            case ValueEncoding.Stream:
                return StreamPayload(f, c, valkey ? f.StreamConsumerNamesValkey : f.StreamConsumerNamesRedis,
                    StreamLayout.RaxStructBytes, redis70 ? StreamLayout.ConsumerBytes70 : StreamLayout.ConsumerBytes, valkey);
            default:
                return c.J(f.ModuleBytes);
        }
    }

    /// <summary>Stream: struct, listpack rax, listpacks, consumer groups (§2.10). Shared with Valkey 8.1.</summary>
    internal static long StreamPayload(ValueFacts f, ModelContext c, long consumerNames, int raxStruct, int consumerStruct, bool valkey)
    {
        // Index and PEL raxes are walked node by node (RaxLayout); StreamIndexRaxBytes includes the head node.
        double bytes = StreamLayout.StreamStructBytes + c.J(raxStruct) + f.StreamIndexRaxBytes + f.StreamListpackAlloc;
        if (f.StreamGroups > 0)
        {
            // cgroups rax keyed by group name; per group the struct, its consumers rax (keyed by consumer name) and
            // its PEL rax (struct here, nodes in StreamPelRaxBytes); per consumer the struct, its sds name and PEL rax struct.
            bytes += c.J(raxStruct) + f.StreamGroupRaxBytes;
            bytes += f.StreamGroups * (c.J(StreamLayout.ConsumerGroupBytes) + 2 * c.J(raxStruct)) + f.StreamConsumerRaxBytes;
            bytes += f.StreamConsumers * (c.J(consumerStruct) + c.J(raxStruct)) + consumerNames;
            bytes += f.StreamPelEntries * c.J(StreamLayout.NackBytes) + f.StreamPelRaxBytes;
        }
        return (long)Math.Round(bytes);
    }
}
