using KafkaMetricsGen.Wire.Prometheus;
using Snappier;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Keeps committed windows and decodes their requests with the generated parser.</summary>
internal sealed class CollectingSink : IEncodedWindowSink
{
    public List<EncodedWindow> Windows { get; } = [];

    public void Enqueue(EncodedWindow window) => Windows.Add(window);

    public static WriteRequest Decode(EncodedRequest request) => WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(request.Body));

    public List<WriteRequest> DecodeAll()
    {
        var all = new List<WriteRequest>();
        foreach (var window in Windows)
        {
            foreach (var request in window.Requests)
            {
                all.Add(Decode(request));
            }
        }

        return all;
    }
}
