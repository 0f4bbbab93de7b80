using System.Reflection;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>HTTP header names and fixed values of the remote write 1.0 and 2.0 protocols.</summary>
public static class RemoteWriteHttpHeaders
{
    public const string OrgId = "X-Scope-OrgID";
    public const string Version = "X-Prometheus-Remote-Write-Version";
    public const string VersionValue = "0.1.0";
    public const string ContentEncodingValue = "snappy";
    public const string ContentTypeValue = "application/x-protobuf";

    /// <summary>Remote write 2.0: the version header's value and the Content-Type naming the message.</summary>
    public const string VersionValueV2 = "2.0.0";
    public const string ContentTypeValueV2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    /// <summary>What a 2.0 receiver reports it stored; a 2xx to a 2.0 request without the samples header comes from a 1.0 receiver.</summary>
    public const string SamplesWritten = "X-Prometheus-Remote-Write-Samples-Written";
    public const string HistogramsWritten = "X-Prometheus-Remote-Write-Histograms-Written";
    public const string ExemplarsWritten = "X-Prometheus-Remote-Write-Exemplars-Written";
    public const string Authorization = "Authorization";
    public const string UserAgentProduct = "kafka-metrics-gen";

    /// <summary><c>kafka-metrics-gen/&lt;version&gt;</c>, the version being the assembly's informational version.</summary>
    public static string UserAgent { get; } = UserAgentProduct + "/" + ProductVersion();

    private static string ProductVersion()
    {
        var assembly = typeof(RemoteWriteHttpHeaders).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
