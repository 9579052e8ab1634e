using System.Runtime.CompilerServices;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

internal enum KeyFactsEvent : byte
{
    Key,
    ResizeDb,
    SlotInfo,
}

/// <summary>Every model's estimate of one key, indexed by <see cref="EngineModel"/>.</summary>
[InlineArray(EngineModelNames.Count)]
internal struct ModelEstimates
{
    private KeyEstimate _first;
}

/// <summary>
/// What the aggregators need of one record, complete once its value has been read: the reader's key info, every
/// model's estimate and the expiry verdict. Records travel in file order from the parsing thread to the aggregating
/// one (<see cref="AggregationPipe"/>); sizing hints travel the same way, so they reach the dataset in order too.
/// </summary>
internal struct KeyFacts
{
    public KeyFactsEvent Event;
    public RdbKeyInfo Info;
    public ModelEstimates Estimates;
    /// <summary>Module name of a module value, else null.</summary>
    public string? ModuleName;
    /// <summary>The key's TTL had passed at the snapshot's time (AUX ctime): the server would not load it.</summary>
    public bool ExpiredAtSnapshot;
    /// <summary>Time TTLs are measured from: the snapshot's ctime, else the analysis start.</summary>
    public long ReferenceMs;
    /// <summary>ResizeDb: db, key and expire counts; SlotInfo: slot, key and expire counts.</summary>
    public int HintTarget;
    public long HintKeys;
    public long HintExpires;
    // Where the key's bytes are in the batch (pipelined) .
    public int KeyOffset;
    public int KeyLength;
}
