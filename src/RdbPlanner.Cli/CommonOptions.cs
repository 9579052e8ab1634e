using System.CommandLine;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Cli;

/// <summary>Options shared by analyze, plan and check, and their mapping to the library's option records.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Files()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "RDB files (plain or gzip) or - for standard input. Several files are the shards of one dataset.",
            Arity = ArgumentArity.OneOrMore,
        };
        // The parser would take an unknown "--option" as a file name; say what it is instead.
        files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-') result.AddError($"unknown option '{token.Value}'");
            }
        });
        return files;
    }

    public static readonly Option<string> Allocator = new("--allocator")
    {
        Description = "jemalloc size classes: jemalloc-q8 (upstream builds, ElastiCache) or jemalloc-q16 (Debian's redis-server)",
        DefaultValueFactory = _ => "jemalloc-q8",
    };

    public static readonly Option<string> MaxmemoryPolicy = new("--maxmemory-policy")
    {
        Description = "maxmemory-policy assumed on the server; LRU/LFU policies disable shared integers; 'none' means no maxmemory",
        DefaultValueFactory = _ => "volatile-lru",
    };

    public static readonly Option<string> SourceEngine = new("--source-engine")
    {
        Description = "engine running today (redis-7.0 or redis-7.2; any model name is accepted): ranks top keys and fills size_in_bytes",
        DefaultValueFactory = _ => "redis-7.2",
    };

    public static readonly Option<bool> NoVerify = new("--no-verify") { Description = "do not fail on a CRC64 mismatch (the status is still reported)" };

    public static readonly Option<bool> Strict = new("--strict") { Description = "validate embedded listpacks, ziplists, intsets and zipmaps as the server's sanitize-dump-payload does" };

    public static readonly Option<bool> KeepGoing = new("--keep-going") { Description = "on a damaged file, report what was read before the damage (marked partial, exit 3)" };

    public static readonly Option<bool> IncludeExpired = new("--include-expired") { Description = "count keys already expired at the snapshot time in the estimates (a loading primary drops them)" };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "no progress on stderr" };

    public static readonly Option<long> MaxElementLength = new("--max-element-length")
    {
        Description = "largest string or element accepted, in bytes (a longer one is an error naming this limit)",
        DefaultValueFactory = _ => RdbReaderOptions.Default.MaxElementLength,
    };

    public static readonly Option<long> MaxCollectionElements = new("--max-elements")
    {
        Description = "most elements accepted in one collection (more is an error naming this limit)",
        DefaultValueFactory = _ => RdbReaderOptions.Default.MaxCollectionElements,
    };

    public static readonly Option<int> MaxDatabases = new("--max-databases")
    {
        Description = "database numbers accepted are 0 to this - 1 (servers default to 16; a higher one is an error naming this limit)",
        DefaultValueFactory = _ => RdbReaderOptions.Default.MaxDatabases,
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "threads to use (default: one per core); 1 reads each file in one pass on one thread",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The option that raises each reader limit, for the error that names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> LimitOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(RdbReaderOptions.MaxElementLength)] = "--max-element-length",
        [nameof(RdbReaderOptions.MaxCollectionElements)] = "--max-elements",
        [nameof(RdbReaderOptions.MaxDatabases)] = "--max-databases",
    };

    public static void AddTo(Command command)
    {
        command.Add(Allocator);
        command.Add(MaxmemoryPolicy);
        command.Add(NoVerify);
        command.Add(Strict);
        command.Add(KeepGoing);
        command.Add(IncludeExpired);
        command.Add(MaxElementLength);
        command.Add(MaxCollectionElements);
        command.Add(MaxDatabases);
        command.Add(Threads);
        command.Add(Quiet);
    }

    public static AnalysisOptions ToAnalysisOptions(ParseResult result, EngineModel source)
    {
        string allocatorName = result.GetValue(Allocator)!;
        if (!EngineModelNames.TryParseAllocator(allocatorName, out var allocator))
        {
            throw new UsageException($"--allocator: unknown '{allocatorName}' (known: jemalloc-q8, jemalloc-q16)");
        }
        string policy = result.GetValue(MaxmemoryPolicy)!.ToLowerInvariant();
        if (!MemoryModelOptions.KnownPolicies.Contains(policy))
        {
            throw new UsageException($"--maxmemory-policy: unknown '{policy}' (known: {string.Join(", ", MemoryModelOptions.KnownPolicies)})");
        }
        long maxElement = result.GetValue(MaxElementLength);
        long maxElements = result.GetValue(MaxCollectionElements);
        int maxDatabases = result.GetValue(MaxDatabases);
        if (maxElement <= 0 || maxElements <= 0 || maxDatabases <= 0) throw new UsageException("--max-element-length, --max-elements and --max-databases must be positive");
        int threads = result.GetValue(Threads);
        if (threads < 0 || threads > 1024) throw new UsageException($"--threads: {threads} is not between 1 and 1024 (0: one per core)");
        return AnalysisOptions.Default with
        {
            Models = new MemoryModelOptions(allocator, policy),
            SourceModel = source,
            KeepGoing = result.GetValue(KeepGoing),
            IncludeExpired = result.GetValue(IncludeExpired),
            Threads = threads,
            Reader = new RdbReaderOptions
            {
                VerifyChecksum = !result.GetValue(NoVerify),
                Strict = result.GetValue(Strict),
                MaxElementLength = maxElement,
                MaxCollectionElements = maxElements,
                MaxDatabases = maxDatabases,
            },
        };
    }

    public static EngineModel ParseModel(string optionName, string value)
    {
        if (!EngineModelNames.TryParse(value, out var model))
        {
            throw new UsageException($"{optionName}: unknown engine '{value}' (known: {string.Join(", ", EngineModelNames.All.Select(m => m.Name()))})");
        }
        return model;
    }
}
