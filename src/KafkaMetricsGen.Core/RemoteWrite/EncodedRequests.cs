using Snappier;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The requests one collection becomes, for either encoder: each request body snappy-compressed through one reused
/// buffer (only the compressed body is copied out), and at <see cref="Commit"/> the collection's requests handed to the
/// sink as one <see cref="EncodedWindow"/>.
/// </summary>
internal sealed class EncodedRequests(IEncodedWindowSink sink, RemoteWriteMessage message)
{
    private byte[] _compressed = [];
    private List<EncodedRequest> _requests = [];

    /// <summary>Compresses one finished request and keeps it with its item counts.</summary>
    public void Add(ReadOnlySpan<byte> request, int samples, int exemplars, int histograms, long maxTimestampMs)
    {
        var max = Snappy.GetMaxCompressedLength(request.Length);
        if (_compressed.Length < max)
        {
            _compressed = new byte[max];
        }

        var size = Snappy.Compress(request, _compressed);
        _requests.Add(new EncodedRequest(_compressed.AsSpan(0, size).ToArray(), samples, exemplars, histograms, maxTimestampMs) { Message = message });
    }

    /// <summary>Hands the requests kept since the last commit to the sink as the window ending at <paramref name="windowEndMs"/>.</summary>
    public void Commit(long windowEndMs)
    {
        if (_requests.Count == 0)
        {
            return;
        }

        var requests = _requests;
        _requests = new List<EncodedRequest>(requests.Count);
        sink.Enqueue(new EncodedWindow(windowEndMs, requests));
    }
}
