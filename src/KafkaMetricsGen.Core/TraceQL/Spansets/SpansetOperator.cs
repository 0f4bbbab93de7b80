namespace KafkaMetricsGen.Core.TraceQL.Spansets;

/// <summary>The relation a spanset operation checks between its left and right spansets.</summary>
public enum SpansetOperator : byte
{
    /// <summary><c>&amp;&amp;</c>: both sides matched in the trace.</summary>
    And,

    /// <summary><c>||</c>: either side.</summary>
    Or,

    /// <summary><c>&gt;</c>: right spans whose parent is a left span.</summary>
    Child,

    /// <summary><c>&gt;&gt;</c>: right spans with a left span among their ancestors.</summary>
    Descendant,

    /// <summary><c>&lt;</c>: right spans that are the parent of a left span.</summary>
    Parent,

    /// <summary><c>&lt;&lt;</c>: right spans that are an ancestor of a left span.</summary>
    Ancestor,

    /// <summary><c>~</c>: right spans that share their parent with another, left span.</summary>
    Sibling,
}
