using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class RejoinWatchTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_rejoin_without_an_assignment_beyond_the_limit_is_overdue_and_an_assignment_ends_the_wait()
    {
        var watch = new RejoinWatch(new WorkerStatus(_time), _time);
        Assert.Null(watch.Overdue(Limit));

        watch.Rejoining();
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(watch.Overdue(Limit));

        // A second rejoin does not restart the clock.
        watch.Rejoining();
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(61), watch.Overdue(Limit));

        watch.Assigned();
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(watch.Overdue(Limit));
    }

    [Fact]
    public void Time_while_Kafka_does_not_answer_does_not_count()
    {
        var status = new WorkerStatus(_time);
        var watch = new RejoinWatch(status, _time);

        watch.Rejoining();
        status.KafkaUnreachable();
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Null(watch.Overdue(Limit));

        status.KafkaAnswered();
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(watch.Overdue(Limit));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(61), watch.Overdue(Limit));
    }
}
