using System.Reflection;
using KafkaMetricsGen.Core.TraceQL.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaMetricsGen.Http;

/// <summary>
/// What Grafana's Tempo data source checks before it queries: <c>/api/echo</c> (its "Save &amp; test") answers
/// <c>echo</c>, and <c>/api/status/buildinfo</c> Tempo's build-info JSON with the Tempo API version this mirrors and this
/// build's own version as the revision.
/// </summary>
public static class TempoStatusEndpoints
{
    public const string EchoBody = "echo\n";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var revision = typeof(TempoStatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        endpoints.MapGet(SearchParameterNames.EchoPath, () => Results.Text(EchoBody));
        endpoints.MapGet(SearchParameterNames.BuildInfoPath, () => Results.Json(new BuildInfo(SearchDefaults.TempoApiVersion, revision, "kafka-metrics-gen", string.Empty, string.Empty, Environment.Version.ToString())));
        return endpoints;
    }

    /// <summary>Tempo's build-info fields (lowerCamelCase in JSON).</summary>
    public sealed record BuildInfo(string Version, string Revision, string Branch, string BuildUser, string BuildDate, string GoVersion);
}
