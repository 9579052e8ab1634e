using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// A file cut by <see cref="RdbParser.Skim"/> and parsed segment by segment with <see cref="RdbParser.ParseSegment"/>
/// must give what one <see cref="RdbParser.Parse"/> gives: the same key records, each once, the same file-level
/// records, the same checksum verdict, and on a damaged file the same first error.
/// </summary>
public sealed class SegmentTests
{
    private static readonly long[] s_segmentSizes = [1, 97, 4096];

    private sealed record Segmented(List<string> FileEvents, List<string> SegmentEvents, RdbFormatException? Error, int Segments);

    private static Segmented Cut(byte[] file, long segmentBytes, RdbReaderOptions? options = null, bool seekable = true)
    {
        var skim = new RecordingVisitor();
        var cuts = new List<RdbCut>();
        RdbFormatException? skimError = null;
        try
        {
            RdbParser.Skim(new ChunkedStream(file, int.MaxValue, seekable), skim, new RdbSegmentation(segmentBytes), cuts.Add, options);
        }
        catch (RdbFormatException e)
        {
            skimError = e;
        }
        // The segments: from 0 to each cut in turn; after a failed skim, the last runs until its reader stops.
        var segments = new List<RdbSegment>();
        long start = 0;
        int db = 0;
        var header = skim.Events.FirstOrDefault(e => e.StartsWith("header ", StringComparison.Ordinal))?.Split(' ');
        string magic = header?[1] ?? "";
        int version = header is null ? 0 : int.Parse(header[2]);
        foreach (var cut in cuts)
        {
            Assert.True(cut.Offset > start || (cut.AtEof && cut.Offset >= start), $"cut at {cut.Offset} after {start}");
            segments.Add(new RdbSegment(start, cut.Offset, magic, version, db));
            start = cut.Offset;
            db = cut.Database;
        }
        if (cuts.Count == 0 || !cuts[^1].AtEof) segments.Add(new RdbSegment(start, long.MaxValue, magic, version, db));

        var events = new List<string>();
        foreach (var segment in segments)
        {
            var v = new RecordingVisitor();
            // As a file opened again and positioned at the segment (a pipe: just the bytes from there).
            var input = seekable
                ? new ChunkedStream(file, int.MaxValue, seekable: true) { Position = segment.Start }
                : new ChunkedStream(file.AsSpan((int)Math.Min(segment.Start, file.Length)).ToArray());
            try
            {
                var info = RdbParser.ParseSegment(input, segment, v, options);
                if (segment.End != long.MaxValue) Assert.Equal(segment.End, info.Bytes);
            }
            catch (RdbFormatException e)
            {
                return new Segmented(skim.Events, events, e, segments.Count);
            }
            finally
            {
                events.AddRange(v.Events);
            }
        }
        return new Segmented(skim.Events, events, skimError, segments.Count);
    }

    private static readonly string[] s_fileLevel = ["header ", "end ", "selectdb "];

    private static List<string> WithoutFileLevel(IEnumerable<string> events) =>
        events.Where(e => !s_fileLevel.Any(p => e.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>A full parse's events without its key records (from "key" to "endkey"): what the skim reports.</summary>
    private static List<string> WithoutKeys(IEnumerable<string> events)
    {
        var kept = new List<string>();
        bool inKey = false;
        foreach (var e in events)
        {
            if (e.StartsWith("key ", StringComparison.Ordinal)) inKey = true;
            else if (!inKey) kept.Add(e);
            else if (e == "endkey") inKey = false;
        }
        return kept;
    }

    private static void AssertSameAsParse(string name, byte[] file, long segmentBytes, RdbReaderOptions? options = null, bool seekable = true)
    {
        var full = new RecordingVisitor();
        RdbFormatException? fullError = null;
        try
        {
            RdbParser.Parse(new ChunkedStream(file, int.MaxValue, seekable), full, options);
        }
        catch (RdbFormatException e)
        {
            fullError = e;
        }
        var cut = Cut(file, segmentBytes, options, seekable);
        string where = $"{name}, segments of {segmentBytes} B ({cut.Segments})";
        Assert.True((fullError?.Offset, fullError?.Message) == (cut.Error?.Offset, cut.Error?.Message),
            $"{where}: parse failed with [{fullError?.Offset}: {fullError?.Message}], segments with [{cut.Error?.Offset}: {cut.Error?.Message}]");
        if (fullError is not null) return; // events up to an error differ in how far each reader got
        Assert.Equal(WithoutFileLevel(full.Events), WithoutFileLevel(cut.SegmentEvents));
        Assert.Equal(WithoutKeys(full.Events), cut.FileEvents);
    }

    public static TheoryData<string> Samples()
    {
        var d = new TheoryData<string>();
        foreach (var (name, _) in SampleFiles.All()) d.Add(name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void BuilderFiles_SegmentsGiveTheParsesEvents(string name)
    {
        var file = SampleFiles.All().First(s => s.Name == name).Data;
        foreach (long size in s_segmentSizes)
        {
            AssertSameAsParse(name, file, size);
            AssertSameAsParse(name, file, size, new RdbReaderOptions { BufferSize = 7 }, seekable: false);
            AssertSameAsParse(name, file, size, new RdbReaderOptions { Strict = true });
        }
    }

    [Fact]
    public void SharedFiles_SegmentsGiveTheParsesEventsOrItsFirstError()
    {
        int cutFiles = 0, failing = 0;
        foreach (var path in SampleFiles.SharedRdbPaths())
        {
            var file = File.ReadAllBytes(path);
            foreach (long size in s_segmentSizes) AssertSameAsParse(Path.GetFileName(path), file, size);
            var each = Cut(file, 1);
            if (each.Segments > 2) cutFiles++;
            if (each.Error is not null) failing++;
        }
        Assert.True(cutFiles > 80, $"only {cutFiles} files were cut more than once");
        Assert.True(failing >= 5, $"only {failing} damaged files");
    }

    /// <summary>
    /// Damaged copies of the builder files: where the skim, which checks less, walks on past damage the full reader
    /// stops at, the segment readers must still report the parse's first error, and any later cuts it made up must not
    /// surface.
    /// </summary>
    [Fact]
    public void MutatedFiles_SegmentsGiveTheParsesFirstError()
    {
        var rng = new Random(20261129);
        int damaged = 0;
        foreach (var (name, original) in SampleFiles.All())
        {
            for (int i = 0; i < 400; i++)
            {
                var file = (byte[])original.Clone();
                int flips = 1 + rng.Next(3);
                for (int f = 0; f < flips; f++) file[9 + rng.Next(file.Length - 9)] = (byte)rng.Next(256);
                var options = new RdbReaderOptions { VerifyChecksum = false };
                foreach (long size in new long[] { 1, 64 }) AssertSameAsParse($"{name} mutant {i}", file, size, options);
                try { Parse.Record(file, options); } catch (RdbFormatException) { damaged++; }
            }
        }
        Assert.True(damaged > 400, $"only {damaged} of the mutants were damaged");
    }

    [Fact]
    public void EveryKeyRecordStartsASegment_WhenSegmentsAreOneByte()
    {
        var file = SampleFiles.KitchenSink();
        var full = Parse.Events(file);
        var cuts = new List<RdbCut>();
        RdbParser.Skim(new ChunkedStream(file, int.MaxValue, true), new RecordingVisitor(), new RdbSegmentation(1), cuts.Add);
        int keys = full.Count(e => e.StartsWith("key ", StringComparison.Ordinal));
        Assert.Equal(keys, cuts.Count(c => !c.AtEof)); // the first key too: the header and AUX fields are segment 0
        Assert.True(cuts[^1].AtEof);
        var offsets = full.Where(e => e.StartsWith("key ", StringComparison.Ordinal))
            .Select(e => long.Parse(e.Split(' ').First(f => f.StartsWith("at=", StringComparison.Ordinal))[3..])).ToList();
        Assert.Equal(offsets, cuts.Where(c => !c.AtEof).Select(c => c.Offset).ToList());
    }

    [Fact]
    public void ASegmentEndingOffARecordBoundary_IsAnError()
    {
        var file = SampleFiles.KitchenSink();
        var cuts = new List<RdbCut>();
        RdbParser.Skim(new ChunkedStream(file, int.MaxValue, true), new RecordingVisitor(), new RdbSegmentation(1), cuts.Add);
        // A segment that claims to end one byte into the second key record.
        var e = Assert.Throws<RdbFormatException>(() =>
            RdbParser.ParseSegment(new ChunkedStream(file, int.MaxValue, true), new RdbSegment(0, cuts[1].Offset + 1, "REDIS", 11, 0), new RecordingVisitor()));
        Assert.Equal(cuts[1].Offset + 1, e.Offset);
        Assert.Contains("changed while it was read", e.Message, StringComparison.Ordinal);
    }
}
