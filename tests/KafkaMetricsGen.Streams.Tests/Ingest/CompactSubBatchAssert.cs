using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>Field-by-field comparison of two batches, for the sub-batch layout tests.</summary>
internal static class CompactSubBatchAssert
{
    /// <summary>
    /// Every field of the model: spans (ids, name, kind, status, trace state, times, and the size as received unless
    /// <paramref name="sizes"/> is false), their resources, scopes, events, links and attributes.
    /// </summary>
    public static void Same(SpanBatch sent, SpanBatch received, bool sizes = true)
    {
        Assert.Equal(sent.Tenant, received.Tenant);
        Assert.Equal(sent.SpanCount, received.SpanCount);
        for (var i = 0; i < sent.SpanCount; i++)
        {
            ref readonly var a = ref sent.Span(i);
            ref readonly var b = ref received.Span(i);
            Assert.Equal((a.TraceId, a.SpanId, a.ParentSpanId, a.Kind, a.StatusCode, a.StartTimeUnixNano, a.EndTimeUnixNano, sizes ? a.EncodedSize : 0), (b.TraceId, b.SpanId, b.ParentSpanId, b.Kind, b.StatusCode, b.StartTimeUnixNano, b.EndTimeUnixNano, sizes ? b.EncodedSize : 0));
            Assert.Equal((sent.String(a.Name), sent.String(a.StatusMessage), sent.String(a.TraceState)), (received.String(b.Name), received.String(b.StatusMessage), received.String(b.TraceState)));
            Attributes(sent, sent.SpanAttributes(a), received, received.SpanAttributes(b));
            Attributes(sent, sent.ResourceAttributes(a.ResourceIndex), received, received.ResourceAttributes(b.ResourceIndex));
            Scope(sent, a, received, b);
            EventsAndLinks(sent, a, received, b);
        }
    }

    private static void Scope(SpanBatch sent, in SpanRef a, SpanBatch received, in SpanRef b)
    {
        ref readonly var x = ref sent.Scope(a.ScopeIndex);
        ref readonly var y = ref received.Scope(b.ScopeIndex);
        Assert.Equal((sent.String(x.Name), sent.String(x.Version)), (received.String(y.Name), received.String(y.Version)));
        Attributes(sent, sent.ScopeAttributes(x), received, received.ScopeAttributes(y));
    }

    private static void EventsAndLinks(SpanBatch sent, in SpanRef a, SpanBatch received, in SpanRef b)
    {
        var events = sent.SpanEvents(a);
        var receivedEvents = received.SpanEvents(b);
        Assert.Equal(events.Length, receivedEvents.Length);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal((sent.String(events[i].Name), events[i].TimeUnixNano), (received.String(receivedEvents[i].Name), receivedEvents[i].TimeUnixNano));
            Attributes(sent, sent.EventAttributes(events[i]), received, received.EventAttributes(receivedEvents[i]));
        }

        var links = sent.SpanLinks(a);
        var receivedLinks = received.SpanLinks(b);
        Assert.Equal(links.Length, receivedLinks.Length);
        for (var i = 0; i < links.Length; i++)
        {
            Assert.Equal((links[i].TraceId, links[i].SpanId), (receivedLinks[i].TraceId, receivedLinks[i].SpanId));
            Attributes(sent, sent.LinkAttributes(links[i]), received, received.LinkAttributes(receivedLinks[i]));
        }
    }

    private static void Attributes(SpanBatch sent, ReadOnlySpan<AttributeRef> a, SpanBatch received, ReadOnlySpan<AttributeRef> b)
    {
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal((sent.String(a[i].Key), a[i].Kind, a[i].Int, BitConverter.DoubleToInt64Bits(a[i].Double)), (received.String(b[i].Key), b[i].Kind, b[i].Int, BitConverter.DoubleToInt64Bits(b[i].Double)));
            Assert.Equal(sent.Bytes(a[i].Value).ToArray(), received.Bytes(b[i].Value).ToArray());
        }
    }
}
