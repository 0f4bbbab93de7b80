using Confluent.Kafka;

namespace KafkaMetricsGen.Streams.Commit;

/// <summary>
/// Connects a new transactional producer to the cluster as it is created. librdkafka connects a producer only once it
/// has something to send, and Streamiz calls <c>init_transactions</c> inside the partition assignment, when it creates
/// the stream thread's first task. Finding no broker connected then, librdkafka looks for the transaction coordinator
/// again only if a connection comes up in that instant, else on its 500 ms coordinator timer: about one exactly-once
/// start in six waited that half second inside the assignment (docs/benchmarks.md). A metadata request through the
/// producer's own handle, sent aside as the producer is created, has a broker connected long before the group assigns
/// anything. Nothing waits for it: a broker that does not answer leaves the producer as it was.
/// </summary>
public static class ProducerConnectionWarmup
{
    /// <summary>
    /// The most requests the warm-up sends. The first one may be answered over the bootstrap connection, which
    /// librdkafka (from 2.10) drops as soon as an answer lists the cluster's own brokers, leaving none connected; the
    /// next goes to one of those brokers, whose connection stays up. A third covers a bootstrap connection still
    /// closing when the second was sent.
    /// </summary>
    private const int Requests = 3;

    /// <summary>
    /// Sends the requests on a thread of their own, not the thread pool's: each blocks until answered, and a pool of two
    /// threads with one of them blocked delayed the stream's own start (and the embedded broker's proxy, which runs on
    /// the pool) by up to a second. The task ends when one of the cluster's own brokers has answered, or a request
    /// failed or timed out; each request waits at most <paramref name="timeout"/>.
    /// </summary>
    public static Task Start(IClient producer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var handle = producer.Handle;
        return Task.Factory.StartNew(() =>
        {
            try
            {
                using var admin = new DependentAdminClientBuilder(handle).Build();
                for (var i = 0; i < Requests && admin.GetMetadata(timeout).OriginatingBrokerId < 0; i++)
                {
                    // Answered over the bootstrap connection: ask again, now of a broker the answer listed.
                }
            }
            catch (KafkaException)
            {
                // No broker answered in time: the producer connects when it first needs to, as without this.
            }
            catch (ObjectDisposedException)
            {
                // The stream stopped before the request went out.
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
