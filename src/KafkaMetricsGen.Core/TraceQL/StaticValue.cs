using System.Globalization;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// A typed TraceQL value: a literal, an attribute value or a series label. Numbers share <see cref="Int"/> (int, bool,
/// duration in nanoseconds, status, kind) or <see cref="Float"/>, so the struct stays small and compares without boxing.
/// </summary>
public readonly struct StaticValue : IEquatable<StaticValue>
{
    private StaticValue(StaticKind kind, long i, double f, string? s)
    {
        Kind = kind;
        Int = i;
        Float = f;
        String = s;
    }

    public StaticKind Kind { get; }

    public long Int { get; }

    public double Float { get; }

    public string? String { get; }

    public static StaticValue Nil => default;

    public bool IsNil => Kind == StaticKind.Nil;

    public bool IsNumeric => Kind is StaticKind.Int or StaticKind.Float or StaticKind.Duration;

    public static StaticValue OfString(string s) => new(StaticKind.String, 0, 0, s);

    public static StaticValue OfInt(long i) => new(StaticKind.Int, i, 0, null);

    public static StaticValue OfFloat(double f) => new(StaticKind.Float, 0, f, null);

    public static StaticValue OfBool(bool b) => new(StaticKind.Bool, b ? 1 : 0, 0, null);

    public static StaticValue OfDuration(long nanoseconds) => new(StaticKind.Duration, nanoseconds, 0, null);

    public static StaticValue OfStatus(StatusCode status) => new(StaticKind.Status, (long)status, 0, null);

    public static StaticValue OfKind(SpanKind kind) => new(StaticKind.Kind, (long)kind, 0, null);

    /// <summary>The value as a double: durations in nanoseconds; NaN when not numeric.</summary>
    public double AsDouble() => Kind switch
    {
        StaticKind.Int or StaticKind.Duration => Int,
        StaticKind.Float => Float,
        _ => double.NaN,
    };

    public bool Equals(StaticValue other) =>
        Kind == other.Kind && Int == other.Int && Float.Equals(other.Float) && string.Equals(String, other.String, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StaticValue v && Equals(v);

    public override int GetHashCode() => Kind == StaticKind.String
        ? HashCode.Combine(Kind, String is null ? 0 : string.GetHashCode(String, StringComparison.Ordinal))
        : HashCode.Combine(Kind, Int, Float);

    public static bool operator ==(StaticValue left, StaticValue right) => left.Equals(right);

    public static bool operator !=(StaticValue left, StaticValue right) => !left.Equals(right);

    /// <summary>Tempo's text form of a value (used for the <c>promLabels</c> key and error messages).</summary>
    public override string ToString() => Kind switch
    {
        StaticKind.Nil => "nil",
        StaticKind.String => String ?? string.Empty,
        StaticKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        StaticKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        StaticKind.Bool => Int != 0 ? "true" : "false",
        StaticKind.Duration => TimeSpan.FromTicks(Int / 100).ToString("c", CultureInfo.InvariantCulture),
        StaticKind.Status => TraceQLKeywords.StatusName((StatusCode)Int),
        StaticKind.Kind => TraceQLKeywords.KindName((SpanKind)Int),
        _ => string.Empty,
    };
}
