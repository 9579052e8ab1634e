using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Seeded, deterministic corruption of small valid snapshots (issue 7, "mutation tests in CI"). Every mutated input must
/// end in a clean parse or an RdbFormatException whose offset lies inside the input, within the time and memory budget
/// of <see cref="HostileRun"/>; the reader's event invariants (<see cref="Fuzz.InvariantVisitor"/>) must hold throughout.
/// Each test gathers every violation before failing, and saves the offending inputs under artifacts/hostile-failures/.
/// </summary>
public sealed class MutationTests
{
    public static TheoryData<string> Sources => new(Corpus.Seeds, Corpus.Builder, Corpus.PeerDumps);

    [Theory]
    [MemberData(nameof(Sources))]
    public void Truncation_AtEveryOffset_IsRejectedWithOffsetInsideThePrefix(string source)
    {
        var problems = new Problems(nameof(Truncation_AtEveryOffset_IsRejectedWithOffsetInsideThePrefix));
        int runs = 0;
        foreach (var file in Corpus.Load(source))
        {
            // A v5+ file cut after its EOF opcode only lacks (part of) the trailer; everything before that must fail.
            int mustFailBelow = file.Version >= 5 ? file.End - 8 : file.End;
            foreach (var options in new[] { RdbReaderOptions.Default, HostileRun.StrictNoChecksum })
            {
                for (int cut = 0; cut < file.Bytes.Length; cut++)
                {
                    var input = Mutator.Truncate(file.Bytes, cut);
                    var o = HostileRun.Parse(input, options, $"{file.Name} cut at {cut}{(options.Strict ? " strict" : "")}");
                    runs++;
                    problems.Check(o, input);
                    if (o.Clean && cut < mustFailBelow) problems.Add("truncation parsed cleanly", o.Input + ": truncated input parsed cleanly", input);
                    else if (o.Error is not null && o.Error.Offset > cut) problems.Add("offset beyond the cut", $"{o.Input}: offset {o.Error.Offset} beyond the {cut} bytes given", input);
                }
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void BitFlips_WithChecksum_AreAllDetected(string source)
    {
        var problems = new Problems(nameof(BitFlips_WithChecksum_AreAllDetected));
        int runs = 0;
        var rng = new Mutator(0xB17F11B5);
        foreach (var file in Corpus.Load(source).Where(f => f.HasChecksum))
        {
            int flips = Math.Min(file.Bytes.Length * 8, 400);
            for (int i = 0; i < flips; i++)
            {
                // Past the 9-byte header: a flip there may turn the version below 5, where no trailer exists.
                int at = 9 + rng.Below(file.End - 9);
                int bit = rng.Below(8);
                var input = Mutator.FlipBit(file.Bytes, at, bit);
                var o = HostileRun.Parse(input, RdbReaderOptions.Default, $"{file.Name} bit {bit} of byte {at} flipped");
                runs++;
                problems.Check(o, input);
                // CRC64 detects every single-bit error, so nothing may slip through.
                if (o.Clean) problems.Add("flip missed by the checksum", o.Input + ": parsed cleanly despite the CRC64 trailer", input);
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void BitFlips_WithoutChecksum_ReachStructuralChecks(string source)
    {
        var problems = new Problems(nameof(BitFlips_WithoutChecksum_ReachStructuralChecks));
        int runs = 0;
        var rng = new Mutator(0xF1195);
        foreach (var file in Corpus.Load(source))
        {
            int flips = Math.Min(file.Bytes.Length * 8, 600);
            for (int i = 0; i < flips; i++)
            {
                int at = rng.Below(file.Bytes.Length);
                int bit = rng.Below(8);
                var input = Mutator.FlipBit(file.Bytes, at, bit);
                var options = (i & 1) == 0 ? HostileRun.NoChecksum : HostileRun.StrictNoChecksum;
                problems.Check(HostileRun.Parse(input, options, $"{file.Name} bit {bit} of byte {at} flipped{(options.Strict ? " strict" : "")}"), input);
                runs++;
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void InflatedLengthPrefixes_NeverAllocateWhatTheyClaim(string source)
    {
        var problems = new Problems(nameof(InflatedLengthPrefixes_NeverAllocateWhatTheyClaim));
        int runs = 0;
        var rng = new Mutator(0x1AF1A7ED);
        foreach (var file in Corpus.Load(source))
        {
            // Every offset of small files (so every real length prefix is hit), a sample of larger ones.
            var offsets = file.Bytes.Length <= 400
                ? Enumerable.Range(0, file.Bytes.Length)
                : Enumerable.Range(0, 400).Select(_ => rng.Below(file.Bytes.Length));
            foreach (int at in offsets)
            {
                var len = Mutator.InflatedLengths[rng.Below(Mutator.InflatedLengths.Length)];
                // Overwrite the byte at `at` (a length byte becomes a huge length) and keep the rest of the file.
                var input = Mutator.Splice(file.Bytes, at, 1, len);
                bool forwardOnly = (at & 1) == 1; // half the inputs hide the stream length, as stdin and gzip do
                var o = HostileRun.Parse(input, HostileRun.NoChecksum, $"{file.Name} length 0x{Convert.ToHexString(len)} at {at}{(forwardOnly ? " forward-only" : "")}", forwardOnly);
                problems.Check(o, input);
                runs++;
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ZeroedRuns_AreHandled(string source)
    {
        var problems = new Problems(nameof(ZeroedRuns_AreHandled));
        int runs = 0;
        var rng = new Mutator(0x2E20);
        foreach (var file in Corpus.Load(source))
        {
            for (int i = 0; i < 150; i++)
            {
                int at = rng.Below(file.Bytes.Length);
                int len = 1 + rng.Below(48);
                var input = Mutator.Zero(file.Bytes, at, len);
                var options = (i & 1) == 0 ? HostileRun.NoChecksum : HostileRun.StrictNoChecksum;
                problems.Check(HostileRun.Parse(input, options, $"{file.Name} {len} bytes zeroed at {at}"), input);
                runs++;
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void SplicedGarbage_IsHandled(string source)
    {
        var problems = new Problems(nameof(SplicedGarbage_IsHandled));
        int runs = 0;
        var rng = new Mutator(0x5B11CE);
        var files = Corpus.Load(source);
        foreach (var file in files)
        {
            for (int i = 0; i < 150; i++)
            {
                int at = rng.Below(file.Bytes.Length);
                byte[] inserted;
                string what;
                if ((i % 3) == 2)
                {
                    // A slice of another valid file: well-formed records in the wrong place.
                    var donor = files[rng.Below(files.Count)].Bytes;
                    int from = rng.Below(donor.Length);
                    inserted = donor.AsSpan(from, Math.Min(1 + rng.Below(64), donor.Length - from)).ToArray();
                    what = $"{inserted.Length} donor bytes";
                }
                else
                {
                    inserted = rng.RandomBytes(1 + rng.Below(32));
                    what = $"{inserted.Length} random bytes";
                }
                int removed = (i & 1) == 0 ? 0 : inserted.Length; // insert, or overwrite in place
                var input = Mutator.Splice(file.Bytes, at, removed, inserted);
                problems.Check(HostileRun.Parse(input, HostileRun.NoChecksum, $"{file.Name} {what} {(removed == 0 ? "inserted" : "written")} at {at}"), input);
                runs++;
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void WrongChecksum_IsReportedAtTheTrailer_AndIgnoredWhenVerificationIsOff(string source)
    {
        var problems = new Problems(nameof(WrongChecksum_IsReportedAtTheTrailer_AndIgnoredWhenVerificationIsOff));
        int runs = 0;
        foreach (var file in Corpus.Load(source).Where(f => f.HasChecksum))
        {
            for (int b = 0; b < 8; b++)
            {
                var input = Mutator.FlipBit(file.Bytes, file.End - 8 + b, b);
                var on = HostileRun.Parse(input, RdbReaderOptions.Default, $"{file.Name} trailer byte {b} wrong");
                problems.Check(on, input);
                if (on.Error is null) problems.Add("wrong checksum accepted", on.Input + ": wrong checksum accepted", input);
                else if (on.Error.Offset < file.End - 9) problems.Add("mismatch reported early", $"{on.Input}: mismatch reported at {on.Error.Offset}, before the EOF opcode", input);
                else if (!on.Error.Message.Contains("checksum", StringComparison.OrdinalIgnoreCase) && !on.Error.Message.Contains("CRC", StringComparison.OrdinalIgnoreCase))
                    problems.Add("message without checksum", $"{on.Input}: message does not say checksum: {on.Error.Message}", input);

                var off = HostileRun.Parse(input, HostileRun.NoChecksum, $"{file.Name} trailer byte {b} wrong, not verified");
                problems.Check(off, input);
                if (!off.Clean) problems.Add("unverified file rejected", $"{off.Input}: {off.Describe()}", input);
                else if (off.Visitor.Checksum == RdbChecksumStatus.Ok) problems.Add("wrong trailer reported Ok", off.Input + ": reported Ok for a wrong trailer", input);
                runs += 2;
            }
        }
        problems.AssertNone(runs);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void UnmutatedCorpus_ParsesCleanly(string source)
    {
        // The baseline: without it every "rejected" above could be a reader that rejects everything.
        foreach (var file in Corpus.Load(source))
        {
            foreach (var options in new[] { RdbReaderOptions.Default, new RdbReaderOptions { Strict = true } })
            {
                var o = HostileRun.Check(file.Bytes, options, file.Name + (options.Strict ? " strict" : ""));
                Assert.True(o.Clean, $"{o.Input}: {o.Describe()}");
            }
        }
    }
}
