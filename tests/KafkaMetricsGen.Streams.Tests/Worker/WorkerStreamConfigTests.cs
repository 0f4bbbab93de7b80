using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class WorkerStreamConfigTests
{
    [Fact]
    public void Admin_settings_without_a_client_id_are_built_once_with_every_setting()
    {
        IStreamConfig config = Config();

        var first = config.ToAdminConfig("");
        var second = config.ToAdminConfig("");

        Assert.Same(first, second);
        Assert.Equal("127.0.0.1:9092", first.BootstrapServers);
        Assert.Equal(12_345, first.TopicMetadataRefreshIntervalMs);
        Assert.Equal("", first.ClientId);
    }

    [Fact]
    public void Admin_settings_with_a_client_id_are_built_anew_for_that_id()
    {
        IStreamConfig config = Config();
        var shared = config.ToAdminConfig("");

        var first = config.ToAdminConfig("thread-1");
        var second = config.ToAdminConfig("thread-1");

        Assert.NotSame(first, second);
        Assert.NotSame(shared, first);
        Assert.Equal("thread-1", first.ClientId);
        Assert.Equal("", shared.ClientId);
        Assert.Equal(12_345, first.TopicMetadataRefreshIntervalMs);
    }

    [Fact]
    public void The_worker_builds_its_stream_config_as_a_worker_stream_config()
    {
        var options = new KafkaWorkerOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            ApplicationId = "app",
            StateDir = Path.GetTempPath(),
            ClientConfig = new Dictionary<string, string>(),
        };

        IStreamConfig config = KafkaWorker.CreateConfig(options, NullLoggerFactory.Instance);

        Assert.IsType<WorkerStreamConfig>(config);
        Assert.Same(config.ToAdminConfig(""), config.ToAdminConfig(""));
    }

    private static WorkerStreamConfig Config() =>
        new(new Dictionary<string, dynamic>(), NullLoggerFactory.Instance)
        {
            ApplicationId = "app",
            BootstrapServers = "127.0.0.1:9092",
            TopicMetadataRefreshIntervalMs = 12_345,
        };
}
