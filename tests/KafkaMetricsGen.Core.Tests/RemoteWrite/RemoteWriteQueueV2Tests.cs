using KafkaMetricsGen.TestKit.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Remote write 2.0 through the queue, against an in-test receiver that decodes the 2.0 message.</summary>
public sealed class RemoteWriteQueueV2Tests : IAsyncLifetime
{
    private static readonly TimeSpan LongDeadline = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new();
    private readonly RemoteWriteHttpClients _http = new();
    private readonly string _tenant = "v2-" + Guid.NewGuid().ToString("N")[..8];
    private RecordingRemoteWriteEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RecordingRemoteWriteEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task Sends_2_0_with_its_content_type_and_version_and_counts_what_the_receiver_reports_written()
    {
        _endpoint.SpeaksV2 = true;
        using var writer = Writer();
        Collect(writer, 75_000, "a");

        Assert.True(await writer.FlushAsync(LongDeadline));

        var write = Assert.Single(_endpoint.Writes);
        Assert.Equal("application/x-protobuf;proto=io.prometheus.write.v2.Request", write.Header("Content-Type"));
        Assert.Equal("2.0.0", write.Header("X-Prometheus-Remote-Write-Version"));
        Assert.Equal("snappy", write.Header("Content-Encoding"));
        var request = write.V2Request!;
        var series = Assert.Single(request.Timeseries);
        Assert.Equal(["", "__name__", "calls_total", "series", "a", "traceID", "abc"], request.Symbols);
        Assert.Equal([1u, 2u, 3u, 4u], series.LabelsRefs);
        Assert.Equal(60_000, series.CreatedTimestamp);
        Assert.Equal([5u, 6u], Assert.Single(series.Exemplars).LabelsRefs);
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesSent));
        Assert.Equal(1, Metric(RemoteWriteMetrics.ExemplarsSent));
        Assert.Equal(0, Metric(RemoteWriteMetrics.V1Fallbacks));
        Assert.Equal(RemoteWriteMessage.V2, writer.Queues[0].Message);
    }

    [Fact]
    public async Task A_receiver_answering_415_gets_the_same_window_and_every_later_one_as_1_0()
    {
        _endpoint.SpeaksV2 = true;
        _endpoint.Script(new ScriptedResponse(415));
        using var writer = Writer();
        Collect(writer, 75_000, "a");
        Collect(writer, 90_000, "b");

        Assert.True(await writer.FlushAsync(LongDeadline));
        Collect(writer, 105_000, "c");
        Assert.True(await writer.FlushAsync(LongDeadline));

        var writes = _endpoint.Writes;
        Assert.Equal([true, false, false, false], writes.Select(w => w.V2Request is not null));
        Assert.Equal(["a", "b", "c"], writes.Skip(1).Select(w => Assert.Single(w.Request!.Timeseries).Labels.Single(l => l.Name == "series").Value));
        Assert.All(writes.Skip(1), w => Assert.Equal("0.1.0", w.Header("X-Prometheus-Remote-Write-Version")));
        Assert.Equal("traceID", Assert.Single(writes[1].Request!.Timeseries[0].Exemplars).Labels[0].Name);
        Assert.Equal(1, Metric(RemoteWriteMetrics.V1Fallbacks));
        Assert.Equal(6, Metric(RemoteWriteMetrics.SamplesSent));
        Assert.Equal(RemoteWriteMessage.V1, writer.Queues[0].Message);
    }

    [Fact]
    public async Task A_2xx_without_the_samples_written_header_is_a_1_0_receiver_and_the_window_is_resent_as_1_0()
    {
        using var writer = Writer();
        Collect(writer, 75_000, "a");

        Assert.True(await writer.FlushAsync(LongDeadline));

        var writes = _endpoint.Writes;
        Assert.Equal(2, writes.Count);
        Assert.Equal("calls_total", Assert.Single(writes[0].V2Request!.Timeseries) is not null ? writes[0].V2Request!.Symbols[2] : null);
        Assert.Equal("application/x-protobuf", writes[1].Header("Content-Type"));
        Assert.Equal(2, Assert.Single(writes[1].Request!.Timeseries).Samples.Count);
        Assert.Equal(1, Metric(RemoteWriteMetrics.V1Fallbacks));
        Assert.Equal(2, Metric(RemoteWriteMetrics.SamplesSent));
    }

    private TenantRemoteWrite Writer()
    {
        var entry = new RemoteWriteEndpointOptions { Url = _endpoint.Url.ToString(), ProtobufMessage = RemoteWriteMessage.V2 };
        return new TenantRemoteWrite(new RemoteWriteOptions { RemoteWrite = [entry] }, _tenant, null, _http, _time);
    }

    private static void Collect(TenantRemoteWrite writer, long windowEndMs, string series)
    {
        var labels = TestLabels.Of("__name__", "calls_total", "series", series);
        writer.AppendSample(labels, windowEndMs - 15_000, 0);
        writer.AppendSample(labels, windowEndMs, 1);
        writer.AppendExemplar(labels, new Registry.ExemplarSample("traceID", "abc", 1, windowEndMs));
        writer.Commit(windowEndMs);
    }

    private double Metric(Prometheus.Counter counter) => counter.WithLabels(_tenant, "0").Value;
}
