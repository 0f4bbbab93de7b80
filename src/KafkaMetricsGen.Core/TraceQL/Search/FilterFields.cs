namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>The attributes a spanset filter reads, in query order, each once: a search shows them on its spans.</summary>
public static class FilterFields
{
    public static IReadOnlyList<FieldRef> Attributes(SpanFilter filter)
    {
        var fields = new List<FieldRef>();
        Collect(filter, fields);
        return fields;
    }

    private static void Collect(SpanFilter filter, List<FieldRef> fields)
    {
        switch (filter)
        {
            case ComparisonFilter c when c.Field.Scope != AttributeScope.Intrinsic && !fields.Exists(f => f.Name == c.Field.Name):
                fields.Add(c.Field);
                break;
            case LogicalFilter l:
                Collect(l.Left, fields);
                Collect(l.Right, fields);
                break;
            case NotFilter n:
                Collect(n.Inner, fields);
                break;
        }
    }
}
