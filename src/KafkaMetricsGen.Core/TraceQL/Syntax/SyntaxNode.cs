namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// A node of the full TraceQL syntax tree (<see cref="TraceQLSyntaxParser"/>). <see cref="Category"/> is the grammar
/// category the node was parsed as; operators combine categories as Tempo's grammar allows.
/// </summary>
public sealed record SyntaxNode(SyntaxCategory Category, string Op, IReadOnlyList<SyntaxNode> Children)
{
    /// <summary>Field expressions: the implied type; statics and attributes: their own.</summary>
    public SyntaxType Type { get; init; }

    /// <summary>Attributes and intrinsics: the spelling; statics: the text; functions: the name.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>A literal inside a field expression.</summary>
    public bool IsStatic { get; init; }

    /// <summary>An intrinsic field (cannot be compared with nil).</summary>
    public bool IsIntrinsic { get; init; }

    /// <summary>A <c>parent.</c> attribute or the <c>parent</c> intrinsic (Tempo: not yet supported).</summary>
    public bool IsParent { get; init; }

    /// <summary>Attributes: the scope prefix as written (<c>span.</c>, <c>resource.</c>, <c>.</c>, <c>event.</c>, ...).</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>Attributes: the name without its scope.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Integer arguments of topk/bottomk and compare.</summary>
    public long Number { get; init; }

    /// <summary>Wrapped in parentheses (a parenthesized spanset filter may stand where a wrapped pipeline does).</summary>
    public bool Wrapped { get; init; }

    public static SyntaxNode Leaf(SyntaxCategory category, string text, SyntaxType type = SyntaxType.Attribute) =>
        new(category, string.Empty, []) { Text = text, Type = type };
}
