using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// The system Tempo's service-graph traces were recorded from: Node.js services instrumented with OpenTelemetry — a
/// requester that calls a server over HTTP and publishes to a RabbitMQ queue, a server that queries Postgres and pushes
/// its logs to Loki, a recorder that consumes the queue. Its resources, instrumentation scopes and the attribute sets
/// of the span shapes that recur.
/// </summary>
internal static class MythicalSystem
{
    public const string RequesterName = "mythical-requester";
    public const string ServerName = "mythical-server";
    public const string RecorderName = "mythical-recorder";

    private const string LokiIp = "172.22.0.6";
    private const string ServerIp = "172.22.0.7";
    private const string RequesterIp = "172.22.0.11";

    public static Resource Requester => NodeService(RequesterName, ip: "1.2.3.4");

    public static Resource Server => NodeService(ServerName, ip: "1.2.3.5");

    public static Resource Recorder => NodeService(RecorderName, ip: "1.2.3.5");

    /// <summary>The services' own spans: the scope is the service name, without a version.</summary>
    public static InstrumentationScope App(string service) => Scope(service);

    public static InstrumentationScope Net => Scope("@opentelemetry/instrumentation-net", "0.27.1");

    public static InstrumentationScope Http => Scope("@opentelemetry/instrumentation-http", "0.27.0");

    public static InstrumentationScope Express => Scope("@opentelemetry/instrumentation-express", "0.28.0");

    public static InstrumentationScope Pg => Scope("@opentelemetry/instrumentation-pg", "0.28.0");

    public static InstrumentationScope Dns => Scope("@opentelemetry/instrumentation-dns", "0.27.1");

    public static InstrumentationScope Amqp => Scope("@opentelemetry/instrumentation-amqplib", "0.28.0");

    /// <summary>A <c>tcp.connect</c> span from the requester to the server (the requester's ephemeral port).</summary>
    public static KeyValue[] ConnectToServer(long requesterPort) => TcpConnect(ServerName, "4000", ServerIp, RequesterIp, requesterPort);

    /// <summary>A <c>tcp.connect</c> span from the server to Loki.</summary>
    public static KeyValue[] ConnectToLokiFromServer(long serverPort) => TcpConnect("loki", "3100", LokiIp, ServerIp, serverPort);

    /// <summary>A <c>tcp.connect</c> span from the requester to Loki.</summary>
    public static KeyValue[] ConnectToLokiFromRequester(long requesterPort) => TcpConnect("loki", "3100", LokiIp, RequesterIp, requesterPort);

    /// <summary>An Express middleware or request-handler layer of the server.</summary>
    public static KeyValue[] ExpressLayer(string route, string name, string type) =>
        [Str("http.route", route), Str("express.name", name), Str("express.type", type)];

    /// <summary>The server's log push to Loki (<c>HTTP POST</c>, answered 204).</summary>
    public static KeyValue[] LokiPush =>
    [
        Str("http.url", "http://loki:3100/loki/api/v1/push"),
        Str("http.method", "POST"),
        Str("http.target", "/loki/api/v1/push"),
        Str("net.peer.name", "loki"),
        Str("net.peer.ip", LokiIp),
        Int("net.peer.port", 3100),
        Str("http.host", "loki:3100"),
        Int("http.status_code", 204),
        Str("http.status_text", "NO CONTENT"),
        Str("http.flavor", "1.1"),
        Str("net.transport", "ip_tcp"),
    ];

    /// <summary>The DNS lookup of Loki: <c>peer.ipv4</c> is not a peer attribute the service graph reads.</summary>
    public static KeyValue[] LokiLookup => [Str("peer.ipv4", LokiIp)];

    /// <summary>The RabbitMQ send or receive of a message on the <c>messages</c> routing key.</summary>
    public static KeyValue[] RabbitMq =>
    [
        Str("messaging.protocol_version", "0.9.1"),
        Str("messaging.url", "amqp://mythical-queue"),
        Str("messaging.protocol", "AMQP"),
        Str("net.peer.name", "mythical-queue"),
        Int("net.peer.port", 5672),
        Str("messaging.system", "rabbitmq"),
        Str("messaging.destination", string.Empty),
        Str("messaging.destination_kind", "topic"),
        Str("messaging.rabbitmq.routing_key", "messages"),
    ];

    /// <summary>The server's own address and the requester's, as the server's HTTP instrumentation writes them.</summary>
    public static KeyValue[] ServerConnection(long requesterPort) =>
    [
        Str("net.host.ip", "::ffff:" + ServerIp),
        Int("net.host.port", 4000),
        Str("net.peer.ip", "::ffff:" + RequesterIp),
        Int("net.peer.port", requesterPort),
    ];

    private static KeyValue[] TcpConnect(string peerName, string peerPort, string peerIp, string hostIp, long hostPort) =>
    [
        Str("net.transport", "ip_tcp"),
        Str("net.peer.name", peerName),
        Str("net.peer.port", peerPort), // a string here, an integer everywhere else: as the instrumentation wrote it
        Str("net.peer.ip", peerIp),
        Str("net.host.ip", hostIp),
        Int("net.host.port", hostPort),
    ];

    private static Resource NodeService(string name, string ip) => Service(
        name,
        Str("telemetry.sdk.language", "nodejs"),
        Str("telemetry.sdk.name", "opentelemetry"),
        Str("telemetry.sdk.version", "1.4.0"),
        Str("ip", ip));
}
