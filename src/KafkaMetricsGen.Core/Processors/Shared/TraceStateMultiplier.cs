namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// The sampling adjusted count carried in a W3C tracestate by OpenTelemetry probability samplers:
/// the <c>ot=</c> member's <c>th:</c> threshold T (1–14 hex digits, right-padded to 56 bits) gives 2^56 / (2^56 − T).
/// With an <c>rv:</c> randomness value the count is rounded stochastically to an integer, so each span adds a whole
/// number while the expectation stays the same. Reads the bytes in place; allocates nothing.
/// </summary>
public static class TraceStateMultiplier
{
    private const int HexDigits = 14;
    private const double TwoPow56 = 72057594037927936d;
    private const double TwoPow53 = 9007199254740992d;

    /// <summary>The adjusted count, or 0 when the tracestate carries no usable threshold.</summary>
    public static double FromTraceState(ReadOnlySpan<byte> traceState)
    {
        var ot = FindOtValue(traceState);
        if (ot.IsEmpty || !TryParseOt(ot, out var threshold, out var hasThreshold, out var randomness, out var hasRandomness) || !hasThreshold)
        {
            return 0;
        }

        var adjusted = TwoPow56 / (TwoPow56 - threshold);
        if (!hasRandomness)
        {
            return adjusted;
        }

        var whole = Math.Floor(adjusted);
        var fraction = adjusted - whole;
        if (fraction == 0)
        {
            return whole;
        }

        // The top 53 of the 56 random bits as a uniform draw in [0, 1).
        var draw = (randomness >> 3) / TwoPow53;
        return draw < fraction ? whole + 1 : whole;
    }

    // tracestate is "vendor1=value1,vendor2=value2" with optional spaces around members; the ot value runs to the next comma.
    private static ReadOnlySpan<byte> FindOtValue(ReadOnlySpan<byte> traceState)
    {
        while (true)
        {
            traceState = traceState.Trim((byte)' ').Trim((byte)'\t');
            var comma = traceState.IndexOf((byte)',');
            if (traceState.StartsWith("ot="u8))
            {
                return comma > 0 ? traceState[3..comma] : traceState[3..];
            }

            if (comma < 0)
            {
                return default;
            }

            traceState = traceState[(comma + 1)..];
        }
    }

    // The ot value is "key:value" pairs separated by ';'. A malformed th or rv makes the whole value unusable.
    private static bool TryParseOt(ReadOnlySpan<byte> ot, out ulong threshold, out bool hasThreshold, out ulong randomness, out bool hasRandomness)
    {
        threshold = 0;
        randomness = 0;
        hasThreshold = false;
        hasRandomness = false;
        while (!ot.IsEmpty)
        {
            var semicolon = ot.IndexOf((byte)';');
            var member = semicolon >= 0 ? ot[..semicolon] : ot;
            ot = semicolon >= 0 ? ot[(semicolon + 1)..] : default;
            var colon = member.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            var key = member[..colon];
            var value = member[(colon + 1)..];
            if (key.SequenceEqual("th"u8))
            {
                if (value.Length is 0 or > HexDigits || !TryParseHex(value, out threshold))
                {
                    return false;
                }

                threshold <<= 4 * (HexDigits - value.Length);
                hasThreshold = true;
            }
            else if (key.SequenceEqual("rv"u8))
            {
                if (value.Length != HexDigits || !TryParseHex(value, out randomness))
                {
                    return false;
                }

                hasRandomness = true;
            }
        }

        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, out ulong value)
    {
        value = 0;
        foreach (var b in hex)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }
}
