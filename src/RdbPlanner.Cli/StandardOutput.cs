namespace RdbPlanner.Cli;

/// <summary>Bytes for standard output: the real stream when the command writes to the console; tests pass a StringWriter.</summary>
internal static class StandardOutput
{
    public static Stream Open(TextWriter output) =>
        ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : new TextWriterStream(output);
}
