namespace RdbPlanner.Rdb;

/// <summary>What <see cref="RdbParser.Parse"/> learned about the file as a whole.</summary>
/// <param name="Magic">"REDIS" or "VALKEY".</param>
/// <param name="Version">RDB version from the header (e.g. 11, or 80 for VALKEY080).</param>
/// <param name="Bytes">Bytes consumed, header through trailer (of the decompressed stream for gzip input).</param>
public sealed record RdbFileInfo(
    string Magic,
    int Version,
    long Bytes,
    RdbChecksumStatus Checksum,
    ulong StoredChecksum,
    ulong ComputedChecksum);
