using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Rdb;

namespace RdbPlanner.Benchmarks;

/// <summary>CRC-64 Jones per kernel over one buffer; the reader calls it with chunks of the file, 64 B shows the short-input cost.</summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class Crc64Bench : IThroughputBenchmark
{
    private ICrc64Kernel _kernel = null!;
    private byte[] _data = [];

    public static IEnumerable<string> Kernels => Crc64Kernels.Available.Select(k => k.Name);

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "";

    [Params(64, 4096, 1 << 20)]
    public int Size { get; set; }

    public long BytesPerOperation => Size;

    public long ItemsPerOperation => 0;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = Crc64Kernels.Get(Kernel);
        _data = new byte[Size];
        new Random(64).NextBytes(_data);
    }

    [Benchmark]
    public ulong Crc64() => _kernel.Update(0, _data);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ThroughputColumn.MegabytesPerSecond, new KernelRatioColumn(nameof(Kernel), "Crc64Table8"));
    }
}
