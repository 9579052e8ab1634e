using RdbPlanner.Cli;

namespace RdbPlanner.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout/stderr.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = RootCommandFactory.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static string TempFile(byte[] content, string suffix = ".rdb")
    {
        string path = Path.Combine(Path.GetTempPath(), $"rdbplanner-test-{Guid.NewGuid():N}{suffix}");
        File.WriteAllBytes(path, content);
        return path;
    }
}
