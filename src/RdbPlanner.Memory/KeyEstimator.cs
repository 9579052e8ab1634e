using RdbPlanner.Memory.Layout;
using RdbPlanner.Memory.Models;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>
/// Turns the reader's per-key events into a <see cref="KeyEstimate"/> for every engine model at once. Call
/// <see cref="BeginKey"/>, feed the value's events, then read <see cref="Result"/> per model. Allocates nothing per key.
/// </summary>
public sealed class KeyEstimator : IRdbValueSink
{
    private readonly ValueFacts _facts = new();
    private readonly KeyEstimate[] _results = new KeyEstimate[EngineModelNames.All.Length];
    private readonly ModelContext _context;
    private StringCostCache? _stringCosts; // made on first use, by the thread that uses it
    private long _declaredCount; // of the current value, as BeginValue gave it: a quicklist's nodes
    // A stream's rax keys as the file lists them: its node IDs, the pending list being read (a group's, then each
    // consumer's), its group names and the open group's consumer names. Sized exactly when every key came in order;
    // otherwise StreamLayout lays IDs out from the counts and NameRax assumes names that differ in their first byte.
    private RaxTreeSizer _streamNodeIds;
    private RaxTreeSizer _pelIds;
    private NameRaxSizer? _groupNames;
    private NameRaxSizer? _consumerNames;

    public KeyEstimator(MemoryModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _context = new ModelContext(options);
    }

    public MemoryModelOptions Options { get; }

    /// <summary>
    /// Key size at or below which the caller needs no <see cref="KeyEstimate.LargestElement"/> (an analysis whose top-N
    /// list already holds that many bigger keys): a compact blob every model keeps as it is is then taken by its
    /// header's count (<see cref="RdbItemDetail.Count"/>), neither walked nor decompressed, when
    /// <see cref="KeptBlobKeyBound"/> shows the key cannot be bigger, and its largest element is reported as -1.
    /// Default -1: every largest element is measured.
    /// </summary>
    public long LargestElementWantedAbove { get; set; } = -1;

    /// <summary>
    /// More than any model's bytes, standalone or in cluster mode, for a key of <paramref name="keyLength"/> bytes, with
    /// or without a TTL, whose value is a compact blob of <paramref name="blobBytes"/> kept as it is (a listpack hash or
    /// sorted set within its entry limit, a list of one packed node). A loose bound, so that no layout detail can break
    /// it: jemalloc rounds a request up by less than double (size classes, memory-model.md §1), each copy of the key (its
    /// sds, or embedded in an entry or object) likewise, and the fixed parts (robj, dict entries, bucket share, expire
    /// entry, quicklist and node structs) take a few hundred bytes at most.
    /// </summary>
    public static long KeptBlobKeyBound(long keyLength, long blobBytes) => 2 * blobBytes + 2 * keyLength + 1024;

    private bool WantsLargestElement(long blobBytes) => KeptBlobKeyBound(_facts.KeyLength, blobBytes) > LargestElementWantedAbove;

    public void BeginKey(in RdbKeyInfo key)
    {
        _facts.KeyLength = key.KeyLength;
        _facts.HasTtl = key.HasExpiry;
        _facts.Type = key.Type; // the value's facts are reset by BeginValue
        _facts.Kind = key.Kind;
    }

    public ref readonly KeyEstimate Result(EngineModel model) => ref _results[(int)model];

    /// <summary>Every model's estimate of the last key, indexed by <see cref="EngineModel"/>.</summary>
    public ReadOnlySpan<KeyEstimate> Results => _results;

    /// <summary>
    /// Every model's estimate of a plain string key in one call, the same as <see cref="BeginKey"/>, a string value and
    /// <see cref="EndValue"/> give, without the per-value facts: most keys of a snapshot are strings.
    /// </summary>
    public ReadOnlySpan<KeyEstimate> EstimateString(long keyLength, bool hasTtl, RdbScalar value)
    {
        var c = _context;
        DictEngineModel.EstimateString(keyLength, hasTtl, value, c, EngineModel.Redis72, ref _results[(int)EngineModel.Redis72]);
        // The 7.0 model differs from 7.2 only in collection encodings (memory-model.md §11), so a string's estimate is
        // the same: copied rather than computed again.
        _results[(int)EngineModel.Redis70].CopyFrom(in _results[(int)EngineModel.Redis72]);
        DictEngineModel.EstimateString(keyLength, hasTtl, value, c, EngineModel.Valkey80, ref _results[(int)EngineModel.Valkey80]);
        Valkey81Model.EstimateString(keyLength, hasTtl, value, c, ref _results[(int)EngineModel.Valkey81]);
        Valkey91Model.EstimateString(keyLength, hasTtl, value, c, ref _results[(int)EngineModel.Valkey91]);
        return _results;
    }

    /// <summary>
    /// What <see cref="EstimateString"/> gives, as <see cref="KeyCosts"/>, remembered: a string's costs depend only on
    /// the key's length, the TTL and the value's class (its length, or for an integer whether it is a shared one), and
    /// snapshots repeat those few combinations millions of times. A string has one element, its value (the largest).
    /// Written to <paramref name="costs"/>.
    /// </summary>
    public void StringCosts(long keyLength, bool hasTtl, RdbScalar value, ref KeyCosts costs) =>
        (_stringCosts ??= new()).Get(this, keyLength, hasTtl, value, ref costs);

    public void BeginValue(RdbValueType type, long declaredCount)
    {
        _facts.Reset(type);
        _declaredCount = declaredCount;
        if (type.Kind() == RdbObjectKind.Stream)
        {
            _streamNodeIds = new RaxTreeSizer(_context.Allocator);
            _pelIds = new RaxTreeSizer(_context.Allocator);
            (_groupNames ??= new NameRaxSizer(_context.Allocator)).Reset();
            (_consumerNames ??= new NameRaxSizer(_context.Allocator)).Reset();
        }
    }

    public void String(RdbScalar value, long compressedLength)
    {
        _facts.StringValue = value;
        _facts.Count = 1;
        _facts.MaxLength = value.Length;
    }

    public void Blob(RdbBlobKind kind, long bytes, int intsetWidth)
    {
        _facts.HasBlob = true;
        _facts.BlobKind = kind;
        _facts.BlobBytes = bytes;
    }

    public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount)
    {
        var f = _facts;
        CloseStoredNode();
        f.NodeOpen = true;
        f.NodeContainer = container;
        f.NodeBlobBytes = blobBytes;
        f.NodeListpackBytes = Listpack.Overhead;
        f.NodeElements = 0;
    }

    private void CloseStoredNode()
    {
        var f = _facts;
        if (!f.NodeOpen) return;
        f.NodeOpen = false;
        var kind = _context.Allocator;
        switch (f.NodeContainer)
        {
            case RdbQuicklistContainer.Plain:
                f.StoredNodes++;
                f.StoredNodeAlloc += Jemalloc.Size(f.NodeBlobBytes, kind);
                break;
            case RdbQuicklistContainer.Packed:
                if (f.NodeElements == 0) return; // the loader drops empty nodes
                f.StoredNodes++;
                f.StoredPackedNodes++;
                f.StoredNodeAlloc += Jemalloc.Size(f.NodeBlobBytes, kind);
                f.StoredLastPackedBytes = f.NodeBlobBytes;
                break;
            default:
                // A ziplist node is converted to a listpack and shrunk to fit.
                if (f.NodeElements == 0) return;
                f.StoredNodes++;
                f.StoredPackedNodes++;
                f.StoredNodeAlloc += Jemalloc.Size(f.NodeListpackBytes, kind);
                f.StoredLastPackedBytes = f.NodeListpackBytes;
                break;
        }
    }

    public void Element(RdbScalar element)
    {
        var f = _facts;
        f.Count++;
        long len = element.Length;
        if (len > f.MaxLength) f.MaxLength = len;
        long entry = Listpack.EntryBytes(element);
        f.ListpackBytes += entry;
        if (element.IsInteger)
        {
            long v = element.Integer;
            if (f.Count == 1) { f.MinInteger = v; f.MaxInteger = v; }
            else if (v < f.MinInteger) f.MinInteger = v;
            else if (v > f.MaxInteger) f.MaxInteger = v;
        }
        else
        {
            f.AllIntegers = false;
        }
        var kind = _context.Allocator;
        if (f.Kind == RdbObjectKind.List)
        {
            if (f.NodeOpen)
            {
                f.NodeElements++;
                f.NodeListpackBytes += entry;
            }
            else if (f.IsPlainList)
            {
                f.Fill.Push(len, entry, kind);
                f.Fill70.Push(len, entry, kind);
            }
            return;
        }
        f.SdsRedis += _context.SdsAlloc(len, valkey: false);
        f.SdsValkey += _context.SdsAlloc(len, valkey: true);
    }

    /// <summary>
    /// A listpack node is kept as it is, so of its elements the models need only the count and the longest (the
    /// element-level sums serve ziplist nodes, which are converted, and other kinds); the count alone when the node is
    /// the whole list and its largest element is not wanted (<see cref="LargestElementWantedAbove"/>).
    /// </summary>
    public RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes)
    {
        if (container != RdbQuicklistContainer.Packed) return RdbItemDetail.Items;
        return _declaredCount == 1 && !WantsLargestElement(blobBytes) ? RdbItemDetail.Count : RdbItemDetail.Summary;
    }

    public void NodeElementSummary(long elements, long longestElement)
    {
        var f = _facts;
        f.Count += elements;
        if (longestElement < 0) f.MaxLength = -1; // not measured (RdbItemDetail.Count): the list is this one node
        else if (longestElement > f.MaxLength) f.MaxLength = longestElement;
        f.NodeElements += elements;
    }

    public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs)
    {
        var f = _facts;
        f.Count++;
        long fl = field.Length, vl = value.Length;
        long max = Math.Max(fl, vl);
        if (max > f.MaxLength) f.MaxLength = max;
        f.ListpackBytes += Listpack.EntryBytes(field) + Listpack.EntryBytes(value);
        var c = _context;
        f.SdsRedis += c.SdsAlloc(fl, false) + c.SdsAlloc(vl, false);
        f.SdsValkey += c.SdsAlloc(fl, true) + c.SdsAlloc(vl, true);
        long entry81 = Valkey81Model.HashEntryBytes(fl, vl, c);
        f.HashEntries81 += entry81;
        f.HashEntries91 += fieldExpireAtMs < 0 ? entry81 : Valkey91Model.HashEntryBytes(fl, vl, fieldTtl: true, c);
    }

    public void ZSetEntry(RdbScalar member, double score)
    {
        var f = _facts;
        f.Count++;
        long len = member.Length;
        if (len > f.MaxLength) f.MaxLength = len;
        // Score text is the costly part (formatting a double), and a rebuilt listpack size only matters when the loader
        // builds a listpack: never past zset-max-listpack-entries, so not for a plain sorted set declared bigger (it has
        // exactly the entries it declares; a blob's header may be wrong), nor when the file's own listpack is kept as is.
        bool mayBeListpack = f.HasBlob ? f.Type != RdbValueType.ZSetListpack : _declaredCount <= EncodingRules.ZsetMaxListpackEntries;
        if (f.Count <= EncodingRules.ZsetMaxListpackEntries && mayBeListpack)
        {
            long entry = Listpack.EntryBytes(member);
            f.ListpackBytes += entry + Listpack.ScoreEntryBytes(score, ScoreText.Grisu);
            f.ListpackBytes70 += entry + Listpack.ScoreEntryBytes(score, ScoreText.Printf17g);
        }
        f.SdsRedis += _context.SdsAlloc(len, false);
        f.SdsValkey += _context.SdsAlloc(len, true);
        f.ZsetNodes91 += _context.SkiplistNode91(len);
    }

    /// <summary>
    /// Blobs every model keeps as they are need only their pair count and longest entries, not an event per pair; only
    /// the count when the largest element is not wanted (<see cref="LargestElementWantedAbove"/>).
    /// </summary>
    public RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes)
    {
        if (!EncodingRules.KeepsPairBlob(type, declaredPairs)) return RdbItemDetail.Items;
        return WantsLargestElement(blobBytes) ? RdbItemDetail.Summary : RdbItemDetail.Count;
    }

    public void PairSummary(long pairs, long longestFirst, long longestSecond)
    {
        var f = _facts;
        f.Count = pairs;
        // As Pair and ZSetEntry count them: a hash's longest field or value, a sorted set's longest member (-1 for both
        // when only the count was read).
        f.MaxLength = f.Kind == RdbObjectKind.ZSet ? longestFirst : Math.Max(longestFirst, longestSecond);
    }

    public void StreamNode(long listpackBytes, long entries)
    {
        _facts.StreamNodes++;
        _facts.StreamEntries += entries;
        _facts.StreamListpackAlloc += Jemalloc.Size(listpackBytes, _context.Allocator);
    }

    public void StreamRaxKey(RdbStreamRax rax, ReadOnlySpan<byte> key)
    {
        switch (rax)
        {
            case RdbStreamRax.Index: _streamNodeIds.Add(key); break;
            case RdbStreamRax.Groups: _groupNames?.Add(key); break;
            case RdbStreamRax.Consumers: _consumerNames?.Add(key); break;
            default: _pelIds.Add(key); break;
        }
    }

    public void StreamGroup(long nameLength, long pelEntries, long consumers)
    {
        CloseConsumerRax();
        _facts.StreamGroupNames.Add(nameLength, _context.Allocator);
        _facts.StreamGroups++;
        _facts.StreamPelEntries += pelEntries;
        _facts.StreamGroupNameBytes += nameLength;
        _facts.StreamPelRaxBytes += TakePelRaxBytes(pelEntries);
    }

    public void StreamConsumer(long nameLength, long pelEntries)
    {
        var f = _facts;
        f.StreamConsumers++;
        f.StreamOpenConsumerNames.Add(nameLength, _context.Allocator);
        f.StreamConsumerPelEntries += pelEntries;
        f.StreamPelRaxBytes += TakePelRaxBytes(pelEntries);
        f.StreamConsumerNamesRedis += Sds.Alloc(nameLength, false, _context.Allocator);
        f.StreamConsumerNamesValkey += Sds.Alloc(nameLength, true, _context.Allocator);
    }

    /// <summary>A names rax: its exact tree when every name came, else sized from the names' lengths.</summary>
    private long ExactOr(NameRaxSizer? names, in NameRax lengths) =>
        names is { Exact: true } && names.Count == lengths.Count ? names.Bytes() : lengths.Bytes(_context.Allocator);

    /// <summary>The pending list just read: its exact tree when its IDs came, else laid out from the count.</summary>
    private double TakePelRaxBytes(long pelEntries)
    {
        double bytes = _pelIds.Exact && _pelIds.Count == pelEntries
            ? _pelIds.Bytes()
            : StreamLayout.PelRaxBytes(pelEntries, _context.Allocator);
        _pelIds = new RaxTreeSizer(_context.Allocator);
        return bytes;
    }

    // A group's consumers rax is complete when the next group (or the stream's end) is reported.
    private void CloseConsumerRax()
    {
        var f = _facts;
        if (f.StreamGroups == 0) return;
        f.StreamConsumerRaxBytes += ExactOr(_consumerNames, f.StreamOpenConsumerNames);
        f.StreamOpenConsumerNames = default;
        _consumerNames?.Reset();
    }

    public void Stream(in RdbStreamFacts facts)
    {
        CloseConsumerRax();
        _facts.StreamLength = facts.Length;
        _facts.StreamGroupRaxBytes = ExactOr(_groupNames, _facts.StreamGroupNames);
        _facts.StreamIndexRaxBytes = _streamNodeIds.Exact && _streamNodeIds.Count == _facts.StreamNodes
            ? _streamNodeIds.Bytes()
            : StreamLayout.IndexRaxBytes(_facts.StreamNodes, _facts.StreamEntries, facts.LastIdMs, facts.LastIdSeq, _context.Allocator);
        _facts.Count = facts.Length;
    }

    public void Module(ulong moduleId, string moduleName, long serializedBytes)
    {
        _facts.ModuleBytes = serializedBytes;
    }

    public void EndValue()
    {
        CloseStoredNode();
        var f = _facts;
        if (f.Kind == RdbObjectKind.String)
        {
            EstimateString(f.KeyLength, f.HasTtl, f.StringValue);
            return;
        }
        DictEngineModel.Estimate(f, _context, EngineModel.Redis72, ref _results[(int)EngineModel.Redis72]);
        DictEngineModel.Estimate(f, _context, EngineModel.Redis70, ref _results[(int)EngineModel.Redis70]);
        DictEngineModel.Estimate(f, _context, EngineModel.Valkey80, ref _results[(int)EngineModel.Valkey80]);
        Valkey81Model.Estimate(f, _context, ref _results[(int)EngineModel.Valkey81]);
        Valkey91Model.Estimate(f, _context, ref _results[(int)EngineModel.Valkey91]);
    }
}
