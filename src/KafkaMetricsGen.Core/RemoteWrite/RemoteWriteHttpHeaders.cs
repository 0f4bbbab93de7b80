using System.Reflection;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>HTTP header names and fixed values of the remote write v1 protocol.</summary>
public static class RemoteWriteHttpHeaders
{
    public const string OrgId = "X-Scope-OrgID";
    public const string Version = "X-Prometheus-Remote-Write-Version";
    public const string VersionValue = "0.1.0";
    public const string ContentEncodingValue = "snappy";
    public const string ContentTypeValue = "application/x-protobuf";
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
