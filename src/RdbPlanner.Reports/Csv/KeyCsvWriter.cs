using CsvHelper;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports;

/// <summary>
/// The streamed per-key CSV (analyze --keys-csv): one row per key as the analyzer reports it, nothing buffered but
/// CsvHelper's write buffer. The first eight columns are redis-rdb-tools' memory report, unchanged, so its pipelines
/// keep working: <c>size_in_bytes</c> and <c>encoding</c> come from the caller's source model, <c>type</c> uses
/// rdb-tools' names (sorted sets are "sortedset"), <c>expiry</c> is ISO-8601 UTC or empty. Then the standalone bytes
/// of every model, the cluster slot, and the in-memory encoding each target engine would choose.
/// Keys are written as <see cref="KeyText"/> describes. Rows are allocation-free: numbers and the escaped key are
/// formatted straight into CsvHelper's buffer.
/// </summary>
public sealed class KeyCsvWriter : IKeyObserver, IDisposable
{
    // An array, not the interface: foreach over it allocates no enumerator per row. Declared first: Columns uses it.
    private static readonly EngineModel[] s_targets = [EngineModel.Valkey80, EngineModel.Valkey81, EngineModel.Valkey91];

    /// <summary>Target engines whose encodings get their own column.</summary>
    public static IReadOnlyList<EngineModel> EncodingTargets => s_targets;

    public static readonly IReadOnlyList<string> Columns =
    [
        "database", "type", "key", "size_in_bytes", "encoding", "num_elements", "len_largest_element", "expiry",
        .. EngineModelNames.All.Select(m => m.ColumnStem() + "_bytes"),
        "slot",
        .. s_targets.Select(m => m.ColumnStem() + "_encoding"),
    ];

    private readonly CsvWriter _csv;
    private readonly EngineModel _source;
    private readonly KeyFilter _filter;
    private byte[] _keyBuffer = new byte[1024];
    private bool _disposed;

    /// <param name="output">UTF-8 destination; closed on dispose unless <paramref name="leaveOpen"/>.</param>
    /// <param name="sourceModel">Model whose bytes and encoding fill size_in_bytes/encoding (the engine the data runs on today).</param>
    /// <param name="filter">Keys to write; null writes every key. --min-bytes compares with the source model's bytes.</param>
    public KeyCsvWriter(Stream output, EngineModel sourceModel, KeyFilter? filter = null, bool leaveOpen = false)
    {
        _csv = CsvWriter.Create(output, ReportFormat.Csv, leaveOpen);
        _source = sourceModel;
        _filter = filter ?? KeyFilter.All;
        foreach (var name in Columns) _csv.WriteField(name);
        _csv.EndRecord();
    }

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public static KeyCsvWriter Create(string path, EngineModel sourceModel, KeyFilter? filter = null)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return new KeyCsvWriter(stream, sourceModel, filter);
    }

    public EngineModel SourceModel => _source;

    /// <summary>Keys offered to the writer.</summary>
    public long KeysSeen { get; private set; }

    /// <summary>Keys that passed the filter and were written.</summary>
    public long RowsWritten { get; private set; }

    public void OnKey(in KeyRecord key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        KeysSeen++;
        if (!_filter.Matches(key, _source)) return;

        int source = (int)_source;
        _csv.WriteField(key.Database, default);
        _csv.WriteField(ReportFormat.RdbToolsTypeName(key.Type));
        WriteKey(key.Key, key.KeyLength > key.Key.Length);
        _csv.WriteField(key.Bytes[source], default);
        _csv.WriteField(key.Encodings[source]);
        _csv.WriteField(key.Elements, default);
        _csv.WriteField(key.LargestElement, default);
        Span<char> expiry = stackalloc char[32];
        _csv.WriteField(expiry[..ReportFormat.FormatExpiry(key.ExpireAtMs, expiry)]);
        foreach (var model in EngineModelNames.All) _csv.WriteField(key.Bytes[(int)model], default);
        _csv.WriteField(key.Slot, default);
        foreach (var model in s_targets) _csv.WriteField(key.Encodings[(int)model]);
        _csv.EndRecord();
        RowsWritten++;
    }

    public void Flush() => _csv.Flush();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _csv.Dispose();
    }

    private void WriteKey(ReadOnlySpan<byte> key, bool truncated)
    {
        int max = KeyText.MaxEscapedLength(key.Length);
        if (_keyBuffer.Length < max) _keyBuffer = new byte[Math.Max(max, _keyBuffer.Length * 2)];
        int n = KeyText.Escape(key, truncated, _keyBuffer);
        _csv.WriteField(new ReadOnlySpan<byte>(_keyBuffer, 0, n));
    }
}
