namespace RdbPlanner.Rdb;

/// <summary>Streaming RDB reader: one pass, constant memory, events to an <see cref="IRdbVisitor"/>.</summary>
public static class RdbParser
{
    /// <summary>
    /// Reads a whole snapshot from <paramref name="input"/> (from its current position) and reports every record to
    /// <paramref name="visitor"/>. Malformed input, limit violations and (unless switched off) a CRC64 mismatch throw
    /// <see cref="RdbFormatException"/> with the absolute offset; <paramref name="displayName"/> is copied into it.
    /// </summary>
    public static RdbFileInfo Parse(Stream input, IRdbVisitor visitor, RdbReaderOptions? options = null, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(visitor);
        using var reader = new RdbReader(input, visitor, options ?? RdbReaderOptions.Default);
        try
        {
            return reader.Run();
        }
        catch (RdbFormatException e) when (displayName is not null && e.FileName is null)
        {
            throw new RdbFormatException(e.Offset, e.Message) { Limit = e.Limit, FileName = displayName };
        }
        catch (InvalidDataException e)
        {
            // GZipStream reports a corrupt gzip layer this way; keep one exception type for bad input.
            throw new RdbFormatException(reader.Position, "corrupt gzip stream: " + e.Message) { FileName = displayName };
        }
    }

    /// <summary>Name of a module type from its 64-bit id (module.c moduleTypeNameByID): 9 chars, then 10-bit encver.</summary>
    public static string ModuleNameFromId(ulong moduleId) => RdbReader.ModuleNameFromId(moduleId);
}
