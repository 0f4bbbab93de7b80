using System.Globalization;
using System.Net.Http.Headers;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Calls a peer's <c>/api/metrics/query_range</c> with <c>local=true</c>, the original (unaligned) range in nanoseconds,
/// the exemplar count the merging instance settled on, the tenant header, and <c>Accept: application/protobuf</c>, so both
/// sides align the same way and no value is lost.
/// </summary>
public sealed class HttpMetricsPeerClient(HttpClient http) : IMetricsPeerClient
{
    public async Task<QueryRangeResponse> QueryLocalAsync(Uri peer, string tenant, MetricsQueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(request);
        var query = string.Create(CultureInfo.InvariantCulture,
            $"{QueryParameterNames.QueryRangePath}?{QueryParameterNames.Q}={Uri.EscapeDataString(request.Query)}&{QueryParameterNames.Start}={request.StartUnixNano}&{QueryParameterNames.End}={request.EndUnixNano}&{QueryParameterNames.Step}={request.StepNano}ns&{QueryParameterNames.Exemplars}={request.Exemplars}&{QueryParameterNames.Local}=true");
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(peer, query));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(QueryParameterNames.ProtobufContentType));
        message.Headers.Add(QueryParameterNames.TenantHeader, tenant);
        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"peer {peer} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return QueryRangeResponse.Parser.ParseFrom(body);
    }
}
