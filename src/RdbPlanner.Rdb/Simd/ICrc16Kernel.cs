namespace RdbPlanner.Rdb;

/// <summary>One implementation of the cluster's CRC16-XMODEM (see <see cref="RedisSlot"/>); <see cref="Crc16Kernels"/> ranks them.</summary>
public interface ICrc16Kernel
{
    /// <summary>Stable name, used by <c>RDBPLANNER_FORCE_KERNEL</c> and benchmarks.</summary>
    string Name { get; }

    /// <summary>CRC16-XMODEM (poly 0x1021, init 0, not reflected) of <paramref name="data"/>.</summary>
    int Compute(ReadOnlySpan<byte> data);
}
