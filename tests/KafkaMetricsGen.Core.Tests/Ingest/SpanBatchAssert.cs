namespace KafkaMetricsGen.Core.Ingest;

/// <summary>Asserts that two batches hold the same content: every resource, span, attribute and string byte.</summary>
internal static class SpanBatchAssert
{
    public static void SameContent(SpanBatch expected, SpanBatch actual)
    {
        Assert.Equal(expected.ResourceCount, actual.ResourceCount);
        Assert.Equal(expected.SpanCount, actual.SpanCount);
        Assert.Equal(expected.AttributeCount, actual.AttributeCount);
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
