using System.Runtime.CompilerServices;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>
/// Remembers plain strings' <see cref="KeyCosts"/> by what they depend on (<see cref="KeyEstimator.StringCosts"/>): key
/// length, TTL, and the value's class. Direct-mapped and small (2,048 entries, 160 KiB): on the bench RDB its ~3,500
/// combinations of key and value length mostly hit, and a miss only computes what would have been computed anyway.
/// </summary>
internal sealed class StringCostCache
{
    private const int Entries = 2048;
    private const long SharedIntegerClass = -1; // an integer the 7.x/8.0 models may share (0..9999)
    private const long OtherIntegerClass = -2;
    private const long MaxKeyLength = (1L << 24) - 1;
    private const long MaxValueLength = (1L << 36) - 1;

    private readonly Entry[] _entries = new Entry[Entries];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly KeyCosts Get(KeyEstimator estimator, long keyLength, bool hasTtl, RdbScalar value)
    {
        // The value's class: its length, or which kind of integer (the models size integers by that alone).
        long valueClass = !value.IsInteger ? value.Length
            : value.Integer is >= 0 and < Models.DictEngineModel.SharedIntegers ? SharedIntegerClass : OtherIntegerClass;
        if ((ulong)keyLength > MaxKeyLength || valueClass > MaxValueLength) return ref Compute(estimator, keyLength, hasTtl, value, ref _entries[0], 0);
        // Tag: key length (24 bits), TTL (1 bit), value class + 2 (37 bits), and a set top bit so 0 means empty.
        ulong tag = (1UL << 63) | ((ulong)(valueClass + 2) << 25) | ((ulong)keyLength << 1) | (hasTtl ? 1UL : 0);
        ulong mixed = tag * 0x9E3779B97F4A7C15UL;
        ref var entry = ref _entries[(int)(mixed >> 53) & (Entries - 1)];
        if (entry.Tag == tag) return ref entry.Costs;
        return ref Compute(estimator, keyLength, hasTtl, value, ref entry, tag);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ref readonly KeyCosts Compute(KeyEstimator estimator, long keyLength, bool hasTtl, RdbScalar value, ref Entry entry, ulong tag)
    {
        entry.Costs.From(estimator.EstimateString(keyLength, hasTtl, value));
        entry.Tag = tag; // 0 for lengths beyond the tag: computed every time, never found
        return ref entry.Costs;
    }

    private struct Entry
    {
        public ulong Tag;
        public KeyCosts Costs;
    }
}
