namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>Grammar categories of Tempo's TraceQL (pkg/traceql/expr.y), as the parser combines them.</summary>
public enum SyntaxCategory : byte
{
    /// <summary>Inside <c>{ }</c>: static, attribute, intrinsic, unary or binary operation.</summary>
    Field,

    /// <summary>Integer, float or duration, constant arithmetic folded.</summary>
    Scalar,

    /// <summary><c>{ ... }</c> and spanset operations between filters.</summary>
    Spanset,

    /// <summary>A spanset pipeline of more than a spanset expression, or one starting with a scalar filter, by() or select().</summary>
    Pipeline,

    /// <summary>A parenthesized pipeline.</summary>
    WrappedPipeline,

    /// <summary>Spanset operations between wrapped pipelines.</summary>
    PipelineExpression,

    /// <summary>count(), min(x), max(x), avg(x), sum(x).</summary>
    Aggregate,

    /// <summary>Arithmetic involving an aggregate.</summary>
    AggregateExpression,

    /// <summary>A comparison of an aggregate expression: <c>count() &gt; 2</c>.</summary>
    ScalarFilter,

    /// <summary><c>by(...)</c>.</summary>
    Group,

    /// <summary><c>coalesce()</c>.</summary>
    Coalesce,

    /// <summary><c>select(...)</c>.</summary>
    Select,

    /// <summary><c>pipeline | count()</c> (valid only wrapped).</summary>
    ScalarPipeline,

    /// <summary>Arithmetic between wrapped scalar pipelines.</summary>
    ScalarPipelineExpression,

    /// <summary>A comparison of scalar pipelines (Tempo: not yet supported).</summary>
    ScalarPipelineFilter,

    /// <summary>rate(), count_over_time(), ..., compare(), with their by() and filters.</summary>
    MetricsFunction,

    /// <summary>topk(n) / bottomk(n) with filters.</summary>
    SecondStage,

    /// <summary><c>pipeline | metrics function</c>, optionally followed by second stages.</summary>
    Metrics,

    /// <summary>Arithmetic between wrapped metrics pipelines and scalars.</summary>
    MetricsExpression,

    /// <summary>The <c>with(...)</c> hints of the query.</summary>
    Hints,
}
