using System.Globalization;
using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Retry waits: exponential from <c>min_backoff</c>, doubled per attempt up to <c>max_backoff</c>, with "equal jitter"
/// (half fixed, half random) so concurrent tenants do not retry in step. A Retry-After header (seconds or HTTP date)
/// is honoured as given, like Prometheus does.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Random _random;

    public RetryBackoff(TimeSpan min, TimeSpan max, Random random)
    {
        _min = min;
        _max = max;
        _random = random;
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        var ticks = _min.Ticks;
        for (var i = 0; i < attempt && ticks < _max.Ticks; i++)
        {
            ticks *= 2;
        }

        ticks = Math.Min(ticks, _max.Ticks);
        var half = ticks / 2;
        return TimeSpan.FromTicks(ticks - half + (long)(_random.NextDouble() * half));
    }

    /// <summary>The server's Retry-After as a wait from <paramref name="now"/>, or null when absent or unusable.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Parses a raw Retry-After value (for receivers that send it in a form HttpClient does not type).</summary>
    public static TimeSpan? RetryAfter(string? raw, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
