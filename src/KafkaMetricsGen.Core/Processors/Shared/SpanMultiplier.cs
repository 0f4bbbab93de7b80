using System.Text;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// The per-span sampling multiplier: the tracestate adjusted count when enabled and usable, else
/// 1 / value of the first <c>span_multiplier_key</c> attribute holding a double &gt; 0 (span attributes first, then
/// resource — the reverse of dimension lookup), else 1.
/// </summary>
public sealed class SpanMultiplier
{
    private readonly byte[]? _keyUtf8;
    private readonly bool _useTraceState;

    /// <param name="spanMultiplierKey">YAML <c>span_multiplier_key</c>; empty disables the attribute lookup.</param>
    /// <param name="enableTraceStateSpanMultiplier">YAML <c>enable_tracestate_span_multiplier</c>.</param>
    public SpanMultiplier(string? spanMultiplierKey, bool enableTraceStateSpanMultiplier)
    {
        _keyUtf8 = string.IsNullOrEmpty(spanMultiplierKey) ? null : Encoding.UTF8.GetBytes(spanMultiplierKey);
        _useTraceState = enableTraceStateSpanMultiplier;
    }

    /// <summary>The attribute key read (UTF-8), null when none is configured.</summary>
    public byte[]? KeyUtf8 => _keyUtf8;

    /// <summary>True when the span's trace state is read.</summary>
    public bool ReadsTraceState => _useTraceState;

    /// <summary>True when every span gets 1 (nothing configured); callers may skip the call.</summary>
    public bool IsConstant => _keyUtf8 is null && !_useTraceState;

    public double For(SpanBatch batch, int resourceIndex, in SpanRef span)
    {
        if (_useTraceState && !span.TraceState.IsEmpty)
        {
            var adjusted = TraceStateMultiplier.FromTraceState(batch.Bytes(span.TraceState));
            if (adjusted > 0)
            {
                return adjusted;
            }
        }

        if (_keyUtf8 is null)
        {
            return 1;
        }

        if (TryRatio(batch, batch.SpanAttributes(span), out var ratio) || TryRatio(batch, batch.ResourceAttributes(resourceIndex), out ratio))
        {
            return 1 / ratio;
        }

        return 1;
    }

    private bool TryRatio(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes, out double ratio)
    {
        foreach (ref readonly var a in attributes)
        {
            if (a.Kind == AnyValueKind.Double && a.Double > 0 && batch.Bytes(a.Key).SequenceEqual(_keyUtf8))
            {
                ratio = a.Double;
                return true;
            }
        }

        ratio = 0;
        return false;
    }
}
