using RdbPlanner.Memory;

namespace RdbPlanner.Analysis;

/// <summary>
/// One analysed key, handed to observers while the file is parsed (e.g. the streamed per-key CSV).
/// Valid only during the callback: <see cref="Key"/> points into the reader's buffer.
/// </summary>
public readonly ref struct KeyRecord
{
    public required int Database { get; init; }
    public required string Type { get; init; }
    public required ReadOnlySpan<byte> Key { get; init; }
    public required long KeyLength { get; init; }
    /// <summary>Encoding as stored in the file (listpack, ziplist, quicklist2 …).</summary>
    public required string FileEncoding { get; init; }
    public required long Elements { get; init; }
    public required long LargestElement { get; init; }
    /// <summary>Unix ms, or -1 for no TTL.</summary>
    public required long ExpireAtMs { get; init; }
    public required int Slot { get; init; }
    /// <summary>Standalone bytes per model, indexed by (int)EngineModel, without table shares.</summary>
    public required ReadOnlySpan<long> Bytes { get; init; }
    /// <summary>In-memory encoding each model predicts, indexed by (int)EngineModel.</summary>
    public required ReadOnlySpan<string> Encodings { get; init; }
}

/// <summary>Receives every analysed key. Implementations must not keep the record.</summary>
public interface IKeyObserver
{
    void OnKey(in KeyRecord key);
}
