using System.Text;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// Deterministic key sets for the key-scanning benchmarks. "bench" follows the key shapes and mix of
/// ../shared/tools/gen_bench.py (sessions 40 B, products ~20 B, user names ~15 B, counters, pages, profiles, queues…) with one
/// key in ten written in cluster style with a hash tag ("{user:N}:cart"); "long" is 100–300-byte URL-like keys with a tag near
/// the end, where vector width matters.
/// </summary>
internal static class BenchKeys
{
    public const int Count = 4096;

    private static readonly Dictionary<string, byte[][]> s_sets = new()
    {
        ["bench"] = Build(seed: 42, long_: false),
        ["long"] = Build(seed: 43, long_: true),
    };

    public static IEnumerable<string> Names => s_sets.Keys;

    public static byte[][] Get(string name) => s_sets[name];

    public static long TotalBytes(string name) => s_sets[name].Sum(k => (long)k.Length);

    private static byte[][] Build(int seed, bool long_)
    {
        var random = new Random(seed);
        string[] words = ["alpha", "beta", "london", "paris", "shirt", "laptop", "red", "omega", "chair", "tokyo"];
        var keys = new byte[Count][];
        for (int i = 0; i < Count; i++)
        {
            string word = words[random.Next(words.Length)];
            string key = long_
                ? $"https://shop.example.com/{word}/{string.Join('/', Enumerable.Range(0, random.Next(4, 16)).Select(_ => words[random.Next(words.Length)]))}"
                  + $"?session={random.NextInt64():x16}&page={i}" + (i % 10 == 0 ? $"#{{tenant:{i % 97}}}" : "")
                : (random.Next(100)) switch
                {
                    < 10 => $"{{user:{i}}}:cart",
                    < 29 => $"session:{random.NextInt64():x16}{random.NextInt64():x16}",
                    < 55 => $"cache:product:{i + 1}",
                    < 72 => $"user:{i + 1}:name",
                    < 82 => $"counter:{word}:{i}",
                    < 87 => $"page:/{word}/{words[random.Next(words.Length)]}/{i}",
                    < 97 => $"user:{i + 1}:profile",
                    _ => i % 2 == 0 ? $"timeline:{i}" : $"queue:{i}",
                };
            keys[i] = Encoding.ASCII.GetBytes(key);
        }
        return keys;
    }
}
