namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Every request of one collection (window); it is sent in order and marked sent only when all got a 2xx. The queue
/// marks it <see cref="Settled"/> when it leaves for good (sent, rejected or dropped, each counted there), so whoever
/// keeps a durable copy until then can read that from another thread.
/// </summary>
public sealed record EncodedWindow(long WindowEndMs, IReadOnlyList<EncodedRequest> Requests)
{
    private int _settled;

    public int Samples
    {
        get
        {
            var total = 0;
            foreach (var request in Requests)
            {
                total += request.Items;
            }

            return total;
        }
    }

    /// <summary>True once the queue holding the window is done with it.</summary>
    public bool Settled => Volatile.Read(ref _settled) == 1;

    /// <summary>Called by the queue when the window leaves it (not when it moves to the queue replacing it).</summary>
    public void Settle() => Volatile.Write(ref _settled, 1);
}
