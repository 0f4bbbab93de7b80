namespace KafkaMetricsGen.Core.TraceQL.Search;

/// <summary>Defaults of the search API, Tempo's (pkg/api and the query-frontend search config).</summary>
public static class SearchDefaults
{
    /// <summary>Traces per search answer when <c>limit</c> is absent (Tempo's <c>default_result_limit</c>).</summary>
    public const int Limit = 20;

    /// <summary>Spans shown per matching spanset when <c>spss</c> is absent; 0 asks for all.</summary>
    public const int SpansPerSpanSet = 3;

    /// <summary>The root name and service of a trace whose root span is not stored (Tempo's placeholder).</summary>
    public const string RootSpanNotYetReceived = "<root span not yet received>";

    /// <summary>The Tempo release whose HTTP API this mirrors, reported as <c>version</c> by the build-info endpoint.</summary>
    public const string TempoApiVersion = "2.10.8";
}
