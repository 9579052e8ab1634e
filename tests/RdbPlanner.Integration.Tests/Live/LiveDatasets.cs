using System.Text;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// Seeded datasets for the live memory tests: each covers one data type in every in-memory encoding Redis 7.0 has
/// (a few thousand keys, so a run stays fast), about half of the keys with a TTL; "mixed" has every type and no TTL.
/// Only db 0, so each RDB also loads in cluster mode. TTLs are absolute in the year 2100: nothing expires while
/// measuring. Encoding limits are the 7.0 defaults (redis.conf): intset 512, zset listpack 128 / 64 B,
/// hash listpack 512 / 64 B, list nodes 8 KB.
/// </summary>
public static class LiveDatasets
{
    private const long FarFutureMs = 4102444800000; // 2100-01-01T00:00:00Z

    public static readonly string[] Names = ["strings", "lists", "sets", "zsets", "hashes", "streams", "streams-groups", "mixed"];

    public static List<object[]> Build(string name, int seed)
    {
        var w = new Writer(new Random(seed), name == "mixed" ? 0.0 : 0.5);
        switch (name)
        {
            case "strings": Strings(w, 3000); break;
            case "lists": Lists(w, 800); break;
            case "sets": Sets(w, 1500); break;
            case "zsets": ZSets(w, 1000); break;
            case "hashes": Hashes(w, 1500); break;
            case "streams": Streams(w, 200, groups: false); break;
            case "streams-groups": Streams(w, 200, groups: true); break;
            case "mixed":
                Strings(w, 1500); Lists(w, 200); Sets(w, 300); ZSets(w, 200); Hashes(w, 300); Streams(w, 40, groups: true);
                break;
            default: throw new ArgumentException("unknown dataset " + name, nameof(name));
        }
        return w.Commands;
    }

    private sealed class Writer(Random rng, double ttlShare)
    {
        public readonly Random Rng = rng;
        public readonly List<object[]> Commands = [];
        private int _next;

        public string Key(string prefix) => $"{prefix}:{_next++}";

        public void Add(params object[] cmd) => Commands.Add(cmd);

        public void MaybeTtl(string key)
        {
            if (Rng.NextDouble() < ttlShare) Add("PEXPIREAT", key, FarFutureMs + Rng.NextInt64(30L * 86400 * 1000));
        }

        /// <summary>Printable, incompressible text of n bytes.</summary>
        public byte[] Text(int n)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[Rng.Next(64)];
            return b;
        }

        public int LogUniform(int lo, int hi) => (int)Math.Round(Math.Exp(Math.Log(lo) + Rng.NextDouble() * (Math.Log(hi) - Math.Log(lo))));
    }

    private static void Strings(Writer w, int n)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("str");
            object value = (i % 8) switch
            {
                0 => (long)w.Rng.Next(10000),                              // shared integer object
                1 => w.Rng.NextInt64(10000, long.MaxValue),                // INT encoded, own robj
                2 => -w.Rng.NextInt64(1, int.MaxValue),
                3 or 4 => w.Text(w.Rng.Next(1, 45)),                       // embstr
                5 => w.Text(w.LogUniform(45, 4000)),                       // raw
                6 => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", w.Rng.Next(6, 1500)))), // LZF in the RDB
                _ => w.Text(w.Rng.Next(1, 44)),
            };
            if (i % 50 == 0) k += ":\u00fc\u0000bin"; // non-ASCII and NUL in keys
            w.Add("SET", k, value);
            w.MaybeTtl(k);
        }
    }

    private static void Lists(Writer w, int n)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("list");
            int len = w.LogUniform(1, 1500);
            var cmd = new List<object> { "RPUSH", k };
            int kind = i % 4;
            for (int j = 0; j < len; j++)
            {
                cmd.Add(kind switch
                {
                    0 => w.Rng.NextInt64(-1L << 40, 1L << 40),
                    1 => w.Text(w.Rng.Next(1, 64)),
                    2 => (object)w.Text(w.Rng.Next(1, 300)),
                    _ => j % 2 == 0 ? w.Rng.Next(1000) : w.Text(w.Rng.Next(1, 20)),
                });
            }
            if (i % 40 == 0) cmd.AddRange([w.Text(9000), w.Text(20000)]); // elements larger than a node
            w.Add([.. cmd]);
            w.MaybeTtl(k);
        }
    }

    private static void Sets(Writer w, int n)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("set");
            var cmd = new List<object> { "SADD", k };
            switch (i % 4)
            {
                case 0: // intset, width 2/4/8
                {
                    long range = (i / 4 % 3) switch { 0 => 30000, 1 => 2_000_000_000, _ => long.MaxValue / 2 };
                    int len = w.LogUniform(1, 512);
                    for (int j = 0; j < len; j++) cmd.Add(w.Rng.NextInt64(-range, range));
                    break;
                }
                case 1: // hashtable: more integers than set-max-intset-entries
                {
                    int len = w.Rng.Next(513, 900);
                    for (int j = 0; j < len; j++) cmd.Add(w.Rng.NextInt64(0, 1_000_000_000));
                    break;
                }
                default: // hashtable: strings (7.0 has no set listpack)
                {
                    int len = w.LogUniform(1, 300);
                    for (int j = 0; j < len; j++) cmd.Add(w.Text(w.Rng.Next(1, i % 4 == 2 ? 20 : 120)));
                    break;
                }
            }
            w.Add([.. cmd]);
            w.MaybeTtl(k);
        }
    }

    private static void ZSets(Writer w, int n)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("zset");
            bool skiplist = i % 3 == 0;
            int len = skiplist ? w.Rng.Next(129, 600) : w.LogUniform(1, 128);
            var cmd = new List<object> { "ZADD", k };
            for (int j = 0; j < len; j++)
            {
                object score = (j % 4) switch
                {
                    0 => (long)w.Rng.Next(-100000, 100000),
                    1 => w.Rng.NextDouble() * 1e6,
                    2 => Math.Round(w.Rng.NextDouble(), 2),
                    _ => (long)j,
                };
                cmd.Add(score);
                cmd.Add(j % 5 == 0 ? (object)w.Rng.NextInt64(1L << 40) : w.Text(w.Rng.Next(1, 40)));
            }
            if (i % 30 == 1) cmd.AddRange([1.5, w.Text(70)]); // member > 64 B: skiplist
            w.Add([.. cmd]);
            w.MaybeTtl(k);
        }
    }

    private static void Hashes(Writer w, int n)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("hash");
            int len = i % 10 == 0 ? w.Rng.Next(513, 1200) : w.LogUniform(1, 512);
            var cmd = new List<object> { "HSET", k };
            for (int j = 0; j < len; j++)
            {
                cmd.Add(j % 3 == 0 ? (object)j : w.Text(w.Rng.Next(1, 24)));
                cmd.Add(j % 2 == 0 ? (object)w.Rng.NextInt64(-1L << 50, 1L << 50) : w.Text(w.Rng.Next(0, 60)));
            }
            if (i % 10 == 5) cmd.AddRange(["long-value", w.Text(100)]); // value > 64 B: hashtable
            w.Add([.. cmd]);
            w.MaybeTtl(k);
        }
    }

    /// <summary>Streams of 1..500 entries (several listpack nodes, some XDELed); with groups: every third stream
    /// gets two consumer groups, one with two consumers and pending entries, one empty.</summary>
    private static void Streams(Writer w, int n, bool groups)
    {
        for (int i = 0; i < n; i++)
        {
            string k = w.Key("stream");
            int len = w.LogUniform(1, 500);
            for (int j = 0; j < len; j++)
            {
                var cmd = new List<object> { "XADD", k, $"{1700000000000L + j}-{i % 3}", "user", w.Rng.Next(100000), "event", w.Text(w.Rng.Next(3, 12)) };
                if (j % 9 == 0) cmd.AddRange(["extra", w.Text(40)]); // fields differ from the master entry
                w.Add([.. cmd]);
            }
            if (i % 3 == 0) w.Add("XDEL", k, $"{1700000000000L}-{i % 3}");
            if (groups && i % 3 == 0)
            {
                w.Add("XGROUP", "CREATE", k, "workers", "0");
                w.Add("XREADGROUP", "GROUP", "workers", "w1", "COUNT", 1 + len / 3, "STREAMS", k, ">");
                w.Add("XREADGROUP", "GROUP", "workers", "w2", "COUNT", 1 + len / 5, "STREAMS", k, ">");
                w.Add("XGROUP", "CREATE", k, "audit", "$");
            }
            w.MaybeTtl(k);
        }
    }
}
