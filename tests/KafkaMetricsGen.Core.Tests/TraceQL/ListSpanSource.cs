using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Tests.TraceQL;

/// <summary>A span source over a list, for engine tests.</summary>
internal sealed class ListSpanSource : IQuerySpanSource
{
    private readonly List<StoredSpan> _spans = [];

    public IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano) => [_spans.ToArray()];

    public ListSpanSource Add(StoredSpan span)
    {
        _spans.Add(span);
        return this;
    }

    public ListSpanSource Add(ulong startNano, ulong durationNano, string? fooValue = null, string service = "svc", string name = "op",
        StatusCode status = StatusCode.Unset, SpanKind kind = SpanKind.Server, ulong traceLow = 1, ulong parent = 0)
    {
        StoredAttribute[] attrs = fooValue is null ? [] : [new StoredAttribute("foo", StaticValue.OfString(fooValue))];
        _spans.Add(new StoredSpan(new TraceId(0, traceLow), new SpanId((ulong)_spans.Count + 1), new SpanId(parent), startNano, durationNano,
            name, kind, status, string.Empty, [new StoredAttribute(LocalSpanKeys.ServiceName, StaticValue.OfString(service))], attrs));
        return this;
    }
}
