using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Commit;

public sealed class CommitPacerTests
{
    [Fact]
    public void Attach_finds_every_stream_thread_and_no_other_thread_has_a_pacer()
    {
        var builder = new StreamBuilder();
        builder.Stream<string, string>("in").To("out");
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "pacer-" + Guid.NewGuid().ToString("N")[..6],
            BootstrapServers = "127.0.0.1:1",
            NumStreamThreads = 2,
            StateDir = Path.Combine(Path.GetTempPath(), "pacer-" + Guid.NewGuid().ToString("N")),
        };
        var stream = new KafkaStream(builder.Build(), config);
        try
        {
            Assert.Equal(2, CommitPacer.Attach(stream, TimeSpan.FromSeconds(5), TimeProvider.System));
            Assert.Null(CommitPacer.ForCurrentThread());
        }
        finally
        {
            stream.Dispose();
        }
    }
}
