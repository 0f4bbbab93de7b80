using System.Collections.Concurrent;
using KafkaMetricsGen.Core.TraceQL;

namespace KafkaMetricsGen.Core.Processors.LocalBlocks;

/// <summary>The local-blocks processors of every tenant on this instance; the query service finds a tenant's spans here.</summary>
public sealed class LocalBlocksTenants(LocalBlocksOptions options, TimeProvider time) : IQuerySpanSourceProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LocalBlocksProcessor>> _processors = new(StringComparer.Ordinal);

    public LocalBlocksOptions Options { get; } = options;

    public LocalBlocksProcessor GetOrCreate(string tenant) =>
        _processors.GetOrAdd(tenant, t => new Lazy<LocalBlocksProcessor>(() => new LocalBlocksProcessor(t, Options, time))).Value;

    public IQuerySpanSource? Find(string tenant) => _processors.TryGetValue(tenant, out var p) ? p.Value : null;

    public void Dispose()
    {
        foreach (var p in _processors.Values)
        {
            if (p.IsValueCreated)
            {
                p.Value.Dispose();
            }
        }

        _processors.Clear();
    }
}
