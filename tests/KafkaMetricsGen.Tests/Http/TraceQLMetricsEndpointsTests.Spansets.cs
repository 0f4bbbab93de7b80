using System.Net;
using Google.Protobuf;
using KafkaMetricsGen.Core.Processors.LocalBlocks;
using KafkaMetricsGen.Core.TraceQL;
using KafkaMetricsGen.Http;
using KafkaMetricsGen.TestKit;
using KafkaMetricsGen.Wire.Tempo;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Tests.Http;

public sealed partial class TraceQLMetricsEndpointsTests
{
    [Theory]
    [InlineData("{ resource.service.name = \"gw\" } >> { status = error } | count_over_time() by (resource.service.name)", "db", 1)]
    [InlineData("{ resource.service.name = \"gw\" } > { } | count_over_time() by (resource.service.name)", "api", 1)]
    [InlineData("{ name = \"db\" } ~ { } | count_over_time() by (resource.service.name)", "cache", 1)]
    [InlineData("{ } | count() > 3 | count_over_time() by (resource.service.name)", "gw", 1)]
    [InlineData("{ } | avg(duration) > 3ms | count_over_time() by (resource.service.name)", "db", 1)]
    [InlineData("{ name = \"db\" } && { name = \"cache\" } | count_over_time() by (resource.service.name)", "cache", 1)]
    [InlineData("{ duration * 2 >= 4ms } | count_over_time() by (resource.service.name)", "db", 1)]
    [InlineData("{ name = \"api\" } !> { name != \"gateway\" } | count_over_time() by (resource.service.name)", "db", 1)]
    public async Task Structural_and_pipeline_queries_answer_over_http(string q, string service, double total)
    {
        var address = await StartTreeInstance();
        var response = await Get(address, Range(q), protobuf: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = QueryRangeResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        var series = body.Series.Single(s => s.Labels[0].Value.StringValue == service);
        Assert.Equal(total, series.Samples.Sum(s => s.Value));
    }

    [Fact]
    public async Task Compare_answers_baseline_and_selection_series_over_http()
    {
        var address = await StartTreeInstance();
        var response = await Get(address, Range("{ } | compare({ status = error })"), protobuf: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = QueryRangeResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        double Total(string type, string name, string value) => body.Series
            .Single(s => s.Labels.Count == 2 && s.Labels[0].Key == "__meta_type" && s.Labels[0].Value.StringValue == type
                && s.Labels[1].Key == name && s.Labels[1].Value.StringValue == value)
            .Samples.Sum(x => x.Value);
        Assert.Equal(1, Total("selection", "resource.service.name", "db"));
        Assert.Equal(1, Total("baseline", "resource.service.name", "db"));
        Assert.Equal(2, Total("baseline", "resource.service.name", "gw"));
        Assert.Equal(5, Total("baseline_total", "resource.service.name", "nil"));
        Assert.Equal(1, Total("selection_total", "name", "nil"));
        Assert.Equal(1, Total("selection", "status", "error"));
    }

    /// <summary>
    /// Trace 1: gateway(gw) → api(api) → db(db, error, 1 ms), cache(cache); trace 2: gateway(gw) → db(db, 3 ms).
    /// Every span is a server span, so local blocks keep them all with filter_server_spans on.
    /// </summary>
    private async Task<string> StartTreeInstance()
    {
        var data = new TracesData();
        var start = NowNano - (60 * Second);
        void Add(int trace, int id, int parent, string service, string name, ulong durationNano, bool error = false)
        {
            var rs = new ResourceSpans { Resource = new Resource() };
            rs.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
            var ss = new ScopeSpans();
            ss.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)trace]),
                SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 0, (byte)id]),
                ParentSpanId = parent == 0 ? ByteString.Empty : ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 0, (byte)parent]),
                Kind = Span.Types.SpanKind.Server,
                Name = name,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + durationNano,
                Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
            });
            rs.ScopeSpans.Add(ss);
            data.ResourceSpans.Add(rs);
        }

        Add(1, 1, 0, "gw", "gateway", 5_000_000);
        Add(1, 2, 1, "api", "api", 4_000_000);
        Add(1, 3, 2, "db", "db", 1_000_000, error: true);
        Add(1, 4, 2, "cache", "cache", 500_000);
        Add(2, 5, 0, "gw", "gateway", 5_000_000);
        Add(2, 6, 5, "db", "db", 3_000_000);
        var tenants = new LocalBlocksTenants(new LocalBlocksOptions { Path = Path.Combine(_dir, "tree") }, _time);
        _stores.Add(tenants);
        tenants.GetOrCreate("acme").PushSpans(SpanBatchFactory.From(data, "acme"));
        var service = new TraceQLMetricsQueryService(tenants, new TraceQLMetricsOptions(), _time);
        var server = await WorkerHttpServer.StartAsync("127.0.0.1:0", app => TraceQLMetricsEndpoints.Map(app, service));
        _servers.Add(server);
        return server.Address;
    }
}
