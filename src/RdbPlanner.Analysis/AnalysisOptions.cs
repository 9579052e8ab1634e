using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>How a snapshot is analysed. Immutable; refine with <c>with</c>.</summary>
public sealed record AnalysisOptions
{
    public static readonly AnalysisOptions Default = new();

    public MemoryModelOptions Models { get; init; } = MemoryModelOptions.Default;

    /// <summary>The engine running today: its bytes rank top keys, fill size_in_bytes and weigh prefixes and TTL buckets.</summary>
    public EngineModel SourceModel { get; init; } = EngineModel.Redis72;

    public RdbReaderOptions Reader { get; init; } = new();

    /// <summary>On a damaged file, keep what was read before the damage and mark the result partial.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>
    /// Keys whose expiry is before the snapshot's ctime are dropped by a primary that loads the file, so they are left
    /// out of the memory estimates (they are still counted as key records). Set to include them.
    /// </summary>
    public bool IncludeExpired { get; init; }

    public int TopKeys { get; init; } = 100;

    public byte PrefixDelimiter { get; init; } = (byte)':';

    public int PrefixDepth { get; init; } = 3;

    /// <summary>Counters per depth of the heavy-hitter sketch; memory is bounded by this, not by distinct prefixes.</summary>
    public int PrefixCapacity { get; init; } = 4096;

    /// <summary>Prefixes reported per depth.</summary>
    public int PrefixesReported { get; init; } = 50;

    public bool ComputeSha256 { get; init; }

    /// <summary>Receives each key while parsing (e.g. the per-key CSV). Called under a lock when files run in parallel.</summary>
    public IKeyObserver? Observer { get; init; }

    /// <summary>Called with bytes read so far, summed over all files.</summary>
    public Action<long>? Progress { get; init; }

    public int MaxParallelFiles { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Read (and inflate and hash) each input on a background thread when a core is left over by the files analysed
    /// in parallel. Off: everything on the parsing thread, as a forward-only pipe would be read anyway.
    /// </summary>
    public bool ReadAhead { get; init; } = true;

    /// <summary>
    /// Aggregate each file's keys (slot hashing, prefixes, top keys, totals, per-key output) on a second thread, in
    /// file order. Results are identical either way. Null (default): decided per file by
    /// <see cref="AggregationThreadPolicy"/>; true or false forces it (a second thread still needs a core left over by
    /// the files analysed in parallel).
    /// </summary>
    public bool? PipelineAggregation { get; init; }

    /// <summary>Threads the analysis may use, 0 (default): one per core. 1: each file in one pass on one thread.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Split each plain file into segments parsed on several threads (<see cref="SegmentedFile"/>). Results are
    /// identical either way. Null (default): split when at least <see cref="SplitFromThreads"/> threads are left per file
    /// (with two, one file's reading, parsing and aggregating threads keep both busy already, and measured as fast), the
    /// file has more than one segment and no per-key observer needs the keys in file order. The environment variable
    /// RDBPLANNER_SPLIT (on or off) sets it for benchmarks.
    /// </summary>
    public bool? SplitFiles { get; init; } = Environment.GetEnvironmentVariable("RDBPLANNER_SPLIT") switch
    {
        "on" => true,
        "off" => false,
        _ => null,
    };

    /// <summary>Threads per file from which files are split by default (<see cref="SplitFiles"/>).</summary>
    public const int SplitFromThreads = 3;

    /// <summary>
    /// Where files are cut into segments, whether or not they are split across threads: the prefix sketch is folded per
    /// segment, so this is part of what the figures are. Tests make it small.
    /// </summary>
    internal RdbSegmentation Segmentation { get; init; } = RdbSegmentation.Default;

    /// <summary>Threads that parse the segments of one split file; 0: the cores left over by the files in parallel.</summary>
    internal int SegmentThreads { get; init; }

    /// <summary>Records per batch handed to the aggregation thread; tests make it small so batches are recycled.</summary>
    internal int AggregationBatchRecords { get; init; } = AggregationPipe.BatchRecords;
}
