using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// A file parsed segment by segment with <see cref="RdbParser.ParseSegment"/>, each starting where the one before
/// ended, must give what one <see cref="RdbParser.Parse"/> gives: the same records, each once, the same CRC-64 once the
/// segments' are combined, and on a damaged file the same first error. Segments end where <see cref="RdbSegmentation"/>
/// says.
/// </summary>
public sealed class SegmentTests
{
    private static readonly long[] s_segmentSizes = [1, 97, 4096];

    private sealed record Chained(List<string> Events, RdbFormatException? Error, int Segments, ulong Crc, List<long> Ends, long FileBytes = -1);

    /// <summary>Segment after segment, each from the end of the one before, as the merge in file order checks them.</summary>
    private static Chained Chain(byte[] file, long segmentBytes, RdbReaderOptions? options = null)
    {
        var segmentation = new RdbSegmentation(segmentBytes);
        var events = new List<string>();
        var ends = new List<long>();
        ulong crc = 0;
        var segment = new RdbSegment(0, segmentation.NextCut(0), "", 0, 0);
        for (int k = 0; ; k++)
        {
            var v = new RecordingVisitor();
            var input = new ChunkedStream(file, int.MaxValue, seekable: true) { Position = segment.Start };
            RdbSegmentEnd end;
            try
            {
                end = RdbParser.ParseSegment(input, segment, v, options);
            }
            catch (RdbFormatException e)
            {
                events.AddRange(v.Events);
                return new Chained(events, e, k + 1, crc, ends);
            }
            events.AddRange(v.Events);
            crc = Crc64.Combine(crc, end.Crc64, end.CrcLength);
            ends.Add(end.Offset);
            if (end.AtEof)
            {
                return new Chained(events, null, k + 1, crc, ends, end.FileBytes);
            }
            if (end.Offset < segment.StopAt) Assert.Fail($"segment {k} ended at {end.Offset}, before {segment.StopAt}");
            string magic = k == 0 ? v.Events[0].Split(' ')[1] : segment.Magic;
            int version = k == 0 ? int.Parse(v.Events[0].Split(' ')[2]) : segment.Version;
            segment = new RdbSegment(end.Offset, segmentation.NextCut(end.Offset), magic, version, end.Database);
        }
    }

    private static readonly string[] s_fileLevel = ["header ", "end ", "selectdb "];

    private static List<string> WithoutFileLevel(IEnumerable<string> events) =>
        events.Where(e => !s_fileLevel.Any(p => e.StartsWith(p, StringComparison.Ordinal))).ToList();

    private static Chained AssertSameAsParse(string name, byte[] file, long segmentBytes, RdbReaderOptions? options = null)
    {
        var full = new RecordingVisitor();
        RdbFormatException? fullError = null;
        RdbFileInfo? fullInfo = null;
        try
        {
            fullInfo = RdbParser.Parse(new ChunkedStream(file, int.MaxValue, true), full, (options ?? new RdbReaderOptions()) with { VerifyChecksum = false });
        }
        catch (RdbFormatException e)
        {
            fullError = e;
        }
        var chain = Chain(file, segmentBytes, options);
        string where = $"{name}, segments of {segmentBytes} B ({chain.Segments})";
        Assert.True((fullError?.Offset, fullError?.Message) == (chain.Error?.Offset, chain.Error?.Message),
            $"{where}: parse failed with [{fullError?.Offset}: {fullError?.Message}], segments with [{chain.Error?.Offset}: {chain.Error?.Message}]");
        if (fullError is not null) return chain; // events up to an error differ in how far each reader got
        // Compared as text with ==: xunit's Assert.Equal takes minutes over the 500,000 events of the largest file.
        string expected = string.Join('\n', WithoutFileLevel(full.Events)), actual = string.Join('\n', WithoutFileLevel(chain.Events));
        if (expected != actual)
        {
            int i = 0;
            while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i]) i++;
            Assert.Fail($"{where}: events differ at character {i}: parse [{expected[Math.Max(0, i - 80)..Math.Min(expected.Length, i + 80)]}], segments [{actual[Math.Max(0, i - 80)..Math.Min(actual.Length, i + 80)]}]");
        }
        Assert.Equal(fullInfo!.Bytes, chain.FileBytes);
        var endLine = full.Events.Last().Split(' ');
        Assert.Equal(endLine[3], chain.Crc.ToString("x16"));
        // Each segment ends at the first key record at or after the next multiple.
        var keys = Parse.KeyRecordOffsets(full.Events);
        var segmentation = new RdbSegmentation(segmentBytes);
        long start = 0;
        int next = 0; // keys before it start before the current cut
        foreach (long end in chain.Ends.SkipLast(1))
        {
            while (next < keys.Count && keys[next] < segmentation.NextCut(start)) next++;
            long cut = next < keys.Count ? keys[next] : -1;
            // -1: the file's last record is an expiry or LRU opcode with no key after it, which one pass accepts too.
            if (cut != end && cut != -1)
                Assert.Fail($"{where}: a segment from {start} ended at {end}, the first key record from {segmentation.NextCut(start)} is at {cut}");
            start = end;
        }
        Assert.DoesNotContain(keys, o => o >= segmentation.NextCut(start));
        return chain;
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
            AssertSameAsParse(name, file, size, new RdbReaderOptions { BufferSize = 7 });
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
            // Reads of 4 KiB, not 1 MiB: with many small segments, each segment's reader fills its buffer once at least.
            var options = new RdbReaderOptions { BufferSize = 4096 };
            Chained each = null!;
            // A segment per key (1 B) only for the smaller files: each segment opens a reader.
            foreach (long size in s_segmentSizes.Where(size => size > 1 || file.Length < 256 << 10))
            {
                var c = AssertSameAsParse(Path.GetFileName(path), file, size, options);
                if (each is null || size == 1) each = c;
            }
            if (each.Segments > 2) cutFiles++;
            if (each.Error is not null) failing++;
        }
        Assert.True(cutFiles > 80, $"only {cutFiles} files were cut more than once");
        Assert.True(failing >= 4, $"only {failing} damaged files");
    }

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
    public void ParsingStopsAtAKeyRecord_NotAtTheRecordsBeforeIt()
    {
        // SELECTDB and RESIZEDB past the stop offset belong to the segment before the key record that follows them.
        var file = new RdbBuilder(11).StringKey("a", "1").SelectDb(3).ResizeDb(1, 1).ExpireMs(1).StringKey("b", "2").Build();
        var full = Parse.Events(file);
        long second = Parse.KeyRecordOffsets(full)[1];
        var v = new RecordingVisitor();
        var end = RdbParser.ParseSegment(new ChunkedStream(file, int.MaxValue, true), new RdbSegment(0, 12, "", 0, 0), v);
        Assert.Equal(second, end.Offset);
        Assert.Equal(3, end.Database);
        Assert.False(end.AtEof);
        Assert.Contains("resizedb 3 1 1", v.Events);
        Assert.DoesNotContain(v.Events, e => e.Contains("key db=3", StringComparison.Ordinal));
    }
}
