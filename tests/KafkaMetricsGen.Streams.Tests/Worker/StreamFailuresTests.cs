using Confluent.Kafka;
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
