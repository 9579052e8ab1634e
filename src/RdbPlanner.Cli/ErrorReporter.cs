using RdbPlanner.Analysis;
using RdbPlanner.Planning;
using RdbPlanner.Rdb;

namespace RdbPlanner.Cli;

/// <summary>Turns failures into the one-line messages users see: never a stack trace.</summary>
internal static class ErrorReporter
{
    /// <summary>Runs a command's action; any failure becomes its one-line message and exit code.</summary>
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            return Report(error, e);
        }
    }

    public static int Report(TextWriter error, Exception e)
    {
        // Parallel work wraps what failed: report the first real cause.
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate) e = aggregate.InnerExceptions[0];
        // Kernel selection runs in static initializers: the runtime wraps what they throw.
        while (e is TypeInitializationException { InnerException: { } inner }) e = inner;
        switch (e)
        {
            case AnalysisException a:
                // A limit's name is the library's; the user raises it with an option.
                string raise = a.Limit is not null && CommonOptions.LimitOptions.TryGetValue(a.Limit, out var option) ? $" (raise it with {option})" : "";
                error.WriteLine($"rdbplanner: {a.OneLine()}{raise}");
                return ExitCodes.BadInput;
            case UsageException or PlanningException or KernelSelectionException:
                // Invalid options: planning ones (replicas, shards, reserved memory, growth) or RDBPLANNER_FORCE_KERNEL.
                error.WriteLine($"rdbplanner: {e.Message}");
                return ExitCodes.Usage;
            case OutOfMemoryException or InsufficientExecutionStackException:
                error.WriteLine($"rdbplanner: not enough memory to continue ({FirstLine(e.Message)})");
                return ExitCodes.BadInput;
            case FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException:
                error.WriteLine($"rdbplanner: {FirstLine(e.Message)}");
                return ExitCodes.BadInput;
            default:
                // A bug, not bad input: still one line, with the type so it can be reported.
                error.WriteLine($"rdbplanner: internal error ({e.GetType().Name}): {FirstLine(e.Message)}");
                return ExitCodes.BadInput;
        }
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOfAny(['\r', '\n']);
        return nl < 0 ? s : s[..nl];
    }
}

/// <summary>An option value that parses but makes no sense (unknown model, policy, region …).</summary>
internal sealed class UsageException(string message) : Exception(message);
