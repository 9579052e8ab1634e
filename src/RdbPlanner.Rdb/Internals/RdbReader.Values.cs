namespace RdbPlanner.Rdb;

// Values of every type (rdb.c rdbLoadObject, redis 7.4.1 / valkey 9.1.2; memory-model.md §8.3).
internal sealed partial class RdbReader
{
    private void ReadValue(RdbValueType type, IRdbValueSink sink)
    {
        switch (type)
        {
            case RdbValueType.String:
            {
                sink.BeginValue(type, -1);
                var value = ReadScalar(out long compressed);
                sink.String(value, compressed);
                break;
            }
            case RdbValueType.List:
            case RdbValueType.Set:
            {
                long count = ReadCount("element count");
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++) sink.Element(ReadScalar());
                break;
            }
            case RdbValueType.ZSet:
            case RdbValueType.ZSet2:
            {
                long count = ReadCount("zset entry count", 2);
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++)
                {
                    var member = ReadScalar();
                    double score = type == RdbValueType.ZSet ? ReadAsciiDouble() : ReadDoubleLE();
                    sink.ZSetEntry(member, score);
                }
                break;
            }
            case RdbValueType.Hash:
            {
                long count = ReadCount("hash field count", 2);
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++)
                {
                    var field = ReadScalar();
                    sink.Pair(field, ReadScalar(), -1);
                }
                break;
            }
            case RdbValueType.HashMetadataPreGa:
            {
                // 7.4-rc: len, then per field len(absolute TTL ms, 0 = none), field, value.
                long count = ReadCount("hash field count", 3);
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++)
                {
                    long ttl = ReadLengthInt64("field TTL");
                    var field = ReadScalar();
                    sink.Pair(field, ReadScalar(), ttl == 0 ? -1 : ttl);
                }
                break;
            }
            case RdbValueType.HashMetadata:
            {
                // 7.4: u64 minExpire, len, then per field len(TTL: 0 = none, else expireAt - minExpire + 1), field, value.
                long minExpire = ReadInt64LE();
                long count = ReadCount("hash field count", 3);
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++)
                {
                    long ttl = ReadLengthInt64("field TTL");
                    var field = ReadScalar();
                    sink.Pair(field, ReadScalar(), ttl == 0 ? -1 : minExpire + ttl - 1);
                }
                break;
            }
            case RdbValueType.ValkeyHash2:
            {
                // VALKEY080 type 22: len, then per field: field, value, i64 LE expiry ms (-1 = none).
                long count = ReadCount("hash field count", 10);
                sink.BeginValue(type, count);
                for (long i = 0; i < count; i++)
                {
                    var field = ReadScalar();
                    var value = ReadScalar();
                    long expire = ReadInt64LE();
                    sink.Pair(field, value, expire < 0 ? -1 : expire);
                }
                break;
            }
            case RdbValueType.Module2:
                ReadModuleValue(sink);
                break;
            case RdbValueType.HashZipmap:
                ReadZipmapValue(type, sink);
                break;
            case RdbValueType.ListZiplist:
            case RdbValueType.ZSetZiplist:
            case RdbValueType.HashZiplist:
                ReadZiplistValue(type, sink);
                break;
            case RdbValueType.SetIntset:
                ReadIntsetValue(type, sink);
                break;
            case RdbValueType.HashListpack:
            case RdbValueType.ZSetListpack:
            case RdbValueType.SetListpack:
            case RdbValueType.HashListpackExPreGa:
                ReadListpackValue(type, sink);
                break;
            case RdbValueType.HashListpackEx:
                ReadInt64LE(); // minExpire: derivable from the listpack's absolute TTLs
                ReadListpackValue(type, sink);
                break;
            case RdbValueType.ListQuicklist:
            case RdbValueType.ListQuicklist2:
                ReadQuicklist(type, sink);
                break;
            case RdbValueType.StreamListpacks:
            case RdbValueType.StreamListpacks2:
            case RdbValueType.StreamListpacks3:
                ReadStream(type, sink);
                break;
            default:
                RdbThrow.Format(Position, $"unsupported value type {(int)type}");
                break;
        }
        sink.EndValue();
    }
}
