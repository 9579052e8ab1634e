using System.Diagnostics;
using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>What one parse of a hostile input did.</summary>
internal sealed record HostileOutcome(
    string Input,
    int InputLength,
    RdbFileInfo? Info,
    InvariantVisitor Visitor,
    RdbFormatException? Error,
    Exception? Bug,
    TimeSpan Elapsed,
    long AllocatedBytes,
    long MaxRentedBytes)
{
    public bool Clean => Error is null && Bug is null;

    /// <summary>Null when the hostile-input rules hold, else what broke them.</summary>
    public string? Violation() => Broken()?.Message;

    /// <summary>The broken rule as a short kind (for grouping many failures) and a full message.</summary>
    public (string Kind, string Message)? Broken()
    {
        if (Bug is not null) return ($"threw {Bug.GetType().Name}", $"{Input}: threw {Bug.GetType().Name} instead of RdbFormatException: {Bug.Message}\n{Bug.StackTrace}");
        if (Error is not null)
        {
            if (Error.Offset < 0 || Error.Offset > InputLength)
                return ("offset outside the input", $"{Input}: error offset {Error.Offset} outside the {InputLength}-byte input ({Error.Message})");
            if (string.IsNullOrWhiteSpace(Error.Message) || Error.Message.AsSpan().IndexOfAny('\r', '\n') >= 0)
                return ("message not one line", $"{Input}: error message is not one line: '{Error.Message}'");
        }
        if (Elapsed > HostileRun.TimeBudget) return ("too slow", $"{Input}: took {Elapsed.TotalSeconds:F1} s (budget {HostileRun.TimeBudget.TotalSeconds} s)");
        long budget = HostileRun.AllocationBudget(InputLength);
        if (AllocatedBytes > budget) return ("allocation over budget", $"{Input}: allocated {AllocatedBytes:N0} bytes (budget {budget:N0})");
        if (MaxRentedBytes > budget) return ("rent over budget", $"{Input}: rented a {MaxRentedBytes:N0}-byte buffer (budget {budget:N0})");
        return null;
    }

    public string Describe() => Bug is not null ? $"BUG {Bug.GetType().Name}"
        : Error is not null ? $"error at {Error.Offset}{(Error.Limit is null ? "" : $" [{Error.Limit}]")}: {Error.Message}"
        : $"ok ({Visitor.Keys} keys, checksum {Info?.Checksum})";
}

internal static class HostileRun
{
    /// <summary>Every hostile input must be decided within this (issue 7).</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Memory a parse may take: a fixed 16 MiB (read buffer, pools, visitor) plus 100 bytes per input byte, because a
    /// legitimate LZF blob decodes to at most 88 bytes per compressed byte (lzf_d.c). Nothing may scale with a length
    /// the file merely claims.
    /// </summary>
    public static long AllocationBudget(long inputLength) => (16L << 20) + 100 * inputLength;

    public static readonly RdbReaderOptions NoChecksum = new() { VerifyChecksum = false };
    public static readonly RdbReaderOptions StrictNoChecksum = new() { VerifyChecksum = false, Strict = true };

    static HostileRun() => _ = RentTracker.Instance;

    public static HostileOutcome Parse(byte[] data, RdbReaderOptions? options = null, string input = "input", bool forwardOnly = false)
    {
        var visitor = new InvariantVisitor();
        Stream stream = new MemoryStream(data, writable: false);
        if (forwardOnly) stream = new ForwardOnlyStream(stream, maxRead: 4096);
        RdbFileInfo? info = null;
        RdbFormatException? error = null;
        Exception? bug = null;
        RentTracker.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            info = RdbParser.Parse(stream, visitor, options ?? RdbReaderOptions.Default, input);
        }
        catch (RdbFormatException e)
        {
            error = e;
        }
        catch (Exception e)
        {
            bug = e;
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        stream.Dispose();
        return new HostileOutcome(input, data.Length, info, visitor, error, bug, clock.Elapsed, allocated, RentTracker.MaxRentedOnThisThread);
    }

    /// <summary>Parses and asserts the hostile-input rules; returns the outcome for further checks.</summary>
    public static HostileOutcome Check(byte[] data, RdbReaderOptions? options = null, string input = "input", bool forwardOnly = false)
    {
        var outcome = Parse(data, options, input, forwardOnly);
        if (outcome.Violation() is { } v) Assert.Fail(v);
        return outcome;
    }

    /// <summary>Parses and requires an RdbFormatException (optionally a given limit), within the rules.</summary>
    public static RdbFormatException Rejects(byte[] data, RdbReaderOptions? options = null, string input = "input", bool forwardOnly = false, string? limit = null)
    {
        var outcome = Check(data, options, input, forwardOnly);
        Assert.True(outcome.Error is not null, $"{input}: expected an RdbFormatException, parsed cleanly ({outcome.Describe()})");
        if (limit is not null)
        {
            Assert.True(outcome.Error.Limit == limit, $"{input}: expected limit {limit}, got {outcome.Describe()}");
            Assert.Contains(limit, outcome.Error.Message, StringComparison.Ordinal);
        }
        return outcome.Error;
    }
}
