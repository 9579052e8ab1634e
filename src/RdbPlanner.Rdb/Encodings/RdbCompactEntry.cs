namespace RdbPlanner.Rdb;

/// <summary>One entry of a listpack or ziplist: an integer, or a string slice of the blob.</summary>
internal ref struct RdbCompactEntry
{
    public bool IsInteger;
    public long Integer;
    public ReadOnlySpan<byte> String;

    /// <summary>Characters of the entry as text: <see cref="RdbScalar.Length"/> of <see cref="ToScalar"/>, without building it.</summary>
    public readonly long TextLength => IsInteger ? RdbScalar.DecimalLength(Integer) : String.Length;

    /// <summary>The element as the memory models see it: integers stay integers, short strings get the canonical test.</summary>
    public readonly RdbScalar ToScalar()
    {
        if (IsInteger) return RdbScalar.FromInteger(Integer);
        return RdbScalar.FromText(String);
    }

    /// <summary>Integer value of an entry that must be a number (stream fields); strings are accepted when canonical.</summary>
    public readonly bool TryGetInteger(out long value)
    {
        if (IsInteger) { value = Integer; return true; }
        return RdbScalar.TryParseCanonical(String, out value);
    }
}
