using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>A compiled include / include_any / exclude block: it matches when every condition holds (AND).</summary>
internal sealed class PolicyBlock
{
    private readonly AttributeCondition[] _conditions;

    public PolicyBlock(PolicyMatchOptions options, string keyPath)
    {
        options.Validate(keyPath);
        var attributes = options.Attributes ?? [];
        _conditions = new AttributeCondition[attributes.Count];
        for (var i = 0; i < attributes.Count; i++)
        {
            _conditions[i] = AttributeCondition.Compile(options.MatchType, attributes[i], $"{keyPath}.{FilterPolicySchema.Attributes}[{i}]");
        }
    }

    /// <summary>The compiled conditions, in the order configured.</summary>
    public IReadOnlyList<AttributeCondition> Conditions => _conditions;

    public bool Matches(SpanBatch batch, ReadOnlySpan<AttributeRef> resourceAttributes, in SpanRef span)
    {
        foreach (var condition in _conditions)
        {
            var scope = condition.Target == PolicyTarget.ResourceAttribute ? resourceAttributes : batch.SpanAttributes(span);
            if (!condition.Matches(batch, scope, span))
            {
                return false;
            }
        }

        return true;
    }
}
