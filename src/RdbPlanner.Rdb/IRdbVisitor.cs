namespace RdbPlanner.Rdb;

/// <summary>
/// Receives the events of one value as the reader walks it. Nothing is materialised: each element is reported once,
/// in file order, and spans are valid only during the call. A value produces, depending on its type:
/// <list type="bullet">
/// <item>strings: one <see cref="String"/>;</item>
/// <item>compact blobs (listpack, ziplist, intset, zipmap): one <see cref="Blob"/>, then their elements (pairs: or one
/// <see cref="PairSummary"/>, as <see cref="PairDetail"/> chose);</item>
/// <item>quicklists: per node one <see cref="QuicklistNode"/> (with its blob size), then that node's elements (or one
/// <see cref="NodeElementSummary"/>, as <see cref="NodeDetail"/> chose);</item>
/// <item>lists and sets: <see cref="Element"/>; hashes: <see cref="Pair"/>; sorted sets: <see cref="ZSetEntry"/>;</item>
/// <item>streams: <see cref="StreamNode"/> per listpack node, <see cref="StreamGroup"/>/<see cref="StreamConsumer"/>, then one <see cref="Stream"/>;</item>
/// <item>module values: one <see cref="Module"/>.</item>
/// </list>
/// <see cref="BeginValue"/> comes first with the declared element count (-1 when the format has none up front).
/// </summary>
public interface IRdbValueSink
{
    /// <summary>
    /// Start of a value. <paramref name="declaredCount"/> is what the file states up front, counted in reported items:
    /// elements (lists, sets, intsets), pairs/entries (hashes, zsets, also inside ziplists/listpacks/zipmaps), nodes
    /// (quicklists, streams); -1 for strings, modules and blobs whose header says "unknown" (65535 / 254).
    /// </summary>
    void BeginValue(RdbValueType type, long declaredCount);

    /// <summary>A top-level string value. <paramref name="compressedLength"/> is &gt;= 0 for LZF strings (not decompressed).</summary>
    void String(RdbScalar value, long compressedLength);

    void Blob(RdbBlobKind kind, long bytes, int intsetWidth);

    void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount);

    void Element(RdbScalar element);

    /// <summary>A hash field and value; <paramref name="fieldExpireAtMs"/> is the field's TTL (Unix ms) or -1.</summary>
    void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs);

    void ZSetEntry(RdbScalar member, double score);

    /// <summary>
    /// Asked before <see cref="BeginValue"/> of a listpack or ziplist of pairs (hash field/value, sorted-set member/score)
    /// whose header declares <paramref name="declaredPairs"/> pairs in <paramref name="blobBytes"/> bytes: how much of
    /// them the sink needs. <see cref="RdbItemDetail.Summary"/> gets one <see cref="PairSummary"/> (the reader still walks
    /// every entry and falls back to pairs when they do not match the declared count); <see cref="RdbItemDetail.Count"/>
    /// one <see cref="PairSummary"/> from the header, unwalked. Not asked when the header does not know the count, nor by
    /// the Strict walk of a hash or sorted set (always pairs). Default: pairs.
    /// </summary>
    RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => RdbItemDetail.Items;

    /// <summary>
    /// The pairs of a blob whose events <see cref="PairDetail"/> declined: how many, and the longest first (field,
    /// member) and second (value, score) entry, as lengths in the same sense as <see cref="RdbScalar.Length"/>; both -1
    /// when the sink asked for the <see cref="RdbItemDetail.Count"/> only.
    /// </summary>
    void PairSummary(long pairs, long longestFirst, long longestSecond) { }

    /// <summary>
    /// Asked after each <see cref="QuicklistNode"/> of a packed container (a listpack or a ziplist): how much of that
    /// node's elements the sink needs. <see cref="RdbItemDetail.Summary"/> gets their number and longest one, as one
    /// <see cref="NodeElementSummary"/> (the reader still walks, and checks, every entry); <see cref="RdbItemDetail.Count"/>
    /// the header's number, unwalked, when the header knows it (a Strict reader walks anyway). Default: an
    /// <see cref="Element"/> each.
    /// </summary>
    RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => RdbItemDetail.Items;

    /// <summary>
    /// The elements of a quicklist node whose events <see cref="NodeDetail"/> declined: how many, and the longest, as a
    /// length in the same sense as <see cref="RdbScalar.Length"/> (-1 when the sink asked for the count only).
    /// </summary>
    void NodeElementSummary(long elements, long longestElement) { }

    /// <summary>
    /// A key of one of a stream's radix trees as the file holds it, in the file's order (the tree's, so ascending): a
    /// node's master ID (16 bytes: ms and seq, big-endian) before its <see cref="StreamNode"/>; a group's name, then its
    /// pending entries' IDs, before its <see cref="StreamGroup"/>; a consumer's name, then its pending entries' IDs,
    /// before its <see cref="StreamConsumer"/>. A name longer than 64 KiB is not passed. Valid only during the call.
    /// </summary>
    void StreamRaxKey(RdbStreamRax rax, ReadOnlySpan<byte> key) { }

    void StreamNode(long listpackBytes, long entries);

    void StreamGroup(long nameLength, long pelEntries, long consumers);

    void StreamConsumer(long nameLength, long pelEntries);

    void Stream(in RdbStreamFacts facts);

    /// <summary>A module value, skipped by walking its opcode stream. <paramref name="moduleName"/> is decoded from the id.</summary>
    void Module(ulong moduleId, string moduleName, long serializedBytes);

    void EndValue();
}

/// <summary>Receives the records of a snapshot in file order.</summary>
public interface IRdbVisitor
{
    void Header(string magic, int version);

    void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void SelectDb(int database);

    void ResizeDb(int database, long keys, long expires);

    /// <summary>Slot sizing hint: opcode 244 (Redis 7.4) or Valkey's `slot-info` AUX field.</summary>
    void SlotInfo(int slot, long keys, long expires);

    void Function(long sourceLength);

    void ModuleAux(ulong moduleId, string moduleName);

    /// <summary>
    /// Starts a key record. <paramref name="key"/> holds the whole key, or its first bytes when the key is longer than
    /// the reader's inline limit (see <see cref="RdbKeyInfo.KeyLength"/>). The returned sink receives the value's events.
    /// </summary>
    IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key);

    void EndKey();

    /// <summary>End of file reached (EOF opcode and trailer).</summary>
    void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum);
}
