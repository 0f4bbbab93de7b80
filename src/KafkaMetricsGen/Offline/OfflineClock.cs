namespace KafkaMetricsGen.Offline;

/// <summary>
/// A clock that stands still until told to move. Offline, service-graph edges must pair across every input file no
/// matter how long reading takes, and expire only when the input has ended; a frozen wall clock gives exactly that.
/// </summary>
public sealed class OfflineClock : TimeProvider
{
    private DateTimeOffset _now;

    public OfflineClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _now += by;
    }
}
