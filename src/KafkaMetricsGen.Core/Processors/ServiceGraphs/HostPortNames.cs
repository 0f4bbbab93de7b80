using System.Runtime.CompilerServices;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// The <c>host:port</c> name of a database reached by <c>network.peer.address</c> and <c>network.peer.port</c>, kept
/// so a repeated pair is one string instance: the call then neither allocates nor misses the
/// <see cref="EdgeLabelCache"/>, whose hits depend on value identity. Keyed by the host's identity (interned by the
/// batch) and the port's integer, or its text's identity for a non-integer port. Two-way set-associative, fixed-size.
/// </summary>
internal sealed class HostPortNames
{
    private readonly Entry?[] _entries = new Entry?[1 << 8];

    public string Join(SpanBatch batch, string host, in AttributeRef port)
    {
        var isInt = port.Kind == AnyValueKind.Int;
        var portInt = isInt ? port.Int : 0;
        var portText = isInt ? null : LabelValues.Text(batch, port);
        var hash = HashCode.Combine(RuntimeHelpers.GetHashCode(host), portInt, portText is null ? 0 : RuntimeHelpers.GetHashCode(portText));

        // Two-way sets, most recent first, as in EdgeLabelCache.
        var set = hash & (_entries.Length - 1) & ~1;
        for (var way = set; way < set + 2; way++)
        {
            if (_entries[way] is { } entry && ReferenceEquals(entry.Host, host) && entry.PortInt == portInt && ReferenceEquals(entry.PortText, portText))
            {
                _entries[way] = _entries[set];
                _entries[set] = entry;
                return entry.Joined;
            }
        }

        var joined = host + ":" + (portText ?? LabelValues.Text(batch, port));
        _entries[set + 1] = _entries[set];
        _entries[set] = new Entry(host, portInt, portText, joined);
        return joined;
    }

    private sealed record Entry(string Host, long PortInt, string? PortText, string Joined);
}
