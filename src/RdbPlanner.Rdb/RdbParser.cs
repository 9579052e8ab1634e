namespace RdbPlanner.Rdb;

/// <summary>Streaming RDB reader: one pass, constant memory, events to an <see cref="IRdbVisitor"/>.</summary>
public static class RdbParser
{
    /// <summary>
    /// Reads a whole snapshot from <paramref name="input"/> (from its current position) and reports every record to
    /// <paramref name="visitor"/>. Malformed input, limit violations and (unless switched off) a CRC64 mismatch throw
    /// <see cref="RdbFormatException"/> with the absolute offset; <paramref name="displayName"/> is copied into it.
    /// </summary>
    public static RdbFileInfo Parse(Stream input, IRdbVisitor visitor, RdbReaderOptions? options = null, string? displayName = null) =>
        Read(input, visitor, options, displayName, r => r.Run()!);

    /// <summary>
    /// Parses one segment of a snapshot: <paramref name="input"/> is positioned at <see cref="RdbSegment.Start"/>, and
    /// error offsets are the file's. The visitor gets the segment's records (the header too, for the segment at 0), but
    /// not <see cref="IRdbVisitor.End"/>: the segment's CRC64 and, at the EOF opcode, the trailer are returned for the
    /// caller to combine (<see cref="Crc64.Combine"/>) and compare.
    /// </summary>
    public static RdbSegmentEnd ParseSegment(Stream input, RdbSegment segment, IRdbVisitor visitor, RdbReaderOptions? options = null, string? displayName = null)
    {
        var range = segment;
        return Read(input, visitor, options, displayName, r => r.RunSegment(in range));
    }

    private static T Read<T>(Stream input, IRdbVisitor visitor, RdbReaderOptions? options, string? displayName, Func<RdbReader, T> run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(visitor);
        using var reader = new RdbReader(input, visitor, options ?? RdbReaderOptions.Default);
        try
        {
            return run(reader);
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
