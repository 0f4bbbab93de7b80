using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Errors;
using Streamiz.Kafka.Net.SerDes;

namespace KafkaMetricsGen.Streams.Worker;

public sealed class StreamFailuresTests
{
    [Fact]
    public void A_delivery_that_timed_out_while_the_broker_hung_ends_the_thread_as_transient()
    {
        var (failures, config) = Attached();

        var response = config.ProductionExceptionHandler(Report(ErrorCode.Local_MsgTimedOut));

        Assert.Equal(ProductionExceptionHandlerResponse.FAIL, response);
        Assert.True(failures.IsTransient());
        Assert.Contains("Local_MsgTimedOut", failures.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorCode.Local_PurgeQueue)]
    [InlineData(ErrorCode.Local_PurgeInflight)]
    public void A_record_purged_while_tasks_close_lets_the_thread_go_on_and_marks_the_local_state_for_deletion(ErrorCode code)
    {
        using var dir = new TempStateDir();
        var state = new StreamLocalState(dir.Path, "app", exactlyOnce: true, NullLogger.Instance);
        var (failures, config) = Attached();
        failures.PurgedWhileClosing = state.OnPurged;
        Directory.CreateDirectory(state.Directory);

        state.BeginClosing();
        var response = config.ProductionExceptionHandler(Report(code));

        Assert.Equal(ProductionExceptionHandlerResponse.CONTINUE, response);
        Assert.Null(failures.Describe());
        state.BeforeAssignment();
        Assert.False(Directory.Exists(state.Directory), "the stores flushed with the aborted writes must restore from their changelogs");
    }

    [Fact]
    public void A_record_purged_while_tasks_process_ends_the_thread()
    {
        using var dir = new TempStateDir();
        var state = new StreamLocalState(dir.Path, "app", exactlyOnce: true, NullLogger.Instance);
        var (failures, config) = Attached();
        failures.PurgedWhileClosing = state.OnPurged;

        // A closed-and-reassigned thread processes again: an abort now is a failed commit, not a close.
        state.BeginClosing();
        state.BeforeAssignment();

        Assert.Equal(ProductionExceptionHandlerResponse.FAIL, config.ProductionExceptionHandler(Report(ErrorCode.Local_PurgeQueue)));
        Assert.Contains("Local_PurgeQueue", failures.Describe(), StringComparison.Ordinal);
        Assert.Equal(ProductionExceptionHandlerResponse.FAIL, Attached().Config.ProductionExceptionHandler(Report(ErrorCode.Local_PurgeInflight)));
    }

    [Fact]
    public void A_clean_assignment_keeps_the_local_state()
    {
        using var dir = new TempStateDir();
        var state = new StreamLocalState(dir.Path, "app", exactlyOnce: true, NullLogger.Instance);
        Directory.CreateDirectory(state.Directory);

        state.BeginClosing();
        state.BeforeAssignment();

        Assert.True(Directory.Exists(state.Directory));
    }

    [Fact]
    public void A_record_too_large_or_a_refused_authorisation_ends_the_thread()
    {
        var (failures, config) = Attached();
        Assert.Equal(ProductionExceptionHandlerResponse.FAIL, config.ProductionExceptionHandler(Report(ErrorCode.MsgSizeTooLarge)));
        Assert.False(failures.IsTransient());

        Assert.Equal(ExceptionHandlerResponse.FAIL, config.InnerExceptionHandler(new KafkaException(ErrorCode.TopicAuthorizationFailed)));
        Assert.False(failures.IsTransient());
    }

    [Fact]
    public void A_kafka_error_wrapped_by_streamiz_rejoins_the_group_and_an_error_of_the_worker_s_code_ends_the_thread()
    {
        var (failures, config) = Attached();

        var response = config.InnerExceptionHandler(new StreamsException("commit failed", new KafkaException(ErrorCode.Local_TimedOut)));
        Assert.Equal(ExceptionHandlerResponse.CONTINUE, response);
        Assert.True(failures.IsTransient());

        Assert.Equal(ExceptionHandlerResponse.FAIL, config.InnerExceptionHandler(new InvalidOperationException("a bug in a stage")));
        Assert.False(failures.IsTransient());
        Assert.Contains("a bug in a stage", failures.Describe(), StringComparison.Ordinal);
        Assert.Equal(ExceptionHandlerResponse.FAIL, config.InnerExceptionHandler(new StreamsException("a store could not open")));
    }

    [Fact]
    public void A_stream_that_failed_without_a_recorded_cause_could_not_reach_the_brokers_and_is_transient()
    {
        var (failures, _) = Attached();

        Assert.Null(failures.Describe());
        Assert.True(failures.IsTransient());
    }

    private sealed class TempStateDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kmg-failures-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static (StreamFailures Failures, StreamConfig Config) Attached()
    {
        var failures = new StreamFailures();
        var config = new StreamConfig<StringSerDes, ByteArraySerDes>();
        failures.Attach(config);
        return (failures, config);
    }

    private static DeliveryReport<byte[], byte[]> Report(ErrorCode code) => new()
    {
        Message = new Message<byte[], byte[]> { Value = [] },
        TopicPartitionOffsetError = new TopicPartitionOffsetError("spans-by-trace", 0, Offset.Unset, new Error(code)),
    };
}
