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
        for (int n = 0; n < _jemalloc.Length; n++) _jemalloc[n] = (int)Jemalloc.Size(n, Allocator);
        for (int len = 0; len < _sdsRedis.Length; len++)
        {
            _sdsRedis[len] = (int)Sds.Alloc(len, valkey: false, Allocator);
            _sdsValkey[len] = (int)Sds.Alloc(len, valkey: true, Allocator);
        }
    }

    // Tables for the sizes asked per element (every field, value and member): small requests dominate, and a load
    // replaces the header choice and size-class arithmetic. Larger sizes take the formulas; both give the same values.
    private const int SmallSize = 1024;
    private readonly int[] _jemalloc = new int[SmallSize];
    private readonly int[] _sdsRedis = new int[SmallSize];
    private readonly int[] _sdsValkey = new int[SmallSize];

    // Valkey 8.1 collection tables by element count: the expected child buckets sum a binomial series (~90 terms),
    // and collections of the same small size recur throughout a snapshot.
    private readonly long[] _collectionTables81 = new long[4096];

    /// <summary>Valkey 8.1's table for a collection of n elements (<see cref="Valkey81Model.ComputeTable"/>), remembered for small n.</summary>
    public long CollectionTable81(long n)
    {
        if ((ulong)n >= (ulong)_collectionTables81.Length) return Valkey81Model.ComputeTable(n, this);
        ref long cached = ref _collectionTables81[n];
        if (cached == 0) cached = Valkey81Model.ComputeTable(n, this); // never 0 once computed: the struct alone is 80 B
        return cached;
    }

    // Valkey 9.1 skiplist nodes by member length (each a ~30-term expectation), for the lengths most members have.
    private readonly double[] _skiplistNodes91 = new double[SmallSize];

    /// <summary>Valkey 9.1's expected skiplist node for a member of <paramref name="length"/> bytes, remembered for short members.</summary>
    public double SkiplistNode91(long length)
    {
        if ((ulong)length >= SmallSize) return Skiplist.ExpectedNodeBytes91(length, Allocator);
        ref double cached = ref _skiplistNodes91[length];
        if (cached == 0) cached = Skiplist.ExpectedNodeBytes91(length, Allocator); // never 0 once computed
        return cached;
    }

    /// <summary>S(L): an sds of <paramref name="length"/> bytes as this allocator rounds it (<see cref="Sds.Alloc"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public long SdsAlloc(long length, bool valkey)
    {
        if ((ulong)length < SmallSize) return valkey ? _sdsValkey[length] : _sdsRedis[length];
        return Sds.Alloc(length, valkey, Allocator);
    }

    public AllocatorKind Allocator { get; }

    /// <summary>Redis 7.x / Valkey 8.0 share the integer objects 0..9999 unless maxmemory with an LRU/LFU policy.</summary>
    public bool ShareIntegers { get; }

    public double SkiplistNodeBytes { get; }

    public long SkiplistHeaderBytes { get; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public long J(long n) => (ulong)n < SmallSize ? _jemalloc[n] : Jemalloc.Size(n, Allocator);
}
