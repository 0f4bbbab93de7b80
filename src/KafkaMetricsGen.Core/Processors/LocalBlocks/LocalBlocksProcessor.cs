using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>
/// Tempo's <c>local-blocks</c> processor for one tenant: keeps recent spans (by default only server and root spans) in a
/// <see cref="LocalBlocksStore"/> that TraceQL metrics queries read. Strings come interned from the batch, and each
/// resource's attributes and each instrumentation scope are converted once and shared by their spans.
/// </summary>
public sealed class LocalBlocksProcessor : IProcessor, IQuerySpanSource
{
    private readonly LocalBlocksOptions _options;
    private readonly List<StoredSpan> _pending = [];
    private readonly List<StoredAttribute> _attributes = [];
    private StoredScope?[] _scopes = new StoredScope?[4];

    public LocalBlocksProcessor(string tenant, LocalBlocksOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Tenant = tenant;
        Store = new LocalBlocksStore(Path.Combine(options.Path, TenantDirectory(tenant)), tenant, options, time);
    }

    public string Name => ProcessorNames.LocalBlocks;

    public string Tenant { get; }

    public LocalBlocksStore Store { get; }

    public void PushSpans(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _pending.Clear();
        if (_scopes.Length < batch.ScopeCount)
        {
            _scopes = new StoredScope?[Math.Max(batch.ScopeCount, _scopes.Length * 2)];
        }

        Array.Clear(_scopes, 0, batch.ScopeCount);
        for (var r = 0; r < batch.ResourceCount; r++)
        {
            StoredAttribute[]? resource = null;
            foreach (ref readonly var span in batch.ResourceSpans(r))
            {
                if (!Keeps(span))
                {
                    continue;
                }

                resource ??= Convert(batch, batch.ResourceAttributes(r));
                var duration = span.EndTimeUnixNano > span.StartTimeUnixNano ? span.EndTimeUnixNano - span.StartTimeUnixNano : 0;
                _pending.Add(new StoredSpan(span.TraceId, span.SpanId, span.ParentSpanId, span.StartTimeUnixNano, duration,
                    batch.String(span.Name), span.Kind, span.StatusCode, batch.String(span.StatusMessage), resource,
                    Convert(batch, batch.SpanAttributes(span)), Scope(batch, span.ScopeIndex), Events(batch, span), Links(batch, span)));
            }
        }

        Store.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending));
    }

    /// <summary>True for a span this processor stores: with Tempo 2.x filter_server_spans only SERVER spans and roots (no parent).</summary>
    public bool Keeps(in SpanRef span) => !_options.FilterServerSpans || span.Kind == SpanKind.Server || span.ParentSpanId.IsEmpty;

    public IReadOnlyList<ReadOnlyMemory<StoredSpan>> Chunks(ulong fromUnixNano, ulong toUnixNano) => Store.Chunks(fromUnixNano, toUnixNano);

    public void Dispose() => Store.Dispose();

    /// <summary>A directory name for any tenant string: letters, digits, '-' and '_' kept, every other char as _XXXX.</summary>
    public static string TenantDirectory(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var sb = new System.Text.StringBuilder("t-");
        foreach (var c in tenant)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('_').Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private StoredScope Scope(SpanBatch batch, int index)
    {
        if (index >= batch.ScopeCount)
        {
            return StoredScope.Empty;
        }

        if (_scopes[index] is { } known)
        {
            return known;
        }

        ref readonly var scope = ref batch.Scope(index);
        var stored = scope.Name.IsEmpty && scope.Version.IsEmpty && scope.AttributeCount == 0
            ? StoredScope.Empty
            : new StoredScope(batch.String(scope.Name), batch.String(scope.Version), Convert(batch, batch.ScopeAttributes(scope)));
        return _scopes[index] = stored;
    }

    private StoredEvent[]? Events(SpanBatch batch, in SpanRef span)
    {
        var events = batch.SpanEvents(span);
        if (events.IsEmpty)
        {
            return null;
        }

        var stored = new StoredEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            stored[i] = new StoredEvent(batch.String(events[i].Name), events[i].TimeUnixNano, Convert(batch, batch.EventAttributes(events[i])));
        }

        return stored;
    }

    private StoredLink[]? Links(SpanBatch batch, in SpanRef span)
    {
        var links = batch.SpanLinks(span);
        if (links.IsEmpty)
        {
            return null;
        }

        var stored = new StoredLink[links.Length];
        for (var i = 0; i < links.Length; i++)
        {
            stored[i] = new StoredLink(links[i].TraceId, links[i].SpanId, Convert(batch, batch.LinkAttributes(links[i])));
        }

        return stored;
    }

    private StoredAttribute[] Convert(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes)
    {
        if (attributes.IsEmpty)
        {
            return [];
        }

        _attributes.Clear();
        foreach (ref readonly var a in attributes)
        {
            StaticValue value;
            switch (a.Kind)
            {
                case AnyValueKind.String: value = StaticValue.OfString(batch.String(a.Value)); break;
                case AnyValueKind.Int: value = StaticValue.OfInt(a.Int); break;
                case AnyValueKind.Double: value = StaticValue.OfFloat(a.Double); break;
                case AnyValueKind.Bool: value = StaticValue.OfBool(a.Bool); break;
                default: continue; // arrays, maps and bytes are not queryable here
            }

            _attributes.Add(new StoredAttribute(batch.String(a.Key), value));
        }

        return [.. _attributes];
    }
}
