using System.CommandLine;

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
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(error, e);
        }
    }
}
