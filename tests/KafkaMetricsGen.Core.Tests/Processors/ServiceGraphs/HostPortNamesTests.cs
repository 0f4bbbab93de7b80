using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class HostPortNamesTests
{
    [Fact]
    public void Joins_host_and_port_as_the_port_renders()
    {
        var batch = Batch(5432L, "5433", 5432L, 70000L);
        var names = new HostPortNames();

        Assert.Equal("db:5432", names.Join(batch, "db", Port(batch, 0)));
        Assert.Equal("db:5433", names.Join(batch, "db", Port(batch, 1)));
        Assert.Equal("db:70000", names.Join(batch, "db", Port(batch, 3)));
    }

    [Fact]
    public void Returns_one_instance_for_a_repeated_pair()
    {
        var batch = Batch(5432L, "5433", 5432L, "5433");
        var names = new HostPortNames();
        var host = "db";

        Assert.Same(names.Join(batch, host, Port(batch, 0)), names.Join(batch, host, Port(batch, 2)));
        Assert.Same(names.Join(batch, host, Port(batch, 1)), names.Join(batch, host, Port(batch, 3)));
        Assert.NotSame(names.Join(batch, host, Port(batch, 0)), names.Join(batch, new string(host.AsSpan()), Port(batch, 0)));
    }

    private static SpanBatch Batch(params object[] ports)
    {
        var spans = new Span[ports.Length];
        for (var i = 0; i < ports.Length; i++)
        {
            spans[i] = TestSpans.Span(Span.Types.SpanKind.Client, (ulong)i + 1, 0, attributes: ("network.peer.port", ports[i]));
        }

        return SpanBatchFactory.From(TestSpans.Resource("svc", spans));
    }

    private static AttributeRef Port(SpanBatch batch, int span) => batch.SpanAttributes(batch.Span(span))[0];
}
