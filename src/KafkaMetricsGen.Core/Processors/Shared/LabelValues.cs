using System.Globalization;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Attribute values as label values (as Tempo does, via <see cref="AttributeText"/>), with small non-negative integers
/// (HTTP status codes, ports, counts) served from a lazily filled table so they neither allocate nor change identity
/// from span to span.
/// </summary>
public static class LabelValues
{
    private const int CachedInts = 1 << 12;
    private static readonly string?[] Ints = new string?[CachedInts];

    public static string Text(SpanBatch batch, in AttributeRef attribute)
    {
        if (attribute.Kind == AnyValueKind.Int && (ulong)attribute.Int < CachedInts)
        {
            var i = (int)attribute.Int;
            return Ints[i] ??= i.ToString(CultureInfo.InvariantCulture);
        }

        return AttributeText.ToLabelValue(batch, attribute);
    }
}
