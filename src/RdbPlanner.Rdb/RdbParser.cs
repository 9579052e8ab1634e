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
        Read(input, visitor, options, displayName, r => r.Run());

    /// <summary>
    /// Walks a whole snapshot as <see cref="Parse"/> does, CRC64 included, but skips key records by their lengths: the
    /// visitor gets every record except keys, and <paramref name="onCut"/> gets the cuts of
    /// <paramref name="segmentation"/>, then one at the EOF opcode. The segments between cuts can then be parsed on
    /// other threads with <see cref="ParseSegment"/>. A key's value is checked only as far as its lengths go.
    /// </summary>
    public static RdbFileInfo Skim(Stream input, IRdbVisitor visitor, RdbSegmentation segmentation, Action<RdbCut> onCut, RdbReaderOptions? options = null, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(onCut);
        return Read(input, visitor, options, displayName, r => r.Skim(segmentation, onCut));
    }

    /// <summary>
    /// Parses one segment of a snapshot, found by <see cref="Skim"/>: <paramref name="input"/> is positioned at
    /// <see cref="RdbSegment.Start"/>, error offsets are the file's. The visitor gets the segment's records (and the
    /// header, for the first segment); the CRC64 and the trailer are not read. The returned info's
    /// <see cref="RdbFileInfo.Bytes"/> is the offset where the segment ended.
    /// </summary>
    public static RdbFileInfo ParseSegment(Stream input, RdbSegment segment, IRdbVisitor visitor, RdbReaderOptions? options = null, string? displayName = null) =>
        Read(input, visitor, options, displayName, r => r.RunSegment(in segment));

    private static RdbFileInfo Read(Stream input, IRdbVisitor visitor, RdbReaderOptions? options, string? displayName, Func<RdbReader, RdbFileInfo> run)
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
