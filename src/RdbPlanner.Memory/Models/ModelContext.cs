using RdbPlanner.Memory.Layout;

namespace RdbPlanner.Memory.Models;

/// <summary>Per-options constants the models share, computed once per estimator.</summary>
internal sealed class ModelContext
{
    public ModelContext(MemoryModelOptions options)
    {
        Allocator = options.Allocator;
        ShareIntegers = !options.NoSharedIntegers;
        SkiplistNodeBytes = Skiplist.ExpectedNodeBytes(Allocator);
        SkiplistHeaderBytes = Skiplist.HeaderNodeBytes(Allocator);
    }

    public AllocatorKind Allocator { get; }

    /// <summary>Redis 7.x / Valkey 8.0 share the integer objects 0..9999 unless maxmemory with an LRU/LFU policy.</summary>
    public bool ShareIntegers { get; }

    public double SkiplistNodeBytes { get; }

    public long SkiplistHeaderBytes { get; }

    public long J(long n) => Jemalloc.Size(n, Allocator);
}
