using System.Runtime.CompilerServices;

namespace RdbPlanner.Memory;

/// <summary>
/// What the dataset totals keep of one key's estimates, per model: standalone bytes, what cluster mode adds, and the
/// encoding. 56 bytes against the 280 of five <see cref="KeyEstimate"/>s, which matters when a record per key is handed
/// to another core (the analysis' aggregation thread).
/// </summary>
public struct KeyCosts
{
    public ModelValues Standalone;
    /// <summary>
    /// <see cref="KeyEstimate.ClusterExtraBytes"/>: a few bytes of per-key cluster metadata (Redis 7.x's dictEntry
    /// slot-list pointers; none in Valkey 8 and 9), so 16 bits rather than the 64 of the bytes themselves.
    /// </summary>
    public ModelExtras ClusterExtra;
    public ModelEncodings Encodings;

    /// <summary>Cluster-mode bytes of the key under model <paramref name="m"/>.</summary>
    // Inlined by request: left to the native compiler, it stayed a call per key and model (1.4 % of the one-core profile).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long Cluster(int m) => Standalone[m] + ClusterExtra[m];

    /// <summary>Takes one estimate per model, indexed by <see cref="EngineModel"/>.</summary>
    public void From(ReadOnlySpan<KeyEstimate> estimates)
    {
        if (estimates.Length != EngineModelNames.Count) throw new ArgumentException($"one estimate per model ({EngineModelNames.Count}) expected", nameof(estimates));
        for (int m = 0; m < EngineModelNames.Count; m++)
        {
            ref readonly var estimate = ref estimates[m];
            Standalone[m] = estimate.Standalone;
            ClusterExtra[m] = checked((ushort)estimate.ClusterExtraBytes);
            Encodings[m] = estimate.EncodingId;
        }
    }
}

/// <summary>One number per model, indexed by <see cref="EngineModel"/>.</summary>
[InlineArray(EngineModelNames.Count)]
public struct ModelValues
{
    private long _first;
}

/// <summary>One small number per model, indexed by <see cref="EngineModel"/>.</summary>
[InlineArray(EngineModelNames.Count)]
public struct ModelExtras
{
    private ushort _first;
}

/// <summary>One encoding per model, indexed by <see cref="EngineModel"/>.</summary>
[InlineArray(EngineModelNames.Count)]
public struct ModelEncodings
{
    private ValueEncoding _first;
}
