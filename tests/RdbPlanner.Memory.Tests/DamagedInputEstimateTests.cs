using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// Whatever a damaged file makes the reader report (sizing hints, counts, lengths), the models' arithmetic must not
/// overflow: a file that still parses gets estimates that are never negative, for every model and mode. Seeded byte
/// overwrites of the fixtures, checksum not verified so that the damage reaches the models.
/// </summary>
public class DamagedInputEstimateTests
{
    [Fact]
    public void Damaged_files_that_parse_never_get_negative_estimates()
    {
        var files = Directory.GetFiles(Path.Combine(FixturePaths.RepoRoot, "fixtures", "rdb"), "*.rdb")
            .Append(Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb"))
            .Order(StringComparer.Ordinal).ToList();
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "volatile-lru");
        var reader = new RdbReaderOptions { VerifyChecksum = false };
        var random = new Random(0x5EED);
        int parsed = 0, rejected = 0;
        var negative = new List<string>();
        foreach (var path in files)
        {
            byte[] original = File.ReadAllBytes(path);
            var inputs = new List<byte[]>();
            for (int i = 0; i < 150; i++)
            {
                // 1-4 bytes overwritten past the header, big values favoured: they become lengths, counts and hints.
                byte[] input = (byte[])original.Clone();
                for (int n = random.Next(1, 5); n > 0; n--) input[random.Next(9, input.Length)] = (byte)(random.Next(2) == 0 ? 0xFF : random.Next(256));
                inputs.Add(input);
            }
            // The first bytes that may be a RESIZEDB opcode (0xFB; real ones follow each SELECTDB) with the first count
            // replaced by a huge 64-bit one.
            for (int at = 9, variants = 0; at + 2 < original.Length && variants < 24; at++)
            {
                if (original[at] != 0xFB || LengthBytes(original[at + 1]) is not int old) continue;
                long huge = (long)(random.NextInt64(1L << 40, long.MaxValue));
                byte[] length = [0x81, .. BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(huge))];
                inputs.Add([.. original.AsSpan(0, at + 1), .. length, .. original.AsSpan(at + 1 + old)]);
                variants++;
            }
            for (int i = 0; i < inputs.Count; i++)
            {
                byte[] input = inputs[i];
                var visitor = new EstimatingVisitor(options);
                try
                {
                    RdbParser.Parse(new MemoryStream(input), visitor, reader, "damaged");
                }
                catch (RdbFormatException)
                {
                    rejected++;
                    continue;
                }
                parsed++;
                foreach (var model in EngineModelNames.All)
                {
                    var e = visitor.Dataset.Complete(model);
                    if (e.StandaloneBytes < 0 || e.ClusterBytes < 0 || e.SlotBytes.Any(b => b < 0))
                    {
                        negative.Add($"{Path.GetFileName(path)} mutation {i}: {model.Name()} standalone {e.StandaloneBytes}, cluster {e.ClusterBytes}");
                    }
                }
            }
        }
        Assert.True(parsed > 100, $"only {parsed} damaged files parsed ({rejected} rejected): the test would check little");
        Assert.True(negative.Count == 0, string.Join("\n", negative.Take(20)));
    }

    /// <summary>Bytes of an RDB length starting with <paramref name="first"/> (memory-model.md §8.2), null for the special encodings.</summary>
    private static int? LengthBytes(byte first) => (first >> 6) switch
    {
        0 => 1,
        1 => 2,
        2 => first == 0x80 ? 5 : first == 0x81 ? 9 : null,
        _ => null,
    };
}
