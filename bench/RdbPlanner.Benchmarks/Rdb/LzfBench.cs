using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit.Reference;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// LZF decompression of JSON-like text (gen_bench.py's product documents), MB/s of output. The reader decompresses only
/// compressed compact blobs (ziplist/listpack/intset); compressed plain strings are skipped, so this bounds that path.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LzfBench : IThroughputBenchmark
{
    private byte[] _compressed = [];
    private byte[] _output = [];

    [Params(4096, 65536)]
    public int Size { get; set; }

    public long BytesPerOperation => Size;

    public long ItemsPerOperation => 0;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        string[] words = ["alpha", "beta", "london", "paris", "shirt", "laptop", "red", "omega", "chair", "tokyo", "EUR"];
        var text = new StringBuilder();
        for (int id = 1; text.Length < Size; id++)
        {
            text.Append($"{{\"id\":{id},\"name\":\"{words[random.Next(words.Length)]}\",\"price\":{random.Next(1, 999)}.{random.Next(100):00},\"stock\":{random.Next(5000)},\"desc\":\"");
            for (int w = random.Next(5, 25); w > 0; w--)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }
            text.Append("\"}");
        }
        byte[] plain = Encoding.ASCII.GetBytes(text.ToString(0, Size));
        _compressed = LzfCompressor.Compress(plain);
        _output = new byte[Size];
        if (Lzf.Decompress(_compressed, _output) != Size || !_output.AsSpan().SequenceEqual(plain))
        {
            throw new InvalidOperationException("LZF round trip failed");
        }
    }

    [Benchmark]
    public int Decompress() => Lzf.Decompress(_compressed, _output);

    /// <summary>A whole stream checked, only a listpack header's 6 bytes kept: how a blob counted by its header is read.</summary>
    [Benchmark]
    public int Scan() => Lzf.Scan(_compressed, Size, _output.AsSpan(0, 6));

    /// <summary>The byte-exact reference decoder the vector one is tested against.</summary>
    [Benchmark(Baseline = true)]
    public int DecompressScalar() => Lzf.DecompressScalar(_compressed, _output);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ThroughputColumn.MegabytesPerSecond);
    }
}
