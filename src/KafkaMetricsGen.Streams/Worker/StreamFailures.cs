using Confluent.Kafka;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Worker;

/// <summary>
/// What made the stream's threads die. Streamiz reports ERROR without its cause, so the stream's two exception handlers
/// record the last error here (and still answer FAIL: a thread that saw a failed delivery must not commit past it).
/// The runner then asks whether re-creating the stream can help: a Kafka error that a broker hang or restart causes
/// (timeouts, lost connections, a transaction that has to be aborted, a fenced producer) is transient; an error of the
/// worker's own code, an authorisation or a size error is not and stops the worker as before.
/// </summary>
public sealed class StreamFailures
{
    private Exception? _exception;
    private Error? _deliveryError;

    /// <summary>Sets <see cref="IStreamConfig.InnerExceptionHandler"/> and <see cref="IStreamConfig.ProductionExceptionHandler"/> to record here.</summary>
    public void Attach(IStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.InnerExceptionHandler = e =>
        {
            Volatile.Write(ref _exception, e);
            return ExceptionHandlerResponse.FAIL;
        };
        config.ProductionExceptionHandler = report =>
        {
            Volatile.Write(ref _deliveryError, report.Error);
            return ProductionExceptionHandlerResponse.FAIL;
        };
    }

    /// <summary>The recorded cause, for the log; null when none was recorded.</summary>
    public string? Describe()
    {
        if (Volatile.Read(ref _deliveryError) is { } error)
        {
            return $"delivery failed: {error.Code} ({error.Reason})";
        }

        return Volatile.Read(ref _exception) is { } e ? $"{e.GetType().Name}: {e.Message}" : null;
    }

    /// <summary>
    /// True when re-creating the stream can help. No recorded cause counts as transient: the stream then failed before
    /// its threads ran (its start-up could not reach the brokers) or a thread ended on a client error Streamiz handled
    /// itself; everything of the worker's own code passes through the inner handler.
    /// </summary>
    public bool IsTransient()
    {
        if (Volatile.Read(ref _deliveryError) is { } error)
        {
            return IsTransient(error);
        }

        for (var e = Volatile.Read(ref _exception); e is not null; e = e.InnerException)
        {
            if (e is KafkaException kafka)
            {
                return IsTransient(kafka.Error);
            }

            if (e.GetType().Namespace?.StartsWith("Streamiz.", StringComparison.Ordinal) != true)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Forgets the recorded cause (before a new stream starts).</summary>
    public void Clear()
    {
        Volatile.Write(ref _exception, null);
        Volatile.Write(ref _deliveryError, null);
    }

    /// <summary>A Kafka error a broker that hangs, restarts or moves causes, and that a new client gets past.</summary>
    public static bool IsTransient(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
                or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.SaslAuthenticationFailed
                or ErrorCode.Local_Authentication or ErrorCode.MsgSizeTooLarge
                or ErrorCode.RecordListTooLarge or ErrorCode.InvalidConfig or ErrorCode.Local_InvalidArg
                or ErrorCode.UnsupportedVersion or ErrorCode.Local_UnsupportedFeature => false,
            _ => true,
        };
    }
}
