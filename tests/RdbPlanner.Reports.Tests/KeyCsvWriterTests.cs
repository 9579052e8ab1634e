using System.Text;
using CsvHelper;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports.Tests;

public class KeyCsvWriterTests
{
    private const string ExpectedHeader =
        "database,type,key,size_in_bytes,encoding,num_elements,len_largest_element,expiry," +
        "redis_7_0_bytes,redis_7_2_bytes,valkey_8_0_bytes,valkey_8_1_bytes,valkey_9_1_bytes,slot,valkey_8_0_encoding,valkey_8_1_encoding," +
        "valkey_9_1_encoding";

    private static readonly string[] s_encodings = ["hashtable", "hashtable", "listpack", "listpack", "listpack"];

    private static void Feed(KeyCsvWriter writer, int db, string type, byte[] key, long keyLength, long[] bytes, long expireAtMs, int slot)
    {
        var record = new KeyRecord
        {
            Database = db, Type = type, Key = key, KeyLength = keyLength, FileEncoding = "listpack",
            Elements = 7, LargestElement = 33, ExpireAtMs = expireAtMs, Slot = slot,
            Bytes = bytes, Encodings = s_encodings,
        };
        writer.OnKey(record);
    }

    [Fact]
    public void Header_IsRdbToolsColumnsThenModels()
    {
        Assert.Equal(ExpectedHeader, string.Join(',', KeyCsvWriter.Columns));
        using var ms = new MemoryStream();
        using (new KeyCsvWriter(ms, EngineModel.Redis72, leaveOpen: true)) { }
        Assert.Equal(ExpectedHeader + "\n", Encoding.UTF8.GetString(ms.ToArray()));
    }

    [Fact]
    public void Rows_ReadBack_WithCsvHelper()
    {
        using var ms = new MemoryStream();
        byte[] hostile = [.. "a,\"b\"\n"u8, 0xFF, (byte)'\\'];
        using (var w = new KeyCsvWriter(ms, EngineModel.Redis70, leaveOpen: true))
        {
            Feed(w, 0, "hash", "user:1"u8.ToArray(), 6, [1000, 990, 800, 700, 690], -1, 5474);
            Feed(w, 3, "zset", hostile, hostile.Length, [50, 49, 48, 47, 46], 1_767_225_599_123, 1);
            Feed(w, 1, "string", "big:"u8.ToArray(), 1 << 20, [9, 9, 9, 9, 9], 0, 16383);
            Assert.Equal(3, w.RowsWritten);
        }

        using var csv = CsvReader.Create(ms.ToArray(), CsvReaderOptions.Default);
        Assert.True(csv.Read());
        Assert.Equal(KeyCsvWriter.Columns, csv.Headers);

        Assert.Equal("0", csv.GetString(0));
        Assert.Equal("hash", csv.GetString(1));
        Assert.Equal("user:1", csv.GetString(2));
        Assert.Equal(1000, csv.Parse<long>(3));          // size_in_bytes from the source model (redis-7.0)
        Assert.Equal("hashtable", csv.GetString(4));
        Assert.Equal(7, csv.Parse<long>(5));
        Assert.Equal(33, csv.Parse<long>(6));
        Assert.Equal("", csv.GetString(7));
        Assert.Equal([1000L, 990, 800, 700, 690], Enumerable.Range(8, 5).Select(i => csv.Parse<long>(i)));
        Assert.Equal(5474, csv.Parse<int>(13));
        Assert.Equal("listpack", csv.GetString(14));
        Assert.Equal("listpack", csv.GetString(15));
        Assert.Equal("listpack", csv.GetString(16));

        Assert.True(csv.Read());
        Assert.Equal("3", csv.GetString(0));
        Assert.Equal("sortedset", csv.GetString(1));     // redis-rdb-tools' name for zset
        Assert.Equal("a,\"b\"\\x0a\\xff\\\\", csv.GetString(2));
        Assert.Equal(hostile, KeyText.Unescape(csv.GetString(2), out _));
        Assert.Equal("2025-12-31T23:59:59.123Z", csv.GetString(7));

        Assert.True(csv.Read());
        Assert.Equal("big:" + KeyText.TruncationMarker, csv.GetString(2));
        Assert.Equal("1970-01-01T00:00:00.000Z", csv.GetString(7));
        Assert.Equal(16383, csv.Parse<int>(13));
        Assert.False(csv.Read());
    }

    [Fact]
    public void Filter_SkipsKeys_AndCountsThem()
    {
        using var ms = new MemoryStream();
        var filter = new KeyFilter(types: ["hash"], keyPattern: "user:*", minBytes: 500);
        using (var w = new KeyCsvWriter(ms, EngineModel.Valkey81, filter, leaveOpen: true))
        {
            Feed(w, 0, "hash", "user:1"u8.ToArray(), 6, [1000, 1000, 1000, 600, 600], -1, 0);
            Feed(w, 0, "hash", "user:2"u8.ToArray(), 6, [1000, 1000, 1000, 400, 400], -1, 0); // 400 < 500 under valkey-8.1
            Feed(w, 0, "set", "user:3"u8.ToArray(), 6, [1000, 1000, 1000, 900, 900], -1, 0);
            Feed(w, 0, "hash", "order:1"u8.ToArray(), 7, [1000, 1000, 1000, 900, 900], -1, 0);
            Assert.Equal(4, w.KeysSeen);
            Assert.Equal(1, w.RowsWritten);
        }
        var lines = Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("0,hash,user:1,600,listpack,", lines[1]);
    }

    [Fact]
    public void OutOfRangeExpiry_IsWrittenAsRawMilliseconds()
    {
        using var ms = new MemoryStream();
        using (var w = new KeyCsvWriter(ms, EngineModel.Redis72, leaveOpen: true))
        {
            Feed(w, 0, "string", "k"u8.ToArray(), 1, [1, 1, 1, 1, 1], long.MaxValue, 0);
        }
        using var csv = CsvReader.Create(ms.ToArray(), CsvReaderOptions.Default);
        Assert.True(csv.Read());
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), csv.GetString(7));
    }

    [Fact]
    public void Rows_DoNotAllocatePerKey()
    {
        var key = "session:0123456789abcdef"u8.ToArray();
        long[] bytes = [120, 120, 104, 96, 88];
        using var w = new KeyCsvWriter(Stream.Null, EngineModel.Redis72, new KeyFilter(keyPattern: "session:*"));
        for (int i = 0; i < 1000; i++) Feed(w, 0, "string", key, key.Length, bytes, 1_800_000_000_000, 42); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) Feed(w, 0, "string", key, key.Length, bytes, 1_800_000_000_000, 42);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(101_000, w.RowsWritten);
        Assert.True(allocated < 100_000, $"100,000 rows allocated {allocated:N0} bytes");
    }
}
