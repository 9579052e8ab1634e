namespace RdbPlanner.Rdb;

/// <summary>
/// Object type byte of a key record. Values are the on-disk ids from rdb.h (redis 7.4.1, valkey 9.1.2);
/// the comment on each names the RDB version / release that introduced it (memory-model.md §8.3).
/// Type 22 means different things under the two magics: the reader maps Valkey's HASH_2 to <see cref="ValkeyHash2"/>.
/// </summary>
public enum RdbValueType : byte
{
    String = 0,              // v1
    List = 1,                // v1, linked list of strings
    Set = 2,                 // v1
    ZSet = 3,                // v1, ASCII scores
    Hash = 4,                // v1
    ZSet2 = 5,               // v8 (4.0), binary double scores
    ModulePreGa = 6,         // 4.0-rc, rejected by every engine since
    Module2 = 7,             // v8, self-describing module opcode stream
    HashZipmap = 9,          // v2 (2.4)
    ListZiplist = 10,        // v2
    SetIntset = 11,          // v2
    ZSetZiplist = 12,        // v2
    HashZiplist = 13,        // 2.6
    ListQuicklist = 14,      // v7 (3.2), ziplist nodes
    StreamListpacks = 15,    // v9 (5.0)
    HashListpack = 16,       // v10 (7.0)
    ZSetListpack = 17,       // v10
    ListQuicklist2 = 18,     // v10, PLAIN/PACKED nodes
    StreamListpacks2 = 19,   // v10
    SetListpack = 20,        // v11 (7.2)
    StreamListpacks3 = 21,   // v11
    HashMetadataPreGa = 22,  // v12 (7.4-rc), REDIS magic only
    HashListpackExPreGa = 23,// v12 (7.4-rc)
    HashMetadata = 24,       // v12 (7.4), hash with field TTLs
    HashListpackEx = 25,     // v12 (7.4), listpack hash with field TTLs
    ValkeyHash2 = 122,       // VALKEY080 (9.0) type byte 22: hash with field TTLs. Not an on-disk id.
}

/// <summary>The data type a user sees (TYPE command), independent of encoding.</summary>
public enum RdbObjectKind : byte
{
    String,
    List,
    Set,
    ZSet,
    Hash,
    Stream,
    Module,
}

public static class RdbValueTypeExtensions
{
    // Kind is asked several times per key on the hot path; a table lookup replaces the switch's compare chain.
    private static readonly RdbObjectKind[] s_kinds = BuildKinds();

    private static RdbObjectKind[] BuildKinds()
    {
        var kinds = new RdbObjectKind[256];
        for (int t = 0; t < kinds.Length; t++) kinds[t] = KindOf((RdbValueType)t);
        return kinds;
    }

    public static RdbObjectKind Kind(this RdbValueType type) => s_kinds[(byte)type];

    private static RdbObjectKind KindOf(RdbValueType type) => type switch
    {
        RdbValueType.String => RdbObjectKind.String,
        RdbValueType.List or RdbValueType.ListZiplist or RdbValueType.ListQuicklist or RdbValueType.ListQuicklist2 => RdbObjectKind.List,
        RdbValueType.Set or RdbValueType.SetIntset or RdbValueType.SetListpack => RdbObjectKind.Set,
        RdbValueType.ZSet or RdbValueType.ZSet2 or RdbValueType.ZSetZiplist or RdbValueType.ZSetListpack => RdbObjectKind.ZSet,
        RdbValueType.Hash or RdbValueType.HashZipmap or RdbValueType.HashZiplist or RdbValueType.HashListpack
            or RdbValueType.HashMetadataPreGa or RdbValueType.HashListpackExPreGa or RdbValueType.HashMetadata
            or RdbValueType.HashListpackEx or RdbValueType.ValkeyHash2 => RdbObjectKind.Hash,
        RdbValueType.StreamListpacks or RdbValueType.StreamListpacks2 or RdbValueType.StreamListpacks3 => RdbObjectKind.Stream,
        _ => RdbObjectKind.Module,
    };

    /// <summary>Lower-case name as the TYPE command prints it (and as JSON keys use it).</summary>
    public static string Name(this RdbObjectKind kind) => kind switch
    {
        RdbObjectKind.String => "string",
        RdbObjectKind.List => "list",
        RdbObjectKind.Set => "set",
        RdbObjectKind.ZSet => "zset",
        RdbObjectKind.Hash => "hash",
        RdbObjectKind.Stream => "stream",
        _ => "module",
    };

    /// <summary>Name of the encoding as stored in the file (not the in-memory encoding an engine picks).</summary>
    public static string FileEncodingName(this RdbValueType type) => type switch
    {
        RdbValueType.String => "string",
        RdbValueType.List => "linkedlist",
        RdbValueType.Set => "hashtable",
        RdbValueType.ZSet or RdbValueType.ZSet2 => "skiplist",
        RdbValueType.Hash => "hashtable",
        RdbValueType.ModulePreGa or RdbValueType.Module2 => "module",
        RdbValueType.HashZipmap => "zipmap",
        RdbValueType.ListZiplist or RdbValueType.ZSetZiplist or RdbValueType.HashZiplist => "ziplist",
        RdbValueType.SetIntset => "intset",
        RdbValueType.ListQuicklist => "quicklist",
        RdbValueType.ListQuicklist2 => "quicklist2",
        RdbValueType.HashListpack or RdbValueType.ZSetListpack or RdbValueType.SetListpack => "listpack",
        RdbValueType.StreamListpacks or RdbValueType.StreamListpacks2 or RdbValueType.StreamListpacks3 => "stream",
        RdbValueType.HashMetadataPreGa or RdbValueType.HashMetadata or RdbValueType.ValkeyHash2 => "hashtable-fieldttl",
        RdbValueType.HashListpackExPreGa or RdbValueType.HashListpackEx => "listpack-fieldttl",
        _ => "unknown",
    };
}
