using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;

namespace KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;

public sealed class EdgeCodecTests
{
    [Fact]
    public void An_edge_survives_a_round_trip_field_for_field()
    {
        var edge = Sample();

        Assert.True(EdgeCodec.TryRead(EdgeCodec.ToArray(edge), out var copy));

        Assert.Equal(edge.Key, copy.Key);
        Assert.Equal(edge.ExpirationUnixSeconds, copy.ExpirationUnixSeconds);
        Assert.Equal(edge.TraceId, copy.TraceId);
        Assert.Equal(edge.ConnectionType, copy.ConnectionType);
        Assert.Equal(edge.ClientService, copy.ClientService);
        Assert.Equal(edge.ServerService, copy.ServerService);
        Assert.Equal(edge.ClientLatencySeconds, copy.ClientLatencySeconds);
        Assert.Equal(edge.ServerLatencySeconds, copy.ServerLatencySeconds);
        Assert.Equal(edge.ClientEndTimeUnixNano, copy.ClientEndTimeUnixNano);
        Assert.Equal(edge.ServerStartTimeUnixNano, copy.ServerStartTimeUnixNano);
        Assert.Equal(edge.Failed, copy.Failed);
        Assert.Equal(edge.SpanKind, copy.SpanKind);
        Assert.Equal(edge.PeerNode, copy.PeerNode);
        Assert.Equal(edge.SpanMultiplier, copy.SpanMultiplier);
        Assert.Equal(edge.EventTimeUnixNano, copy.EventTimeUnixNano);
        Assert.Equal(edge.Dimensions, copy.Dimensions);
        Assert.Equal(EdgeCodec.ToArray(edge), EdgeCodec.ToArray(copy));
    }

    [Fact]
    public void Invalid_utf8_in_a_value_stays_invalid_after_a_round_trip()
    {
        var edge = Sample();
        edge.ClientService = Utf8Text.Decode([(byte)'a', 0xff]);

        Assert.True(EdgeCodec.TryRead(EdgeCodec.ToArray(edge), out var copy));
        Assert.Equal(edge.ClientService, copy.ClientService);
        Assert.False(Utf8Text.IsValid(copy.ClientService));
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_not_an_edge()
    {
        var bytes = EdgeCodec.ToArray(Sample());

        Assert.False(EdgeCodec.TryRead(bytes.AsSpan(0, bytes.Length - 1), out _));
        Assert.False(EdgeCodec.TryRead(bytes.AsSpan(0, 20), out _));
        bytes[0] = 99;
        Assert.False(EdgeCodec.TryRead(bytes, out _));
    }

    [Fact]
    public void A_key_round_trips_and_keeps_the_root_flag()
    {
        Span<byte> buffer = stackalloc byte[EdgeKey.EncodedLength];
        var root = new EdgeKey(new TraceId(7, 8), default);
        root.WriteTo(buffer);

        Assert.Equal(root, EdgeKey.Read(buffer));
        Assert.Equal(1, buffer[24]);
    }

    private static Edge Sample()
    {
        var edge = new Edge();
        edge.Reset(new EdgeKey(new TraceId(0x0102030405060708, 0x090a0b0c0d0e0f10), new SpanId(42)), 1_700_000_010);
        edge.TraceId = new TraceId(0x0102030405060708, 0x090a0b0c0d0e0f10);
        edge.ConnectionType = ConnectionType.MessagingSystem;
        edge.ClientService = "producer";
        edge.ServerService = "consümer";
        edge.ClientLatencySeconds = 0.000068864;
        edge.ServerLatencySeconds = 0.000699392;
        edge.ClientEndTimeUnixNano = 1_658_320_854_915_628_800;
        edge.ServerStartTimeUnixNano = 1_658_320_854_925_510_400;
        edge.Failed = true;
        edge.SpanKind = SpanKind.Consumer;
        edge.PeerNode = "rabbitmq";
        edge.SpanMultiplier = 2.5;
        edge.EventTimeUnixNano = 1_658_320_854_926_209_792;
        edge.Dimensions = ["zeus", null, "virtual"];
        return edge;
    }
}
