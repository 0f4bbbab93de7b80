using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Streams.Ingest;

/// <summary>
/// The value format of a sub-batch on the <c>spans-by-trace</c> topic, written straight from the decoded
/// <see cref="SpanBatch"/> and read straight back into one: resources, spans, attributes, instrumentation scopes, span
/// events and span links as fixed-size little-endian rows whose indices are rebased to the sub-batch, then the strings
/// and bytes they use, copied once into one region (a string that repeats, such as an attribute key, once per
/// sub-batch) that their ranges point into. Reading is a bounds-checked copy per field: no protobuf, no varints. A
/// span's fields are split by who reads them: ids, times, kind, status and attributes in every sub-batch; name, status
/// message and trace state only when the reader asked for a string (<see cref="SpanProjection"/>); scope, events, links
/// and the size as received (span-metrics size_total, which counts what was received, not what is written here) only
/// with everything. Service graphs alone read 64 bytes of row per span, where version 4 wrote 96.
/// </summary>
/// <remarks>
/// Layout: <c>version:u8 (5) | flags:u8 | recordTimeUnixMs:i64 | tenantLength:u16 | sectionCount:u16 | tenant UTF-8 |
/// (id:u16 | rowSize:u16 | rowCount:i32 | offset:i32) × sectionCount | sections</c>, every integer little-endian; this
/// writer puts the resource, span, attribute, scope, event and link rows first and the bytes last, and leaves out a
/// section it has no rows for. Flag bit 0 is Tempo's skipMetricsGeneration. The sections and their rows are in
/// <see cref="CompactSections"/>; the table lets later writers add sections and fields without a new version. The
/// resources of a sub-batch are the runs of selected spans that share one, so a resource's spans stay contiguous as
/// <see cref="SpanBatch"/> requires; its scopes likewise the runs of selected spans that share one. Version 4 (every
/// span field in one row of <see cref="CompactSections.Spans"/>) is still read, so a backlog survives an upgrade.
/// </remarks>
public static partial class CompactSubBatch
{
    public const byte Version = 5;

    /// <summary>The version before span rows were split by reader; still read.</summary>
    public const byte Version4 = 4;

    internal const int FixedHeaderSize = 1 + 1 + 8 + 2 + 2;

    private const byte SkipMetricsGenerationFlag = 1;

    /// <summary>Strings the writer remembers to write a repeated one once (a power of two).</summary>
    private const int SeenStrings = 64;

    /// <summary>
    /// The encoded size of the selected spans (indices into <paramref name="batch"/>) at most, holding what
    /// <paramref name="projection"/> keeps (everything when null): a string that repeats is written once, so the
    /// sub-batch usually comes out shorter.
    /// </summary>
    public static int Measure(SpanBatch batch, ReadOnlySpan<int> spanIndices, SpanProjection? projection = null) =>
        Shape(batch, spanIndices, projection ?? SpanProjection.Everything).Size;

    /// <summary>Writes the selected spans into <paramref name="destination"/>, at least <see cref="Measure"/> bytes; returns the bytes written.</summary>
    public static int Write(SpanBatch batch, ReadOnlySpan<int> spanIndices, Span<byte> destination, SpanProjection? projection = null)
    {
        projection ??= SpanProjection.Everything;
        return Write(batch, spanIndices, projection, Shape(batch, spanIndices, projection), destination);
    }

    /// <summary>
    /// Counts what the selected spans need of what <paramref name="projection"/> keeps; the tenant must fit its 16-bit
    /// length. Span texts are written when the projection keeps a span string, span details with its details.
    /// </summary>
    internal static SubBatchShape Shape(SpanBatch batch, ReadOnlySpan<int> spanIndices, SpanProjection projection)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tenantBytes = Encoding.UTF8.GetByteCount(batch.Tenant);
        if (tenantBytes > ushort.MaxValue)
        {
            throw new ArgumentException("tenant longer than 65535 bytes", nameof(batch));
        }

        var details = projection.Details;
        var resources = 0;
        var scopes = 0;
        var events = 0;
        var links = 0;
        var attributes = 0;
        var bytes = 0L;
        var lastResource = -1;
        var lastScope = -1;
        foreach (var i in spanIndices)
        {
            ref readonly var span = ref batch.Span(i);
            if (resources == 0 || span.ResourceIndex != lastResource)
            {
                resources++;
                lastResource = span.ResourceIndex;
                bytes += Kept(batch, batch.ResourceAttributes(lastResource), projection, ref attributes);
            }

            if (details && batch.ScopeCount > 0 && (scopes == 0 || span.ScopeIndex != lastScope))
            {
                scopes++;
                lastScope = span.ScopeIndex;
                ref readonly var scope = ref batch.Scope(lastScope);
                bytes += scope.Name.Length + scope.Version.Length + Kept(batch, batch.ScopeAttributes(scope), projection, ref attributes);
            }

            bytes += (projection.Name ? span.Name.Length : 0)
                + (details ? span.StatusMessage.Length : 0)
                + (projection.TraceState ? span.TraceState.Length : 0)
                + Kept(batch, batch.SpanAttributes(span), projection, ref attributes);
            if (!details)
            {
                continue;
            }

            events += span.EventCount;
            foreach (ref readonly var e in batch.SpanEvents(span))
            {
                bytes += e.Name.Length + Kept(batch, batch.EventAttributes(e), projection, ref attributes);
            }

            links += span.LinkCount;
            foreach (ref readonly var link in batch.SpanLinks(span))
            {
                bytes += Kept(batch, batch.LinkAttributes(link), projection, ref attributes);
            }
        }

        if (bytes > int.MaxValue / 2)
        {
            throw new ArgumentException("the selected spans hold more than 1 GiB of strings", nameof(spanIndices));
        }

        var texts = projection.Name || projection.TraceState || details;
        return new SubBatchShape(resources, spanIndices.Length, texts, details, attributes, scopes, events, links, (int)bytes, tenantBytes);
    }

    /// <summary>Counts the attributes the projection keeps into <paramref name="count"/>; returns their string bytes.</summary>
    private static long Kept(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes, SpanProjection projection, ref int count)
    {
        var bytes = 0L;
        foreach (ref readonly var a in attributes)
        {
            if (projection.Keeps(batch, a))
            {
                count++;
                bytes += a.Key.Length + a.Value.Length;
            }
        }

        return bytes;
    }
}
