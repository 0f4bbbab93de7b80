namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>{ true }</c> or <c>{ false }</c> as an operand: Grafana's Traces Drilldown writes filters such as
/// <c>{ nestedSetParent &lt; 0 &amp;&amp; true }</c>.
/// </summary>
public sealed class ConstantFilter : SpanFilter
{
    public static readonly ConstantFilter True = new(true);

    public static readonly ConstantFilter False = new(false);

    private ConstantFilter(bool value) => Value = value;

    public bool Value { get; }

    public override bool UsesTraceFields => false;

    public override bool Matches(in StoredSpan span, in TraceInfo trace) => Value;
}
