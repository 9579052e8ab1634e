using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Analyses one plain RDB file on several threads, each parsing its own segments (<see cref="RdbSegmentation"/>:
/// from the first key record at or after a multiple of 32 MiB to the next) from the page cache. A snapshot has no sync
/// marks, so a thread guesses where its segment's first key record is (<see cref="RdbResync"/>) and which database is
/// selected there; segments are merged in file order, and each guess is checked against where the segment before it
/// really ended: a wrong one is parsed again from there. The segments' CRC-64s combine into the file's. One pass folds
/// its prefix sketch at the same cuts, so the result is that of one pass (tests compare them on every shared file and
/// on damaged copies); on damage, the first error in file order is the one reported.
/// </summary>
internal sealed class SegmentedFile
{
    private const int FirstWindow = 256 << 10;
    // A guess reads windows growing from FirstWindow to this. At 16 MiB, three windows of that size were a third of a
    // split run's allocations on the 3.0 GB bench file (each thread rents its own) and found no more starts than 4 MiB:
    // 4 guesses given up and 8 segments parsed again either way.
    private const int LargestWindow = 4 << 20;
    // A guess is given up after this much of the file without a key record start (one huge value, or streams only):
    // the segment is then parsed where the one before it ends.
    private const long LongestScan = 64L << 20;

    /// <summary>
    /// Threads one file is split across, at most. Each holds a reader buffer, a guess's window and a segment's
    /// aggregates (2 MB, KeyAggregates.Parts), with <see cref="ExtraInFlight"/> more segments waiting to be merged, so
    /// memory grows with them: with this bound a file stays within the 150 MB the analysis promises on any machine (the
    /// 3.0 GB bench file: 80–94 MB on 4, 8 and 16 threads, where it took 166–326 MB before the segments reused their
    /// tables and these bounds). Whether more than 8 threads would still pay, this project's 2-vCPU machines cannot tell.
    /// </summary>
    public const int MaxThreads = 8;

    /// <summary>Segments started ahead of the oldest one not merged, beyond one per thread.</summary>
    private const int ExtraInFlight = 2;

    /// <summary>
    /// A segment reader's buffer: it reads from the page cache, where 64 KiB–1 MiB reads took the same time
    /// (bench/results/amd-epyc/summary.md), and rents its buffer with a little padding from the shared pool, whose
    /// power-of-two buckets would turn 1 MiB into 2 MiB per thread; 192 KiB lands in the 256 KiB one.
    /// </summary>
    private const int SegmentReadBytes = 192 << 10;

    public sealed record Result(FileAnalysis Analysis, RdbFileInfo? Info, AnalysisException? Error);

    private readonly string _path;
    private readonly AnalysisOptions _options;
    private readonly long _length;
    private readonly long _segmentBytes;
    private readonly FileAnalysis _file;
    private readonly RdbReaderOptions _segmentReader;
    private RdbSegment _preamble; // where the first key record is, and the magic, version and database there
    private SegmentStart _firstKeyState;
    private RdbResync.FileShape _shape;
    // Folding state (under the in-order run's lock): where the last merged segment ended, and the file's CRC so far.
    private RdbSegmentEnd _previous;
    private long? _previousCtime;
    private ulong _crc;
    private RdbFileInfo? _info;
    private AnalysisException? _error;
    // Where segments that finished so far ended: a later guess takes its database and snapshot time from the nearest.
    private readonly SortedList<long, (int Database, long? Ctime)> _knownEnds = [];
    // The tables of segments already merged, for the next segments' aggregates: at most as many as segments are in
    // flight, where a fresh 2 MB per segment piled up as garbage (KeyAggregates.Parts).
    private readonly ConcurrentBag<KeyAggregates.Parts> _spareParts = [];

    private SegmentedFile(string path, AnalysisOptions options, long length)
    {
        _path = path;
        _options = options;
        _length = length;
        _segmentBytes = Math.Max(1, options.Segmentation.Bytes);
        _file = new FileAnalysis(options, observerLock: null);
        _segmentReader = options.Reader with { BufferSize = Math.Min(options.Reader.BufferSize, SegmentReadBytes) };
    }

    /// <param name="path">a plain file: each thread opens it</param>
    /// <param name="length">its size</param>
    /// <param name="hashed">the file opened for hashing, when its SHA-256 is wanted (read through on a thread of its own)</param>
    /// <param name="options">as for one pass; the progress callback gets each merged segment's bytes</param>
    /// <param name="threads">threads parsing segments</param>
    public static Result Analyze(string path, long length, Stream? hashed, AnalysisOptions options, int threads)
    {
        var run = new SegmentedFile(path, options, length);
        using var hashing = hashed is null ? null : new CancellationTokenSource();
        var hasher = hashed is null ? null : new Thread(() =>
        {
            try
            {
                var buffer = new byte[1 << 20];
                while (!hashing!.IsCancellationRequested && hashed.Read(buffer) > 0) { }
            }
            catch (IOException)
            {
                // The segments' readers report what is wrong with the file.
            }
        }) { IsBackground = true, Name = "rdbplanner hash" };
        hasher?.Start();
        try
        {
            return run.Run(threads);
        }
        finally
        {
            if (run._error is not null && !options.KeepGoing) hashing?.Cancel();
            hasher?.Join();
        }
    }

    private Result Run(int threads)
    {
        threads = Math.Clamp(threads, 1, MaxThreads);
        // The header and the records before the first key: what a segment that starts later needs to know.
        var head = new FileAnalysis(_options, observerLock: null);
        try
        {
            using var stream = Open();
            var end = RdbParser.ParseSegment(stream, new RdbSegment(0, 0, "", 0, 0), head, _options.Reader, _path);
            _preamble = new RdbSegment(end.Offset, 0, head.Magic, head.Version, end.Database);
            _firstKeyState = head.SegmentAt(end.Offset);
        }
        catch (Exception e) when (e is RdbFormatException or IOException or UnauthorizedAccessException)
        {
            // Damaged before any key: the first segment reports it as one pass would.
            _preamble = new RdbSegment(0, 0, "", 0, 0);
            _firstKeyState = head.SegmentAt(0);
        }
        _shape = new RdbResync.FileShape(_preamble.Version, _preamble.Magic == "VALKEY", _length, _options.Reader.MaxElementLength);

        int count = (int)Math.Min(int.MaxValue - 1, (_length - 1) / _segmentBytes + 1);
        InOrderRun<Segment>? order = null;
        order = new InOrderRun<Segment>(count, threads, Guess, (k, s) => Fold(k, s, order!), threadName: "rdbplanner segment",
            window: threads + ExtraInFlight);
        order.Run();
        _file.Complete(); // only when no segment was merged: ends the empty aggregates
        return new Result(_file, _error is null ? _info : null, _error);
    }

    private FileStream Open() =>
        new(File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan), FileAccess.Read, bufferSize: 0);

    /// <summary>A segment as parsed, from where it was thought to start, with the state assumed there.</summary>
    private sealed record Segment(long Start, int Database, long? Ctime, FileAnalysis? Analysis, RdbSegmentEnd End, AnalysisException? Error)
    {
        /// <summary>No key record was found from the segment's multiple to the end of the file.</summary>
        public static Segment None(long at) => new(at, -1, null, null, default, null);
    }

    /// <summary>Work for thread: segment <paramref name="k"/> from a guessed start.</summary>
    private Segment Guess(int k)
    {
        long stopAt = StopAt(k);
        if (k == 0) return Parse(new RdbSegment(0, stopAt, "", 0, 0), _firstKeyState with { Offset = 0, CreatedAtSeconds = null });
        long from = k * _segmentBytes;
        if (from <= _preamble.Start) return Parse(_preamble with { StopAt = stopAt }, _firstKeyState);
        var (found, keyRecord, database) = FindKeyRecord(from);
        if (found == Found.None) return Segment.None(from);
        if (found == Found.Unknown) return new Segment(-1, -1, null, null, default, null); // parsed in the fold
        var (knownDb, ctime) = NearestKnownEnd(keyRecord);
        var start = _firstKeyState with { Offset = keyRecord, CreatedAtSeconds = ctime };
        return Parse(new RdbSegment(keyRecord, stopAt, _preamble.Magic, _preamble.Version, database >= 0 ? database : knownDb), start);
    }

    private long StopAt(int k) => _options.Segmentation.NextCut(k * _segmentBytes);

    private (int Database, long? Ctime) NearestKnownEnd(long offset)
    {
        lock (_knownEnds)
        {
            // The last end before the guessed start; the preamble's state when none is known yet.
            var result = (_preamble.Database, _firstKeyState.CreatedAtSeconds);
            foreach (var (at, state) in _knownEnds)
            {
                if (at > offset) break;
                result = state;
            }
            return result;
        }
    }

    private Segment Parse(RdbSegment segment, SegmentStart start)
    {
        var analysis = new FileAnalysis(_options, observerLock: null, segment: start, reuse: _spareParts.TryTake(out var spare) ? spare : null);
        AnalysisException? error = null;
        RdbSegmentEnd end = default;
        try
        {
            using var stream = Open();
            stream.Position = segment.Start;
            end = RdbParser.ParseSegment(stream, segment, analysis, _segmentReader, _path);
        }
        catch (RdbFormatException e)
        {
            error = new AnalysisException(_path, e.Offset, e.Message) { Limit = e.Limit };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new AnalysisException(_path, segment.Start, e.Message);
        }
        analysis.Complete();
        if (error is null)
        {
            lock (_knownEnds) _knownEnds[end.Offset] = (end.Database, analysis.CreatedAtSeconds);
        }
        return new Segment(segment.Start, segment.Database, start.CreatedAtSeconds, analysis, end, error);
    }

    /// <summary>Merges segment <paramref name="k"/> in file order, parsing it again first when it was guessed wrong.</summary>
    private void Fold(int k, Segment s, InOrderRun<Segment> order)
    {
        if (k > 0 && _previous.AtEof)
        {
            order.EndAt(k); // the file ended in the segment before: whatever was guessed past it is not there
            return;
        }
        if (k > 0 && (s.Start != _previous.Offset || s.Database != _previous.Database || s.Ctime != _previousCtime))
        {
            var start = _firstKeyState with { Offset = _previous.Offset, CreatedAtSeconds = _previousCtime };
            if (s.Analysis is { } wrong) _spareParts.Add(wrong.Aggregates.TakeParts());
            s = Parse(new RdbSegment(_previous.Offset, StopAt(k), _preamble.Magic, _preamble.Version, _previous.Database), start);
        }
        var analysis = s.Analysis!;
        if (!_file.AddSegment(analysis)) _spareParts.Add(analysis.Aggregates.TakeParts());
        _crc = Crc64.Combine(_crc, s.End.Crc64, s.End.CrcLength);
        _previous = s.End;
        _previousCtime = analysis.CreatedAtSeconds;
        _options.Progress?.Invoke(s.End.CrcLength);
        if (s.Error is not null)
        {
            // What one pass reports: this segment's keys up to the damage, nothing after it.
            _error = s.Error;
            order.EndAt(k + 1);
        }
        else if (s.End.AtEof)
        {
            EndOfFile(s.End);
            order.EndAt(k + 1);
        }
    }

    /// <summary>The trailer against the segments' combined CRC, as one pass checks it (RdbReader.ReadTrailer).</summary>
    private void EndOfFile(RdbSegmentEnd end)
    {
        var status = RdbChecksumStatus.Absent;
        if (_file.Version >= 5 && end.StoredChecksum != 0)
            status = end.StoredChecksum == _crc ? RdbChecksumStatus.Ok : RdbChecksumStatus.Mismatch;
        _file.End(status, end.StoredChecksum, _crc);
        _info = new RdbFileInfo(_file.Magic, _file.Version, end.FileBytes, status, end.StoredChecksum, _crc);
        if (status == RdbChecksumStatus.Mismatch && _options.Reader.VerifyChecksum)
            _error = new AnalysisException(_path, end.Offset + 1, $"CRC64 mismatch: trailer says 0x{end.StoredChecksum:X16}, data gives 0x{_crc:X16}");
    }

    private enum Found : byte { Yes, None, Unknown }

    /// <summary>The first key record at or after <paramref name="from"/>, by <see cref="RdbResync"/> over growing windows.</summary>
    private (Found Found, long KeyRecord, int Database) FindKeyRecord(long from)
    {
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FirstWindow);
        try
        {
            long windowStart = from, candidatesFrom = from;
            int size = FirstWindow;
            while (windowStart < _length && windowStart - from < LongestScan)
            {
                if (buffer.Length < size)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(size);
                }
                int read = ReadAt(file, buffer.AsSpan(0, (int)Math.Min(size, _length - windowStart)), windowStart);
                var window = buffer.AsSpan(0, read);
                var verdict = RdbResync.Find(window, windowStart, candidatesFrom, _shape, out long candidate, out long keyRecord, out int database);
                if (verdict == RdbResync.Verdict.Yes) return (Found.Yes, keyRecord, database);
                if (verdict == RdbResync.Verdict.GaveUp) return (Found.Unknown, -1, -1);
                if (verdict == RdbResync.Verdict.NeedMore)
                {
                    if (candidate == windowStart && size >= LargestWindow) return (Found.Unknown, -1, -1);
                    // Read again from the candidate, with a larger window if it was already at the start.
                    if (candidate == windowStart) size *= 4;
                    windowStart = candidatesFrom = candidate;
                    continue;
                }
                if (read == 0) break;
                windowStart += read;
                candidatesFrom = windowStart;
                size = FirstWindow;
            }
            return windowStart >= _length ? (Found.None, -1, -1) : (Found.Unknown, -1, -1);
        }
        catch (IOException)
        {
            return (Found.Unknown, -1, -1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadAt(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(file, buffer[total..], offset + total);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }
}
