namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Asserts that two batches hold the same content: every resource, scope, span, event, link, attribute and string byte.</summary>
internal static class SpanBatchAssert
{
    public static void SameContent(SpanBatch expected, SpanBatch actual)
    {
        Assert.Equal(expected.ResourceCount, actual.ResourceCount);
        Assert.Equal(expected.SpanCount, actual.SpanCount);
        Assert.Equal(expected.AttributeCount, actual.AttributeCount);
        Assert.Equal(expected.ScopeCount, actual.ScopeCount);
        Assert.Equal(expected.EventCount, actual.EventCount);
        Assert.Equal(expected.LinkCount, actual.LinkCount);
        for (var r = 0; r < expected.ResourceCount; r++)
        {
            ref readonly var e = ref expected.Resource(r);
            ref readonly var a = ref actual.Resource(r);
            Assert.Equal(e.EncodedSize, a.EncodedSize);
            Assert.Equal(e.SpanStart, a.SpanStart);
            Assert.Equal(e.SpanCount, a.SpanCount);
            SameAttributes(expected, expected.ResourceAttributes(r), actual, actual.ResourceAttributes(r));
        }

        for (var s = 0; s < expected.SpanCount; s++)
        {
            ref readonly var e = ref expected.Span(s);
            ref readonly var a = ref actual.Span(s);
            Assert.Equal(e.ResourceIndex, a.ResourceIndex);
            Assert.Equal(e.TraceId, a.TraceId);
            Assert.Equal(e.SpanId, a.SpanId);
            Assert.Equal(e.ParentSpanId, a.ParentSpanId);
            SameBytes(expected, e.Name, actual, a.Name);
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.StatusCode, a.StatusCode);
            SameBytes(expected, e.StatusMessage, actual, a.StatusMessage);
            SameBytes(expected, e.TraceState, actual, a.TraceState);
            Assert.Equal(e.StartTimeUnixNano, a.StartTimeUnixNano);
            Assert.Equal(e.EndTimeUnixNano, a.EndTimeUnixNano);
            Assert.Equal(e.EncodedSize, a.EncodedSize);
            SameAttributes(expected, expected.SpanAttributes(e), actual, actual.SpanAttributes(a));
            Assert.Equal(expected.String(e.Name), actual.String(a.Name));
            SameScope(expected, expected.Scope(e.ScopeIndex), actual, actual.Scope(a.ScopeIndex));
            SameEvents(expected, expected.SpanEvents(e), actual, actual.SpanEvents(a));
            SameLinks(expected, expected.SpanLinks(e), actual, actual.SpanLinks(a));
        }
    }

    private static void SameScope(SpanBatch expected, in ScopeRef e, SpanBatch actual, in ScopeRef a)
    {
        SameBytes(expected, e.Name, actual, a.Name);
        SameBytes(expected, e.Version, actual, a.Version);
        SameAttributes(expected, expected.ScopeAttributes(e), actual, actual.ScopeAttributes(a));
    }

    private static void SameEvents(SpanBatch expected, ReadOnlySpan<EventRef> e, SpanBatch actual, ReadOnlySpan<EventRef> a)
    {
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            SameBytes(expected, e[i].Name, actual, a[i].Name);
            Assert.Equal(e[i].TimeUnixNano, a[i].TimeUnixNano);
            SameAttributes(expected, expected.EventAttributes(e[i]), actual, actual.EventAttributes(a[i]));
        }
    }

    private static void SameLinks(SpanBatch expected, ReadOnlySpan<LinkRef> e, SpanBatch actual, ReadOnlySpan<LinkRef> a)
    {
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].TraceId, a[i].TraceId);
            Assert.Equal(e[i].SpanId, a[i].SpanId);
            SameAttributes(expected, expected.LinkAttributes(e[i]), actual, actual.LinkAttributes(a[i]));
        }
    }

    private static void SameAttributes(SpanBatch expected, ReadOnlySpan<AttributeRef> e, SpanBatch actual, ReadOnlySpan<AttributeRef> a)
    {
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            SameBytes(expected, e[i].Key, actual, a[i].Key);
            Assert.Equal(e[i].Kind, a[i].Kind);
            SameBytes(expected, e[i].Value, actual, a[i].Value);
            Assert.Equal(e[i].Int, a[i].Int);
            Assert.Equal(BitConverter.DoubleToInt64Bits(e[i].Double), BitConverter.DoubleToInt64Bits(a[i].Double));
            Assert.Equal(AttributeText.ToLabelValue(expected, e[i]), AttributeText.ToLabelValue(actual, a[i]));
        }
    }

    private static void SameBytes(SpanBatch expected, ByteRange e, SpanBatch actual, ByteRange a) =>
        Assert.Equal(expected.Bytes(e).ToArray(), actual.Bytes(a).ToArray());
}
