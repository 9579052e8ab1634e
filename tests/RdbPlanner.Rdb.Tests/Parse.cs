using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Shortcuts for running the parser over bytes in tests.</summary>
internal static class Parse
{
    public static RecordingVisitor Record(byte[] file, RdbReaderOptions? options = null, bool seekable = true, int chunk = int.MaxValue)
    {
        var v = new RecordingVisitor();
        RdbParser.Parse(new ChunkedStream(file, chunk, seekable), v, options);
        return v;
    }

    public static List<string> Events(byte[] file, RdbReaderOptions? options = null) => Record(file, options).Events;

    /// <summary>Where each key record starts (its expiry or LRU opcodes included), from a recording's key events.</summary>
    public static List<long> KeyRecordOffsets(IEnumerable<string> events) =>
        events.Where(e => e.StartsWith("key ", StringComparison.Ordinal))
            .Select(e => long.Parse(e.Split(' ').First(f => f.StartsWith("at=", StringComparison.Ordinal))[3..])).ToList();

    /// <summary>The events of the first key's value (between "key" and "endkey", exclusive).</summary>
    public static List<string> ValueEvents(byte[] file, RdbReaderOptions? options = null)
    {
        var e = Events(file, options);
        int start = e.FindIndex(s => s.StartsWith("key ", StringComparison.Ordinal));
        int end = e.FindIndex(start, s => s == "endkey");
        return e.GetRange(start + 1, end - start - 1);
    }

    public static RdbFormatException Fails(byte[] file, RdbReaderOptions? options = null, bool seekable = true)
    {
        try
        {
            RdbParser.Parse(new ChunkedStream(file, int.MaxValue, seekable), new RecordingVisitor(), options);
        }
        catch (RdbFormatException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("expected an RdbFormatException, the file parsed");
    }
}
