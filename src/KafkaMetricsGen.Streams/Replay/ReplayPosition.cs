using System.Globalization;

namespace KafkaMetricsGen.Streams.Replay;

/// <summary>Where a replay starts or ends in every input partition: an offset, or a timestamp (first record at or after it).</summary>
public readonly record struct ReplayPosition(long? Offset, DateTimeOffset? Timestamp)
{
    public static ReplayPosition AtOffset(long offset) => new(offset, null);

    public static ReplayPosition AtTime(DateTimeOffset timestamp) => new(null, timestamp);

    /// <summary>A whole number is an offset; anything else must be an ISO-8601 timestamp (UTC unless it says otherwise).</summary>
    public static ReplayPosition Parse(string text, string optionName)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return AtOffset(offset);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return AtTime(time);
        }

        throw new ArgumentException($"{optionName}: '{text}' is neither an offset nor an ISO-8601 timestamp");
    }

    public override string ToString() => Offset is { } o ? o.ToString(CultureInfo.InvariantCulture) : Timestamp!.Value.ToString("O", CultureInfo.InvariantCulture);
}
