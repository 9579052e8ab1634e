namespace RdbPlanner.Rdb;

/// <summary>
/// One string-valued element of a value (list item, set member, hash field or value, zset member) as the memory
/// models need it: its length and whether the engine would treat it as an integer. No bytes: models never need them.
/// </summary>
/// <remarks>
/// <see cref="IsInteger"/> is true when the element is stored as an integer in the file (int-encoded string,
/// ziplist/listpack/intset integer) or is a string that is a canonical int64 (no leading zeros or '+', not "-0",
/// at most 20 characters): the test Redis applies in string2ll / lpStringToInt64 / tryObjectEncoding.
/// For integers <see cref="Length"/> is the length of the decimal text, which is what an engine allocates when it
/// turns the integer back into an sds.
/// </remarks>
public readonly record struct RdbScalar
{
    // 16 bytes, not 24: the flag lives in the length's sign bit (lengths are never negative). A 16-byte struct is passed
    // and returned in two registers; the 24-byte one went through the stack, and reading it back as a 16-byte move right
    // after two 8-byte stores stalled on store forwarding (29 % of ReadValue's own samples in the native binary).
    private const long IntegerFlag = long.MinValue;
    private readonly long _lengthAndFlag;

    public RdbScalar(long length, bool isInteger, long integer)
    {
        System.Diagnostics.Debug.Assert(length >= 0, "a scalar's length is never negative");
        _lengthAndFlag = length | (isInteger ? IntegerFlag : 0);
        Integer = integer;
    }

    /// <summary>Characters of the value (for integers, of their decimal text).</summary>
    public long Length => _lengthAndFlag & long.MaxValue;

    /// <summary>Stored as an integer in the file, or a string that is a canonical int64.</summary>
    public bool IsInteger => _lengthAndFlag < 0;

    /// <summary>The integer value when <see cref="IsInteger"/>.</summary>
    public long Integer { get; }

    public void Deconstruct(out long length, out bool isInteger, out long integer) =>
        (length, isInteger, integer) = (Length, IsInteger, Integer);

    public static RdbScalar FromInteger(long value) => new(DecimalLength(value), true, value);

    public static RdbScalar FromString(long length) => new(length, false, 0);

    /// <summary>A string element whose bytes are at hand: an integer when they are canonical int64 text (string2ll).</summary>
    public static RdbScalar FromText(ReadOnlySpan<byte> text)
    {
        bool isInteger = TryParseCanonical(text, out long value); // false, value 0, beyond 20 characters
        return new RdbScalar(text.Length, isInteger, value);
    }

    /// <summary>Characters of the value's decimal text ("-" included), as ll2string writes it.</summary>
    public static int DecimalLength(long value)
    {
        // Called for every integer element: ⌊log10⌋ from the bit length (1233/4096 ≈ log10 2, which may overshoot by one)
        // and one compare, instead of a division loop (the "IntegerLog10" method of Bit Twiddling Hacks, S. E. Anderson).
        ulong v = (value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value) | 1; // |1: "0" has one digit, like "1"
        int sign = value < 0 ? 1 : 0;
        int t = (System.Numerics.BitOperations.Log2(v) + 1) * 1233 >> 12;
        int digits = t - (v < s_powersOf10[t] ? 1 : 0) + 1;
        return digits + sign;
    }

    private static readonly ulong[] s_powersOf10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>The obvious division loop: the reference <see cref="DecimalLength"/> is tested against.</summary>
    internal static int DecimalLengthScalar(long value)
    {
        if (value == long.MinValue) return 20;
        int sign = value < 0 ? 1 : 0;
        ulong v = (ulong)(value < 0 ? -value : value);
        int digits = 1;
        while (v >= 10) { v /= 10; digits++; }
        return digits + sign;
    }

    /// <summary>Canonical int64 test used by Redis for strings (util.c string2ll).</summary>
    public static bool TryParseCanonical(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 20) return false;
        if (s.Length == 1 && s[0] == (byte)'0') return true;
        int i = 0;
        bool negative = false;
        if (s[0] == (byte)'-') { negative = true; i = 1; if (s.Length == 1) return false; }
        if (s[i] < (byte)'1' || s[i] > (byte)'9') return false;
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d > 9) return false;
            if (acc > (ulong.MaxValue - d) / 10) return false;
            acc = acc * 10 + d;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }
}
