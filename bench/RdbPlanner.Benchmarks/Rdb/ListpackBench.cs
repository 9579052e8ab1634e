using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// Walking listpacks entry by entry as the reader does for every compact hash, set, zset and list node: a user-profile hash
/// (20 short field/value strings and integers), 128 integers (a timeline), 128 base64 tokens (a queue). 64 blobs per invocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ListpackBench : IThroughputBenchmark
{
    private const int BlobsPerOperation = 64;

    private byte[][] _blobs = [];

    [Params("profile20", "ints128", "tokens128")]
    public string Shape { get; set; } = "";

    public long BytesPerOperation => Build(Shape).Sum(b => (long)b.Length);

    public long ItemsPerOperation => Build(Shape).Sum(b => (long)new RdbListpackWalker(b, 0, strict: true).HeaderCount);

    [GlobalSetup]
    public void Setup() => _blobs = Build(Shape);

    [Benchmark]
    public long Walk()
    {
        long sum = 0;
        foreach (byte[] blob in _blobs)
        {
            var walker = new RdbListpackWalker(blob, 0, strict: true);
            while (walker.Next(out var entry))
            {
                sum += entry.IsInteger ? entry.Integer : entry.String.Length;
            }
        }
        return sum;
    }

    private static byte[][] Build(string shape)
    {
        var random = new Random(shape.Length);
        var blobs = new byte[BlobsPerOperation][];
        for (int b = 0; b < blobs.Length; b++)
        {
            IEnumerable<object> entries = shape switch
            {
                "profile20" => Enumerable.Range(0, 20).Select(i => i % 4 == 3 ? (object)(long)random.Next(1_000_000_000) : $"field{i}-{random.Next(1000)}"),
                "ints128" => Enumerable.Range(0, 128).Select(_ => (object)(long)random.Next(1, 1_000_000_000)),
                "tokens128" => Enumerable.Range(0, 128).Select(_ => (object)Convert.ToBase64String(RandomBytes(random, random.Next(8, 60)))),
                _ => throw new ArgumentException($"unknown shape {shape}"),
            };
            blobs[b] = RdbBlobs.Listpack(entries);
        }
        return blobs;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ThroughputColumn.MegabytesPerSecond, ThroughputColumn.MegaItemsPerSecond);
    }
}
