using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>
/// Remembers plain strings' <see cref="KeyCosts"/> by what they depend on (<see cref="KeyEstimator.StringCosts"/>): key
/// length, TTL, and the value's class. Direct-mapped and small: on the bench RDB its 2,834 combinations of key and
/// value length mostly hit, and a miss only computes what would have been computed anyway.
/// <para>
/// Entries are compact (32 bytes: a 32-bit tag, the encodings, standalone bytes as 32-bit numbers and the cluster extra as
/// 16-bit ones) and each sits in one 64-byte line. Before, 2,048 entries of 80 bytes (160 KiB, most of them across two
/// lines) made the lookup the costliest miss of a string key (43 % of <c>FileAnalysis.EndKey</c>'s samples sat on the
/// tag comparison) and hit 95.8 % of the bench RDB's strings; 4,096 compact ones take 128 KiB and hit 97.8 % (replayed
/// from its per-key CSV). Keys of 4 KiB or more, values of 256 KiB or more and costs that do not fit are computed every
/// time. Redis 7.0's string costs are 7.2's (memory-model.md §11; <see cref="KeyEstimator.EstimateString"/> copies them),
/// so an entry leaves 7.0 out and five models still fit 32 bytes; a combination where they differ is not cached.
/// </para>
/// </summary>
internal sealed class StringCostCache
{
    private const int EntryBits = 12;
    private const int Entries = 1 << EntryBits;
    private const int EntryBytes = 32;
    private const int LineBytes = 64;
    private const long SharedIntegerClass = -1; // an integer the 7.x/8.0 models may share (0..9999)
    private const long OtherIntegerClass = -2;
    private const int KeyLengthBits = 12;
    private const int ValueClassBits = 18;

    // Pinned, so the line-aligned start found once stays aligned.
    private readonly byte[] _storage = GC.AllocateArray<byte>(Entries * EntryBytes + LineBytes, pinned: true);
    private readonly int _start;

    public StringCostCache()
    {
        if (Unsafe.SizeOf<Entry>() != EntryBytes) throw new InvalidOperationException($"a string cost entry takes {Unsafe.SizeOf<Entry>()} bytes, not {EntryBytes}");
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0);
        _start = (int)((LineBytes - address % LineBytes) % LineBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Get(KeyEstimator estimator, long keyLength, bool hasTtl, RdbScalar value, ref KeyCosts costs)
    {
        // The value's class: its length, or which kind of integer (the models size integers by that alone).
        long valueClass = !value.IsInteger ? value.Length
            : value.Integer is >= 0 and < Models.DictEngineModel.SharedIntegers ? SharedIntegerClass : OtherIntegerClass;
        if ((ulong)keyLength >= 1UL << KeyLengthBits || (ulong)(valueClass + 2) >= 1UL << ValueClassBits)
        {
            costs.From(estimator.EstimateString(keyLength, hasTtl, value));
            return;
        }
        // Tag: a set top bit (0 means empty), value class + 2 (18 bits), key length (12 bits), TTL (1 bit).
        uint tag = 1u << 31 | (uint)(valueClass + 2) << (KeyLengthBits + 1) | (uint)keyLength << 1 | (hasTtl ? 1u : 0);
        int index = (int)(((ulong)tag * 0x9E3779B97F4A7C15UL) >> (64 - EntryBits));
        ref var entry = ref Unsafe.As<byte, Entry>(ref _storage[_start + index * EntryBytes]);
        if (entry.Tag == tag)
        {
            for (int m = FirstStored; m < EngineModelNames.Count; m++)
            {
                costs.Standalone[m] = entry.Standalone[m - FirstStored];
                costs.ClusterExtra[m] = entry.ClusterExtra[m - FirstStored];
                costs.Encodings[m] = entry.Encodings[m - FirstStored];
            }
            costs.Standalone[Redis70] = costs.Standalone[Redis72];
            costs.ClusterExtra[Redis70] = costs.ClusterExtra[Redis72];
            costs.Encodings[Redis70] = costs.Encodings[Redis72];
            return;
        }
        Fill(estimator, keyLength, hasTtl, value, ref entry, tag, ref costs);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fill(KeyEstimator estimator, long keyLength, bool hasTtl, RdbScalar value, ref Entry entry, uint tag, ref KeyCosts costs)
    {
        costs.From(estimator.EstimateString(keyLength, hasTtl, value));
        entry.Tag = 0;
        if (costs.Standalone[Redis70] != costs.Standalone[Redis72] || costs.ClusterExtra[Redis70] != costs.ClusterExtra[Redis72]
            || costs.Encodings[Redis70] != costs.Encodings[Redis72])
        {
            return; // left empty: computed every time
        }
        for (int m = FirstStored; m < EngineModelNames.Count; m++)
        {
            long standalone = costs.Standalone[m];
            if ((ulong)standalone > uint.MaxValue) return;
            entry.Standalone[m - FirstStored] = (uint)standalone;
            entry.ClusterExtra[m - FirstStored] = costs.ClusterExtra[m];
            entry.Encodings[m - FirstStored] = costs.Encodings[m];
        }
        entry.Tag = tag;
    }

    private const int Redis70 = (int)EngineModel.Redis70;
    private const int Redis72 = (int)EngineModel.Redis72;
    /// <summary>Models an entry holds: all but Redis 7.0, in model order from 7.2.</summary>
    private const int StoredModels = EngineModelNames.Count - 1;
    /// <summary>The first model an entry holds; entry slot m - FirstStored is model m. Redis 7.0 is model 0, so this is 1.</summary>
    private const int FirstStored = Redis70 + 1;

    [StructLayout(LayoutKind.Sequential, Size = EntryBytes)]
    private struct Entry
    {
        public uint Tag;
        public Encodings Encodings;
        public Standalones Standalone;
        public ClusterExtras ClusterExtra;
    }

    [InlineArray(StoredModels)]
    private struct Encodings
    {
        private ValueEncoding _first;
    }

    [InlineArray(StoredModels)]
    private struct Standalones
    {
        private uint _first;
    }

    [InlineArray(StoredModels)]
    private struct ClusterExtras
    {
        private ushort _first;
    }
}
