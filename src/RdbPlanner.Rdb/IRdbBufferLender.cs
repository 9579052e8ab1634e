namespace RdbPlanner.Rdb;

/// <summary>
/// An input stream that can lend the reader the buffers it has already filled, so the reader parses them in place
/// instead of copying them into its own buffer (a read-ahead stream's chunks: that copy was 3.5 % of a run). The
/// reader still calls <see cref="Stream.Read(Span{byte})"/> whenever no buffer is lent, so the end of the input is
/// reported there as for any stream.
/// </summary>
public interface IRdbBufferLender
{
    /// <summary>Bytes a lent buffer must have free after its data, for the reader's zeroed over-read padding.</summary>
    public const int TrailingRoom = RdbDefaults.Padding;

    /// <summary>
    /// Lends the next filled buffer: data at <c>buffer[start..start + length]</c>, at least <paramref name="headroom"/>
    /// bytes before it and <see cref="TrailingRoom"/> after it that the borrower may overwrite. False (nothing lent, nothing
    /// consumed) when the headroom is more than the lender has, when part of the current buffer is still unread, or at
    /// the end of the input, which the next Read reports; a failure of the input is thrown as Read would throw it.
    /// </summary>
    /// <param name="before">what the lender knows of the bytes it delivered before this buffer's data (see <see cref="RdbLentPrefix"/>)</param>
    bool TryLend(int headroom, out byte[] buffer, out int start, out int length, out RdbLentPrefix before);

    /// <summary>Gives a lent buffer back; the borrower must not touch it afterwards.</summary>
    void Return(byte[] buffer);
}

/// <summary>
/// The CRC-64 (Jones, as RDB files use) of every byte a lender delivered before a lent buffer's data, counted from
/// the first byte it delivered, computed by the lender (a read-ahead stream, on its own thread). The reader takes it
/// instead of hashing the previous buffer itself when <see cref="Offset"/> is where the lent data starts in its own
/// count, and still hashes the bytes up to the checksum trailer. <see cref="Unknown"/> when the lender does not hash.
/// </summary>
public readonly record struct RdbLentPrefix(bool Known, long Offset, ulong Crc)
{
    public static RdbLentPrefix Unknown => default;
}
