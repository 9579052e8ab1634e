using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Analyses one or more RDB files (several files = the shards of one cluster) into a <see cref="DatasetSummary"/>.
/// Files run in parallel, each on its own reader and estimators, and are merged in input order as they finish.
/// </summary>
public static class SnapshotAnalyzer
{
    public static DatasetSummary Analyze(IReadOnlyList<string> paths, AnalysisOptions options)
    {
        if (paths.Count == 0) throw new ArgumentException("at least one file is required", nameof(paths));
        if (paths.Count(p => p == "-") > 1) throw new AnalysisException("-", 0, "standard input can be given only once");

        var observerLock = options.Observer is not null && paths.Count > 1 ? new object() : null;
        long progressTotal = 0;
        var fileOptions = options.Progress is null
            ? options
            : options with { Progress = n => options.Progress(Interlocked.Add(ref progressTotal, n)) };

        int cores = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        int parallel = Math.Max(1, Math.Min(Math.Min(options.MaxParallelFiles, cores), paths.Count));
        // Helper threads per file (reading, aggregating, parsing segments) only pay while the files leave a core idle.
        bool spareCore = parallel < cores;
        int segmentThreads = options.SegmentThreads > 0 ? options.SegmentThreads : cores / parallel;
        var threads = new FileThreads(options.ReadAhead && spareCore, spareCore, segmentThreads);
        var merger = new DatasetMerger(options);
        new InOrderRun<FileResult>(paths.Count, parallel, i => AnalyzeFile(paths[i], fileOptions, observerLock, threads), (_, r) =>
        {
            // Fail on the first damaged file (in input order) unless the caller asked to keep going.
            if (r.Error is not null && !options.KeepGoing) throw r.Error;
            merger.Add(r.File, r.Analysis, r.Error);
        }).Run();
        return merger.Complete();
    }

    private readonly record struct FileThreads(bool ReadAhead, bool SpareCore, int SegmentThreads);

    /// <summary>
    /// Whether a file is split into segments parsed on several threads (<see cref="SegmentedFile"/>): only a plain file
    /// can be read again at a segment, only keys in file order suit a per-key observer, and the split pays from two
    /// segments and <see cref="AnalysisOptions.SplitFromThreads"/> threads on.
    /// </summary>
    private static bool Split(AnalysisOptions options, bool gzip, long? length, int segmentThreads)
    {
        if (options.SplitFiles == false || options.Observer is not null || gzip || length is null) return false;
        return options.SplitFiles == true || segmentThreads >= AnalysisOptions.SplitFromThreads && length > options.Segmentation.Bytes;
    }

    private static FileResult AnalyzeFile(string path, AnalysisOptions options, object? observerLock, FileThreads threads)
    {
        var clock = Stopwatch.StartNew();
        Stream raw;
        bool gzip;
        long? length;
        try
        {
            raw = RdbInput.Open(path, out gzip, out length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, 0, OpenFailure(path, e));
        }
        using var hash = options.ComputeSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        if (Split(options, gzip, length, threads.SegmentThreads))
        {
            // Each segment thread reads the file for itself; this stream is only read through for the SHA-256.
            using var hashed = new ObservedStream(raw, hash, progress: null);
            var split = SegmentedFile.Analyze(path, length!.Value, hash is null ? null : hashed, options, Math.Max(1, threads.SegmentThreads));
            return Summarize(path, clock, gzip, length, split.Analysis, split.Info, split.Error, hashed, hash, ahead: null, options);
        }
        bool pipelined = AggregationThreadPolicy.Decide(options.PipelineAggregation, threads.SpareCore, gzip, length, AggregationThreadPolicy.ProcessCompilesCode);
        var analysis = new FileAnalysis(options, observerLock, pipelined);
        // The CRC goes to the read-ahead thread only where that thread has the other core to itself: not while it inflates
        // gzip, and not beside the aggregating thread, which made that core the busier one (two cores, 14 alternating
        // rounds: 0.345 s with the CRC there, 0.33 s with it on the parsing thread; summary.md, tenth session).
        var ahead = threads.ReadAhead ? new ReadAheadStream(raw, hash, crc: !gzip && !pipelined) : null;
        using var input = new ObservedStream(ahead ?? raw, ahead is null ? hash : null, options.Progress);
        AnalysisException? error = null;
        RdbFileInfo? info = null;
        try
        {
            info = RdbParser.Parse(input, analysis, options.Reader, path);
        }
        catch (RdbFormatException e)
        {
            error = new AnalysisException(path, e.Offset, e.Message) { Decompressed = gzip, Limit = e.Limit };
        }
        catch (IOException e)
        {
            // e.g. a corrupt gzip stream: the offset is how far the decompressed input got.
            error = new AnalysisException(path, input.BytesRead, e.Message) { Decompressed = gzip };
        }
        finally
        {
            // The aggregating thread must be done before anything is read, also when parsing stopped early.
            analysis.Drain();
        }
        analysis.Complete();
        return Summarize(path, clock, gzip, length, analysis, info, error, input, hash, ahead, options);
    }

    private static FileResult Summarize(string path, Stopwatch clock, bool gzip, long? length, FileAnalysis analysis, RdbFileInfo? info,
        AnalysisException? error, ObservedStream input, IncrementalHash? hash, ReadAheadStream? ahead, AnalysisOptions options)
    {
        if (error is not null && options.KeepGoing && options.ComputeSha256)
        {
            // Hash the rest so the reported digest is still that of the whole file.
            try { input.CopyTo(Stream.Null); } catch (IOException) { }
        }
        // The read-ahead thread feeds the hash: it must have stopped before the digest is taken.
        bool hashSettled = ahead is null || ahead.ReachedEnd || ahead.Stop(TimeSpan.FromSeconds(2));
        var file = new FileSummary(
            Path: path,
            Bytes: info?.Bytes ?? length ?? input.BytesRead,
            Sha256: hash is not null && hashSettled ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null,
            Magic: analysis.Magic,
            RdbVersion: analysis.Version,
            Checksum: error is not null ? "unverified" : ChecksumName(analysis.Checksum),
            Writer: analysis.Writer,
            WriterVersion: analysis.WriterVersion,
            CreatedAt: analysis.CreatedAtSeconds is long s ? DateTimeOffset.FromUnixTimeSeconds(s) : null,
            Gzip: gzip,
            Keys: analysis.Aggregates.Keys,
            Seconds: clock.Elapsed.TotalSeconds)
        {
            Crc64 = analysis.VerifiedCrc64 is ulong crc ? crc.ToString("x16", CultureInfo.InvariantCulture) : null,
        };
        return new FileResult(file, analysis, error);
    }

    public static string ChecksumName(RdbChecksumStatus status) => status switch
    {
        RdbChecksumStatus.Ok => "ok",
        RdbChecksumStatus.Absent => "absent",
        RdbChecksumStatus.Mismatch => "mismatch",
        _ => "not-checked",
    };

    /// <summary>
    /// Why a path could not be opened, without the runtime's wording, which repeats the path and calls a directory
    /// "access denied".
    /// </summary>
    private static string OpenFailure(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException when Directory.Exists(path) => "is a directory; expected an RDB file (plain or gzip) or - for standard input",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    private sealed record FileResult(FileSummary File, FileAnalysis Analysis, AnalysisException? Error);
}

/// <summary>A file could not be analysed: where and why, as one line.</summary>
public sealed class AnalysisException(string path, long offset, string message) : Exception(message)
{
    public string Path { get; } = path;

    public long Offset { get; } = offset;

    /// <summary>The reader limit that was hit (<see cref="RdbFormatException.Limit"/>), or null.</summary>
    public string? Limit { get; init; }

    /// <summary>The input was gzip: <see cref="Offset"/> counts decompressed bytes, not bytes of the file.</summary>
    public bool Decompressed { get; init; }

    public string OneLine() => Decompressed
        ? $"{Path}: offset {Offset} of the decompressed data: {Message}"
        : $"{Path}: offset {Offset}: {Message}";
}
