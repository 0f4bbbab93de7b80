namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Every request of one collection (window); it is sent in order and marked sent only when all got a 2xx.</summary>
public sealed record EncodedWindow(long WindowEndMs, IReadOnlyList<EncodedRequest> Requests)
{
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
}
