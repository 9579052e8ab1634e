using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Tests;

/// <summary>Feeds synthetic value events to a <see cref="KeyEstimator"/>, as the reader would.</summary>
internal static class Events
{
    public const long FarFutureMs = 4102444800000; // 2100-01-01

    public static RdbKeyInfo Key(RdbValueType type, long keyLength, bool ttl = false, int db = 0) =>
        new(db, type, ttl ? FarFutureMs : -1, keyLength, 0, -1, -1);

    public static KeyEstimator String(KeyEstimator k, long keyLength, RdbScalar value, bool ttl = false)
    {
        k.BeginKey(Key(RdbValueType.String, keyLength, ttl));
        k.BeginValue(RdbValueType.String, -1);
        k.String(value, -1);
        k.EndValue();
        return k;
    }

    public static KeyEstimator HashListpack(KeyEstimator k, long keyLength, int pairs, long fieldLength, long valueLength)
    {
        k.BeginKey(Key(RdbValueType.HashListpack, keyLength));
        k.BeginValue(RdbValueType.HashListpack, -1);
        long bytes = 7 + pairs * (1 + fieldLength + 1 + 1 + valueLength + 1);
        k.Blob(RdbBlobKind.Listpack, bytes, 0);
        for (int i = 0; i < pairs; i++) k.Pair(RdbScalar.FromString(fieldLength), RdbScalar.FromString(valueLength), -1);
        k.EndValue();
        return k;
    }

    public static KeyEstimator PlainHash(KeyEstimator k, long keyLength, int pairs, long fieldLength, long valueLength)
    {
        k.BeginKey(Key(RdbValueType.Hash, keyLength));
        k.BeginValue(RdbValueType.Hash, pairs);
        for (int i = 0; i < pairs; i++) k.Pair(RdbScalar.FromString(fieldLength), RdbScalar.FromString(valueLength), -1);
        k.EndValue();
        return k;
    }

    public static KeyEstimator SetListpack(KeyEstimator k, long keyLength, int members, long memberLength)
    {
        k.BeginKey(Key(RdbValueType.SetListpack, keyLength));
        k.BeginValue(RdbValueType.SetListpack, -1);
        k.Blob(RdbBlobKind.Listpack, 7 + members * (memberLength + 2), 0);
        for (int i = 0; i < members; i++) k.Element(RdbScalar.FromString(memberLength));
        k.EndValue();
        return k;
    }

    public static KeyEstimator PlainSet(KeyEstimator k, long keyLength, int members, long memberLength)
    {
        k.BeginKey(Key(RdbValueType.Set, keyLength));
        k.BeginValue(RdbValueType.Set, members);
        for (int i = 0; i < members; i++) k.Element(RdbScalar.FromString(memberLength));
        k.EndValue();
        return k;
    }

    public static KeyEstimator IntsetBlob(KeyEstimator k, long keyLength, int members, long firstValue)
    {
        k.BeginKey(Key(RdbValueType.SetIntset, keyLength));
        k.BeginValue(RdbValueType.SetIntset, -1);
        int width = firstValue + members <= short.MaxValue ? 2 : 4;
        k.Blob(RdbBlobKind.Intset, 8 + members * width, width);
        for (int i = 0; i < members; i++) k.Element(RdbScalar.FromInteger(firstValue + i));
        k.EndValue();
        return k;
    }

    /// <summary>A list saved as one quicklist-2 node per ≤ 8 KB of elements, as Redis 7.2 writes it.</summary>
    public static KeyEstimator Quicklist(KeyEstimator k, long keyLength, int elements, long elementLength)
    {
        k.BeginKey(Key(RdbValueType.ListQuicklist2, keyLength));
        k.BeginValue(RdbValueType.ListQuicklist2, -1);
        long entry = elementLength + 2;
        int perNode = (int)((8192 - 8 - elementLength - 7) / entry) + 1;
        for (int done = 0; done < elements;)
        {
            int n = Math.Min(perNode, elements - done);
            k.QuicklistNode(RdbQuicklistContainer.Packed, 7 + n * entry, n);
            for (int i = 0; i < n; i++) k.Element(RdbScalar.FromString(elementLength));
            done += n;
        }
        k.EndValue();
        return k;
    }

    public static KeyEstimator PlainZset(KeyEstimator k, long keyLength, int members, long memberLength)
    {
        k.BeginKey(Key(RdbValueType.ZSet2, keyLength));
        k.BeginValue(RdbValueType.ZSet2, members);
        for (int i = 0; i < members; i++) k.ZSetEntry(RdbScalar.FromString(memberLength), 5000 + i);
        k.EndValue();
        return k;
    }
}
