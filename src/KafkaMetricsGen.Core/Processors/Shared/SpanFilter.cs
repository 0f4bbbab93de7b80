using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// Tempo's filter-policy decision, compiled once from <c>filter_policies</c>:
/// no policies keeps everything; any matching exclude drops; any matching include_any keeps; otherwise every include
/// must match, and a span is dropped when include_any blocks exist but none matched.
/// </summary>
public sealed class SpanFilter
{
    private readonly PolicyBlock[] _include;
    private readonly PolicyBlock[] _includeAny;
    private readonly PolicyBlock[] _exclude;

    /// <param name="policies">The <c>filter_policies</c> list; null or empty keeps every span.</param>
    /// <param name="parentKeyPath">The key the list sits under, for error messages (e.g. <c>metrics_generator.processor.span_metrics</c>).</param>
    public SpanFilter(IReadOnlyList<FilterPolicyOptions>? policies, string parentKeyPath)
    {
        FilterPolicyOptions.ValidateAll(policies, parentKeyPath);
        var include = new List<PolicyBlock>();
        var includeAny = new List<PolicyBlock>();
        var exclude = new List<PolicyBlock>();
        for (var i = 0; i < (policies?.Count ?? 0); i++)
        {
            var policy = policies![i];
            var path = $"{parentKeyPath}.{FilterPolicySchema.FilterPolicies}[{i}]";
            if (policy.Include is { } inc)
            {
                include.Add(new PolicyBlock(inc, path + "." + FilterPolicySchema.Include));
            }

            if (policy.IncludeAny is { } any)
            {
                includeAny.Add(new PolicyBlock(any, path + "." + FilterPolicySchema.IncludeAny));
            }

            if (policy.Exclude is { } exc)
            {
                exclude.Add(new PolicyBlock(exc, path + "." + FilterPolicySchema.Exclude));
            }
        }

        _include = [.. include];
        _includeAny = [.. includeAny];
        _exclude = [.. exclude];
        IsEmpty = _include.Length == 0 && _includeAny.Length == 0 && _exclude.Length == 0;
        var keys = new List<byte[]>();
        foreach (var condition in _include.Concat(_includeAny).Concat(_exclude).SelectMany(b => b.Conditions))
        {
            if (condition.Target is PolicyTarget.ResourceAttribute or PolicyTarget.SpanAttribute)
            {
                keys.Add(condition.KeyUtf8);
            }

            ReadsName |= condition.Target == PolicyTarget.Name;
        }

        AttributeKeys = keys;
    }

    /// <summary>The attribute keys the policies read, on the span or its resource (UTF-8, repeats possible).</summary>
    public IReadOnlyList<byte[]> AttributeKeys { get; }

    /// <summary>True when a policy reads the span name.</summary>
    public bool ReadsName { get; }

    /// <summary>True when there are no policies (every span is kept).</summary>
    public bool IsEmpty { get; }

    /// <summary>True when the span passes the policies.</summary>
    public bool Keep(SpanBatch batch, int resourceIndex, in SpanRef span)
    {
        if (IsEmpty)
        {
            return true;
        }

        var resourceAttributes = batch.ResourceAttributes(resourceIndex);
        foreach (var block in _exclude)
        {
            if (block.Matches(batch, resourceAttributes, span))
            {
                return false;
            }
        }

        foreach (var block in _includeAny)
        {
            if (block.Matches(batch, resourceAttributes, span))
            {
                return true;
            }
        }

        if (_include.Length > 0)
        {
            foreach (var block in _include)
            {
                if (!block.Matches(batch, resourceAttributes, span))
                {
                    return false;
                }
            }

            return true;
        }

        return _includeAny.Length == 0;
    }
}
