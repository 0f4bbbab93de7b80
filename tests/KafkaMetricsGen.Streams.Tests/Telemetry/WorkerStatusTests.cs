using KafkaMetricsGen.Streams.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Streams.Telemetry;

public sealed class WorkerStatusTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    [Fact]
    public void A_running_stream_whose_loop_stops_reporting_is_not_live_after_the_stall_threshold()
    {
        var status = new WorkerStatus(_time) { StallThreshold = TimeSpan.FromSeconds(90) };
        status.SetState(StreamStates.Running);
        _time.Advance(TimeSpan.FromSeconds(60));
        status.StreamHeartbeat();
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.True(status.IsLive);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(status.IsStalled);
        Assert.False(status.IsLive);
    }

    [Fact]
    public void A_rebalancing_stream_is_live_however_long_it_is_silent_and_the_clock_restarts_when_it_runs()
    {
        var status = new WorkerStatus(_time) { StallThreshold = TimeSpan.FromSeconds(90) };
        status.SetState(StreamStates.Running);
        status.SetState(StreamStates.Rebalancing);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(status.IsLive);
        status.SetState(StreamStates.Running);
        Assert.True(status.IsLive);
    }

    [Fact]
    public void Remote_write_failing_longer_than_the_threshold_makes_the_worker_not_ready()
    {
        var status = new WorkerStatus(_time);
        status.SetState(StreamStates.Running);
        status.RemoteWriteFailed();
        _time.Advance(TimeSpan.FromSeconds(20));
        status.RemoteWriteFailed();
        Assert.Equal(TimeSpan.FromSeconds(20), status.RemoteWriteFailingFor);
        Assert.True(status.IsReady(TimeSpan.FromSeconds(30)));
        Assert.False(status.IsReady(TimeSpan.FromSeconds(10)));
        status.RemoteWriteSucceeded();
        Assert.True(status.IsReady(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_closed_window_records_how_long_after_its_end_it_was_written()
    {
        var tenant = "status-" + Guid.NewGuid().ToString("N");
        var status = new WorkerStatus(_time);
        status.WindowClosed(tenant, _time.GetUtcNow().AddSeconds(-7).ToUnixTimeMilliseconds());
        Assert.Equal(7, TelemetryMetrics.WindowCloseDelay.WithLabels(tenant).Sum);
        Assert.Equal(1, TelemetryMetrics.WindowCloseDelay.WithLabels(tenant).Count);
        Assert.Equal(_time.GetUtcNow().AddSeconds(-7).ToUnixTimeMilliseconds(), status.LastWindowClosedMs[tenant]);
    }

    [Fact]
    public void A_running_stream_whose_broker_does_not_answer_is_not_ready_but_live()
    {
        var status = new WorkerStatus(_time);
        status.SetState(StreamStates.Running);
        status.KafkaUnreachable();
        _time.Advance(TimeSpan.FromSeconds(15));
        status.KafkaUnreachable();
        Assert.Equal(TimeSpan.FromSeconds(15), status.KafkaUnreachableFor);
        Assert.False(status.IsReady(TimeSpan.FromMinutes(5)));
        Assert.True(status.IsLive);
        status.KafkaAnswered();
        Assert.Equal(TimeSpan.Zero, status.KafkaUnreachableFor);
        Assert.True(status.IsReady(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_stream_being_recreated_is_live_and_not_ready()
    {
        var status = new WorkerStatus(_time);
        status.SetState(StreamStates.Recovering);
        Assert.True(status.IsLive);
        Assert.False(status.IsReady(TimeSpan.FromMinutes(5)));
    }
}
