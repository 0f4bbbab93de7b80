using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.MythicalSystem;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// A 15-span trace of the same system, recorded 80 minutes after <see cref="MythicalTrace"/>, where the request fails:
/// the server's insert violates a constraint, so the database client span, the server span and the requester's client
/// span end in ERROR. No message is published. Edges: requester → server and server → database, each failed once.
/// </summary>
internal static class FailedRequestsTrace
{
    public const string TraceId = "e8b6dff9f8d44b28f1b22bc3bd2f6768";

    /// <summary>2022-07-20T14:01:12.496201216Z.</summary>
    public const ulong Start = 1_658_325_672_496_201_216;

    public static TracesData Build()
    {
        const string root = "9007fea484554ad7";
        const string server = "2898383ecfa1a421";
        const string lokiPush = "3a4bd5846b744cd1";
        var t = new TraceBuilder(TraceId, Start);

        t.Add(Requester, App(RequesterName), t.Span(root, null, Kind.Client, "requester", 0, 15_317_504, Error(), Str("beast", "illithid")));
        t.Add(Requester, Net, t.Span("1fcbc1ba2ffd93eb", root, Kind.Internal, "tcp.connect", 465_664, 1_900_544, Unset, ConnectToServer(44212)));
        t.Add(Server, Http, t.Span(server, root, Kind.Server, "POST /:endpoint", 3_349_760, 7_309_568, Error(),
        [
            Str("http.url", "http://mythical-server:4000/illithid"),
            Str("http.host", "mythical-server:4000"),
            Str("net.host.name", ServerName),
            Str("http.method", "POST"),
            Str("http.target", "/illithid"),
            Int("http.request_content_length_uncompressed", 16),
            Str("http.flavor", "1.1"),
            Str("net.transport", "ip_tcp"),
            Int("span.kind", 2),
            .. ServerConnection(44212),
            Int("http.status_code", 500),
            Str("http.status_text", "INTERNAL SERVER ERROR"),
            Str("http.route", "/:endpoint"),
        ]));
        t.Add(Server, Express, t.Span("8b11aed89fb25bb6", server, Kind.Internal, "middleware - query", 3_481_856, 23_808, Unset, ExpressLayer("/", "query", "middleware")));
        t.Add(Server, Express, t.Span("05ad00228d869c2f", server, Kind.Internal, "middleware - expressInit", 4_649_984, 105_216, Unset, ExpressLayer("/", "expressInit", "middleware")));
        t.Add(Server, Express, t.Span("e4ab30d959674a60", server, Kind.Internal, "middleware - jsonParser", 5_502_464, 722_432, Unset, ExpressLayer("/", "jsonParser", "middleware")));
        t.Add(Server, Express, t.Span("692b65a9ddbd35db", server, Kind.Internal, "request handler - /:endpoint", 6_442_496, 3_840, Unset, ExpressLayer("/:endpoint", "/:endpoint", "request_handler")));
        t.Add(Server, Pg, t.Span("c1ae6cea39a8fc4b", server, Kind.Client, "pg.query:INSERT", 6_619_392, 2_778_624,
            Error("null value in column \"name\" of relation \"illithid\" violates not-null constraint"),
            DatabaseCall.Recorded.Attributes("INSERT INTO illithid(name) VALUES ($1)")));

        t.Add(Server, Http, t.Span(lokiPush, server, Kind.Client, "HTTP POST", 11_389_952, 5_684_992, Ok, LokiPush));
        t.Add(Server, Net, t.Span("86ff91af2dfffb80", lokiPush, Kind.Internal, "tcp.connect", 11_566_336, 2_703_616, Unset, ConnectToLokiFromServer(48352)));
        t.Add(Server, Dns, t.Span("729dd9b3c3bde739", lokiPush, Kind.Client, "dns.lookup", 11_945_728, 1_389_568, Unset, LokiLookup));

        t.Add(Requester, App(RequesterName), t.Span("bf78f51e4b80ffb6", root, Kind.Client, "log_to_loki", 14_715_392, 10_907_648, Ok));
        t.Add(Requester, App(RequesterName), t.Span("9dc430d25c9b6b15", root, Kind.Client, "log_to_loki", 15_221_248, 9_249_792, Ok));
        t.Add(Requester, Net, t.Span("905946a25b74ed2f", root, Kind.Internal, "tcp.connect", 16_082_688, 7_307_008, Unset, ConnectToLokiFromRequester(38858)));
        t.Add(Requester, Net, t.Span("34490bfead050384", root, Kind.Internal, "tcp.connect", 16_281_088, 4_965_632, Unset, ConnectToLokiFromRequester(38856)));
        return t.Build();
    }
}
