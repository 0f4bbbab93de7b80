using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Streams.Generate;

public sealed class EdgeSegmentCodecTests
{
    [Fact]
    public void A_segment_reads_back_every_edge_in_order()
    {
        var codec = new EdgeSegmentCodec();
        codec.Start();
        codec.Add(Edge(1, "frontend", failed: false));
        codec.Add(Edge(2, "checkout", failed: true));
        var bytes = codec.ToArray();

        var edges = new List<Edge>();
        Assert.True(EdgeSegmentCodec.TryRead(bytes, edges));

        Assert.Equal([new SpanId(1), new SpanId(2)], edges.Select(e => e.Key.SpanId));
        Assert.Equal(["frontend", "checkout"], edges.Select(e => e.ClientService));
        Assert.Equal([false, true], edges.Select(e => e.Failed));
    }

    [Fact]
    public void The_codec_starts_each_segment_empty()
    {
        var codec = new EdgeSegmentCodec();
        codec.Start();
        codec.Add(Edge(1, "a", failed: false));
        codec.ToArray();
        codec.Start();
        codec.Add(Edge(2, "b", failed: false));

        var edges = new List<Edge>();
        Assert.True(EdgeSegmentCodec.TryRead(codec.ToArray(), edges));
        Assert.Equal("b", Assert.Single(edges).ClientService);
    }

    [Fact]
    public void Truncated_or_foreign_bytes_add_nothing()
    {
        var codec = new EdgeSegmentCodec();
        codec.Start();
        codec.Add(Edge(1, "a", failed: false));
        codec.Add(Edge(2, "b", failed: false));
        var bytes = codec.ToArray();
        var edges = new List<Edge> { Edge(9, "kept", failed: false) };

        Assert.False(EdgeSegmentCodec.TryRead(bytes.AsSpan(0, bytes.Length - 1), edges));
        Assert.False(EdgeSegmentCodec.TryRead([.. bytes, 0], edges));
        Assert.False(EdgeSegmentCodec.TryRead([2, 0, 0, 0, 0], edges));
        Assert.Equal("kept", Assert.Single(edges).ClientService);
    }

    private static Edge Edge(ulong span, string client, bool failed) =>
        new() { Key = new EdgeKey(new TraceId(1, 2), new SpanId(span)), ClientService = client, Failed = failed, ExpirationUnixSeconds = 1_700_000_010 };
}
