using OpenTelemetry.Proto.Common.V1;
using static KafkaMetricsGen.TestKit.TempoTraces.Otlp;

namespace KafkaMetricsGen.TestKit.TempoTraces;

/// <summary>
/// The attributes of the server's Postgres client span that name the database: <see cref="Identity"/> (which database
/// and system) and <see cref="Peer"/> (where it runs). Most of Tempo's fixtures are the mythical trace with only these
/// changed, each probing one rule of how the service graph names a database node.
/// </summary>
internal sealed record DatabaseCall(KeyValue[] Identity, KeyValue[] Peer)
{
    /// <summary>As the Postgres instrumentation wrote them: <c>db.name</c>, <c>db.system</c>, <c>net.peer.name</c>/<c>port</c>.</summary>
    public static DatabaseCall Recorded { get; } = new(
        [Str("db.name", "postgres"), Str("db.system", "postgresql")],
        [Str("net.peer.name", "mythical-database"), Int("net.peer.port", 5432)]);

    /// <summary>The span's attributes: identity, connection string, peer, user, statement, in that order.</summary>
    public KeyValue[] Attributes(string statement) =>
    [
        .. Identity,
        Str("db.connection_string", "jdbc:postgresql://mythical-database:5432/postgres"),
        .. Peer,
        Str("db.user", "postgres"),
        Str("db.statement", statement),
    ];
}
