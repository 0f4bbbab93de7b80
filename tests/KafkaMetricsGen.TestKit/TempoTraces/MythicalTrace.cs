using OpenTelemetry.Proto.Trace.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.MythicalSystem;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;
using Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// The 19-span trace most of Tempo's service-graph fixtures are: the requester calls the server (which queries Postgres
/// and pushes logs to Loki), publishes a message that the recorder consumes, and logs to Loki itself. Edges it forms:
/// requester → server, server → database, requester → recorder (messaging system). The database client span's naming
/// attributes are the variable part.
/// </summary>
internal static class MythicalTrace
{
    public const string TraceId = "4290b5877a9930de79bb428365398ecc";

    /// <summary>2022-07-20T12:40:54.877522688Z, when the requester's root span starts.</summary>
    public const ulong Start = 1_658_320_854_877_522_688;

    public const string RequesterSpanId = "d606579e57787587";
    public const ulong RequesterDuration = 45_834_496;

    /// <summary>The requester's first <c>tcp.connect</c>, 0.3 ms into the trace.</summary>
    public const string ConnectSpanId = "53f3329b863da95d";
    public const ulong ConnectStart = 316_928;
    public const ulong ConnectDuration = 705_792;

    public static TracesData Build(DatabaseCall database)
    {
        const string root = RequesterSpanId;
        const string server = "9992968897f3c846";
        const string lokiPush = "22af07cb208631c0";
        const string publish = "a0c838ea9a83f726";
        const string send = "09bc8187c967f4b4";
        const string consume = "a8c3fb56334620af";
        var t = new TraceBuilder(TraceId, Start);

        // requester → server: client 45.834496 ms, server 29.986048 ms.
        t.Add(Requester, App(RequesterName), t.Span(root, null, Kind.Client, "requester", 0, RequesterDuration, Ok, Str("beast", "manticore"), Str("god", "ares")));
        t.Add(Requester, Net, t.Span(ConnectSpanId, root, Kind.Internal, "tcp.connect", ConnectStart, ConnectDuration, Unset, ConnectToServer(46950)));
        t.Add(Server, Http, t.Span(server, root, Kind.Server, "GET /:endpoint", 1_404_672, 29_986_048, Ok,
        [
            Str("http.url", "http://mythical-server:4000/manticore"),
            Str("http.host", "mythical-server:4000"),
            Str("net.host.name", ServerName),
            Str("http.method", "GET"),
            Str("http.target", "/manticore"),
            Str("http.flavor", "1.1"),
            Str("net.transport", "ip_tcp"),
            Str("god", "zeus"),
            Str("beast", "manticore"),
            Int("span.kind", 2),
            .. ServerConnection(46950),
            Int("http.status_code", 200),
            Str("http.status_text", "OK"),
            Str("http.route", "/:endpoint"),
        ]));
        t.Add(Server, Express, t.Span("037f041a37a7cb46", server, Kind.Internal, "middleware - query", 1_600_000, 20_992, Unset, ExpressLayer("/", "query", "middleware")));
        t.Add(Server, Express, t.Span("ede2f3b2403d1b34", server, Kind.Internal, "middleware - expressInit", 1_799_936, 32_512, Unset, ExpressLayer("/", "expressInit", "middleware")));
        t.Add(Server, Express, t.Span("23e12b1c2596cc8c", server, Kind.Internal, "middleware - jsonParser", 1_899_520, 22_272, Unset, ExpressLayer("/", "jsonParser", "middleware")));
        t.Add(Server, Express, t.Span("c38fcd8b716ae12e", server, Kind.Internal, "request handler - /:endpoint", 2_001_920, 1_792, Unset, ExpressLayer("/:endpoint", "/:endpoint", "request_handler")));

        // server → database: 23.781376 ms, status UNSET.
        t.Add(Server, Pg, t.Span("253e212fe234216c", server, Kind.Client, "pg.query:SELECT", 2_087_936, 23_781_376, Unset, database.Attributes("SELECT name from manticore")));

        // The server's log push to Loki: a client span without a server span.
        t.Add(Server, Http, t.Span(lokiPush, server, Kind.Client, "HTTP POST", 31_824_896, 3_855_104, Ok, LokiPush));
        t.Add(Server, Net, t.Span("e717a7cad6161823", lokiPush, Kind.Internal, "tcp.connect", 31_943_168, 1_856_256, Unset, ConnectToLokiFromServer(51090)));
        t.Add(Server, Dns, t.Span("1b594e54f50b2870", lokiPush, Kind.Client, "dns.lookup", 31_968_000, 802_304, Unset, LokiLookup));

        // requester → recorder through RabbitMQ: the producer ends at 38.106112 ms, the consumer starts at 47.987712 ms,
        // so the messaging-system latency is 9.8816 ms.
        t.Add(Requester, App(RequesterName), t.Span(publish, root, Kind.Internal, "publish_to_queue", 37_996_544, 1_161_984, Ok));
        t.Add(Requester, Amqp, t.Span(send, publish, Kind.Producer, "<default> -> messages send", 38_037_248, 68_864, Unset, RabbitMq));

        // The requester's own logs to Loki.
        t.Add(Requester, App(RequesterName), t.Span("1d9e37ba0b9bdbbe", root, Kind.Client, "log_to_loki", 39_207_936, 13_806_080, Ok));
        t.Add(Requester, App(RequesterName), t.Span("0720494d7c5ed9a2", root, Kind.Client, "log_to_loki", 45_740_544, 6_227_968, Ok));
        t.Add(Requester, Net, t.Span("8afae1e3882594fd", root, Kind.Internal, "tcp.connect", 46_266_624, 1_779_968, Unset, ConnectToLokiFromRequester(41594)));
        t.Add(Requester, Net, t.Span("a3f98942db1d0de1", root, Kind.Internal, "tcp.connect", 46_831_872, 1_406_208, Unset, ConnectToLokiFromRequester(41596)));

        t.Add(Recorder, Amqp, t.Span(consume, send, Kind.Consumer, "messages process", 47_987_712, 699_392, Unset, [.. RabbitMq, Str("messaging.operation", "process")]));
        t.Add(Recorder, App(RecorderName), t.Span("8fd5a2281e4f18ac", consume, Kind.Internal, "process_message", 48_010_240, 37_759_232, Unset));
        return t.Build();
    }
}
