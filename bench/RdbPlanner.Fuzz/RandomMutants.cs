namespace RdbPlanner.Fuzz;

/// <summary>
/// Random mutants, deterministic for a seed, for the in-process <c>mutate</c> command and the split tests. AFL's
/// coverage feedback is noise for a harness that parses on three threads (the same input hits different edges from run
/// to run); plain random mutants of a good corpus (AFL's queue, the seeds) still test its oracle on many inputs a second.
/// The targeted corruptions of tests/RdbPlanner.Hostile.Tests/Mutator.cs walk every offset of small files instead.
/// </summary>
internal static class RandomMutants
{
    // Bytes that change a length's form, a string encoding or an opcode: what the format branches on.
    private static readonly byte[] s_interesting = [0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xC0, 0xC3, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF];

    /// <summary>One to four mutations of <paramref name="input"/>, picked by <paramref name="rng"/>; the input is not changed.</summary>
    public static byte[] Of(byte[] input, Random rng)
    {
        var data = new List<byte>(input);
        int steps = 1 + rng.Next(4);
        for (int s = 0; s < steps && data.Count > 0; s++)
        {
            int at = rng.Next(data.Count);
            switch (rng.Next(6))
            {
                case 0: // flip bits of one byte
                    data[at] ^= (byte)(1 + rng.Next(255));
                    break;
                case 1:
                    data[at] = s_interesting[rng.Next(s_interesting.Length)];
                    break;
                case 2: // delete a run
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(32)));
                    break;
                case 3: // copy a run of the input elsewhere: records repeated or spliced into others
                {
                    int from = rng.Next(data.Count);
                    int length = Math.Min(data.Count - from, 1 + rng.Next(64));
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
                }
                case 4: // cut short
                    data.RemoveRange(at, data.Count - at);
                    break;
                default: // a 16- or 32-bit number off by a little, as lengths and counts are
                    if (at + 4 <= data.Count)
                    {
                        int delta = rng.Next(-3, 4);
                        uint v = (uint)(data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24) + (uint)delta;
                        for (int i = 0; i < 4; i++) data[at + i] = (byte)(v >> (8 * i));
                    }
                    break;
            }
        }
        return [.. data];
    }
}
