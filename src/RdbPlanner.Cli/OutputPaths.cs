namespace RdbPlanner.Cli;

/// <summary>
/// Where output goes, checked before any file is read: an analysis of a large snapshot can take minutes, and a bad
/// --out or --keys-csv should fail at once, in one line that names the option (the runtime said "Could not find file"
/// for a directory it could not create, and "already exists" for a file in the way).
/// </summary>
internal static class OutputPaths
{
    /// <summary>Creates the directory (and its parents) or throws a usage error saying why not.</summary>
    public static void PrepareDirectory(string option, string dir)
    {
        if (File.Exists(dir)) throw new UsageException($"{option} {dir}: a file is there; give a directory (it is created if missing)");
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {dir}: cannot create the directory ({Reason(e)})");
        }
    }

    /// <summary>Opens <paramref name="path"/> for writing with <paramref name="open"/>, or throws a usage error saying why not.</summary>
    public static T OpenFile<T>(string option, string path, Func<string, T> open)
    {
        if (Directory.Exists(path)) throw new UsageException($"{option} {path}: is a directory; give a file name");
        try
        {
            return open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot write it ({Reason(e)})");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "its parent directory does not exist or cannot hold it",
        _ => e.Message,
    };
}
