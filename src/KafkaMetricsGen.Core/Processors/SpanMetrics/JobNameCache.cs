namespace KafkaMetricsGen.Core.Processors.SpanMetrics;

/// <summary>
/// Builds <c>job</c> = <c>namespace/name</c> without allocating for resources seen before: the batch hands out
/// interned strings, so a small direct-mapped cache keyed by reference finds the joined string again.
/// </summary>
internal sealed class JobNameCache
{
    private const int Size = 256;
    private readonly (string Namespace, string Name, string Job)[] _entries = new (string, string, string)[Size];

    public string Job(string ns, string name)
    {
        if (name.Length == 0)
        {
            return string.Empty;
        }

        if (ns.Length == 0)
        {
            return name;
        }

        var slot = (int)((uint)HashCode.Combine(ns.Length, name.Length, ns[0], name[^1]) % Size);
        ref var entry = ref _entries[slot];
        if (entry.Job is not null && string.Equals(entry.Namespace, ns, StringComparison.Ordinal) && string.Equals(entry.Name, name, StringComparison.Ordinal))
        {
            return entry.Job;
        }

        entry = (ns, name, ns + "/" + name);
        return entry.Job;
    }
}
