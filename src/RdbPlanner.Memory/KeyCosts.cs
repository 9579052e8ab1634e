using System.Runtime.CompilerServices;

namespace RdbPlanner.Memory;

/// <summary>
/// What the dataset totals keep of one key's estimates, per model: standalone and cluster bytes and the encoding.
/// 68 bytes against the 224 of four <see cref="KeyEstimate"/>s, which matters when a record per key is handed to
/// another core (the analysis' aggregation thread).
/// </summary>
public struct KeyCosts
{
    public ModelValues Standalone;
    public ModelValues Cluster;
    public ModelEncodings Encodings;

    /// <summary>Takes one estimate per model, indexed by <see cref="EngineModel"/>.</summary>
    public void From(ReadOnlySpan<KeyEstimate> estimates)
    {
        if (estimates.Length != EngineModelNames.Count) throw new ArgumentException($"one estimate per model ({EngineModelNames.Count}) expected", nameof(estimates));
        for (int m = 0; m < EngineModelNames.Count; m++)
        {
            ref readonly var estimate = ref estimates[m];
            Standalone[m] = estimate.Standalone;
            Cluster[m] = estimate.Cluster;
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

/// <summary>One encoding per model, indexed by <see cref="EngineModel"/>.</summary>
[InlineArray(EngineModelNames.Count)]
public struct ModelEncodings
{
    private ValueEncoding _first;
}
