using System.CommandLine;
using System.Text.RegularExpressions;

namespace RdbPlanner.Cli;

/// <summary>Builds the command tree; Main only parses and invokes.</summary>
internal static class RootCommandFactory
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("rdbplanner — size Redis/Valkey snapshots for Valkey 8.x and 9.1 and plan ElastiCache capacity and cost, offline")
        {
            AnalyzeCommand.Create(output, error),
            PlanCommand.Create(output, error),
            CheckCommand.Create(output, error),
        };
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = Create(output, error);
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && args.Length > 0) return ReportParseErrors(parsed, error);
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(error, e);
        }
    }

    /// <summary>
    /// Each problem on a line of its own and a pointer to the help, instead of the errors followed by the whole help text,
    /// which scrolled them out of sight. (With no arguments at all the help is what the user wants, so that stays.)
    /// </summary>
    private static int ReportParseErrors(ParseResult parsed, TextWriter error)
    {
        foreach (var e in parsed.Errors) error.WriteLine($"rdbplanner: {Plain(e.Message)}");
        var command = parsed.CommandResult.Command;
        string help = command is RootCommand ? "rdbplanner --help" : $"rdbplanner {command.Name} --help";
        error.WriteLine($"Run '{help}' for the options.");
        return ExitCodes.Usage;
    }

    /// <summary>The parser's "as expected type 'System.Double'" said in words; other messages as they are.</summary>
    internal static string Plain(string message)
    {
        var m = Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.$", RegexOptions.Singleline);
        if (!m.Success) return message;
        string? expected = m.Groups[3].Value switch
        {
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" => "a whole number",
            _ => null,
        };
        return expected is null ? message : $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not {expected}";
    }
}
