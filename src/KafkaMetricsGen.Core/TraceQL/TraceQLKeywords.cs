using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>TraceQL spellings: intrinsics, enum literals, function names and series label names.</summary>
public static class TraceQLKeywords
{
    public const string Rate = "rate";
    public const string CountOverTime = "count_over_time";
    public const string SumOverTime = "sum_over_time";
    public const string AvgOverTime = "avg_over_time";
    public const string MinOverTime = "min_over_time";
    public const string MaxOverTime = "max_over_time";
    public const string QuantileOverTime = "quantile_over_time";
    public const string HistogramOverTime = "histogram_over_time";
    public const string Compare = "compare";
    public const string TopK = "topk";
    public const string BottomK = "bottomk";
    public const string By = "by";
    public const string With = "with";

    /// <summary>The hint that sets the exemplars of a metrics query: <c>with(exemplars=10)</c>.</summary>
    public const string ExemplarsHint = "exemplars";

    /// <summary>The sampling hint: accepted, and the answer stays exact (every stored span is read).</summary>
    public const string SampleHint = "sample";

    /// <summary>The label of an ungrouped series: <c>{__name__="rate"}</c>.</summary>
    public const string NameLabel = "__name__";

    /// <summary>Between instances only: which leaf of an arithmetic query a first-stage series belongs to.</summary>
    public const string QueryFragmentLabel = "__query_fragment";

    /// <summary>The histogram bucket label (upper bound, seconds for durations).</summary>
    public const string BucketLabel = "__bucket";

    /// <summary>The quantile label added by quantile_over_time.</summary>
    public const string QuantileLabel = "p";

    /// <summary>Marks the count half of avg_over_time between a peer and the merging instance.</summary>
    public const string MetaTypeLabel = "__meta_type";

    public const string MetaTypeCount = "__count";

    /// <summary>compare(): the counts of spans outside the selection, per attribute value.</summary>
    public const string MetaTypeBaseline = "baseline";

    /// <summary>compare(): the counts of spans in the selection, per attribute value.</summary>
    public const string MetaTypeSelection = "selection";

    /// <summary>compare(): all baseline spans that have the attribute (label value "nil").</summary>
    public const string MetaTypeBaselineTotal = "baseline_total";

    /// <summary>compare(): all selection spans that have the attribute (label value "nil").</summary>
    public const string MetaTypeSelectionTotal = "selection_total";

    /// <summary>compare(): marks an attribute with more values than topN.</summary>
    public const string MetaErrorLabel = "__meta_error";

    public const string MetaErrorTooManyValues = "__too_many_values__";

    /// <summary>The label value of compare()'s totals and errors: Tempo's nil, as it reaches the wire.</summary>
    public const string NilText = "nil";

    /// <summary>The exemplar label of the trace id: lowercase hex without leading zeros, as Tempo writes it.</summary>
    public const string TraceIdLabel = "trace:id";

    /// <summary>The exemplar label of the span id: 16 lowercase hex digits.</summary>
    public const string SpanIdLabel = "span:id";

    public static string StatusName(StatusCode status) => status switch
    {
        StatusCode.Ok => "ok",
        StatusCode.Error => "error",
        _ => "unset",
    };

    public static string KindName(SpanKind kind) => kind switch
    {
        SpanKind.Internal => "internal",
        SpanKind.Server => "server",
        SpanKind.Client => "client",
        SpanKind.Producer => "producer",
        SpanKind.Consumer => "consumer",
        _ => "unspecified",
    };

    /// <summary>Keyword literals usable on the right of a comparison.</summary>
    public static bool TryLiteral(string word, out StaticValue value)
    {
        value = word switch
        {
            "true" => StaticValue.OfBool(true),
            "false" => StaticValue.OfBool(false),
            "error" => StaticValue.OfStatus(StatusCode.Error),
            "ok" => StaticValue.OfStatus(StatusCode.Ok),
            "unset" => StaticValue.OfStatus(StatusCode.Unset),
            "server" => StaticValue.OfKind(SpanKind.Server),
            "client" => StaticValue.OfKind(SpanKind.Client),
            "producer" => StaticValue.OfKind(SpanKind.Producer),
            "consumer" => StaticValue.OfKind(SpanKind.Consumer),
            "internal" => StaticValue.OfKind(SpanKind.Internal),
            "unspecified" => StaticValue.OfKind(SpanKind.Unspecified),
            "nil" => StaticValue.Nil,
            _ => StaticValue.OfString(string.Empty),
        };
        return word is "true" or "false" or "error" or "ok" or "unset" or "server" or "client" or "producer" or "consumer"
            or "internal" or "unspecified" or "nil";
    }

    /// <summary>Intrinsic fields by every spelling TraceQL accepts.</summary>
    public static bool TryIntrinsic(string word, out Intrinsic intrinsic)
    {
        intrinsic = word switch
        {
            "name" or "span:name" => Intrinsic.Name,
            "status" or "span:status" => Intrinsic.Status,
            "kind" or "span:kind" => Intrinsic.Kind,
            "duration" or "span:duration" => Intrinsic.Duration,
            "statusMessage" or "span:statusMessage" => Intrinsic.StatusMessage,
            "trace:rootService" or "rootServiceName" => Intrinsic.TraceRootService,
            "trace:rootName" or "rootName" => Intrinsic.TraceRootName,
            "trace:duration" or "traceDuration" => Intrinsic.TraceDuration,
            "span:id" => Intrinsic.SpanId,
            "trace:id" => Intrinsic.TraceId,
            "span:parentID" => Intrinsic.ParentId,
            "nestedSetParent" => Intrinsic.NestedSetParent,
            "nestedSetLeft" => Intrinsic.NestedSetLeft,
            "nestedSetRight" => Intrinsic.NestedSetRight,
            "span:childCount" => Intrinsic.ChildCount,
            "event:name" => Intrinsic.EventName,
            "event:timeSinceStart" => Intrinsic.EventTimeSinceStart,
            "link:traceID" => Intrinsic.LinkTraceId,
            "link:spanID" => Intrinsic.LinkSpanId,
            "instrumentation:name" => Intrinsic.InstrumentationName,
            "instrumentation:version" => Intrinsic.InstrumentationVersion,
            _ => Intrinsic.None,
        };
        return intrinsic != Intrinsic.None;
    }
}
