using Google.Protobuf;
using KafkaMetricsGen.Wire.Prometheus;
using Snappier;
using V2 = KafkaMetricsGen.Wire.Prometheus.V2;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Re-encodes a remote write 2.0 request as 1.0 for a receiver found to speak only 1.0: the symbols are resolved back
/// into label strings; samples, native histograms and exemplars are kept; metadata and created timestamps, which 1.0
/// has no place for, are left out. Runs only on the fallback path (once per request still queued as 2.0 when the
/// fallback happens), so it uses the generated parser rather than the hand-written encoders.
/// </summary>
internal static class RemoteWriteV1Fallback
{
    public static EncodedRequest ToV1(EncodedRequest request)
    {
        if (request.Message == RemoteWriteMessage.V1)
        {
            return request;
        }

        var v2 = V2.Request.Parser.ParseFrom(Snappy.DecompressToArray(request.Body));
        var v1 = new WriteRequest();
        foreach (var series in v2.Timeseries)
        {
            var converted = new TimeSeries();
            AddLabels(converted.Labels, series.LabelsRefs, v2.Symbols);
            foreach (var sample in series.Samples)
            {
                converted.Samples.Add(new Sample { Value = sample.Value, Timestamp = sample.Timestamp });
            }

            foreach (var histogram in series.Histograms)
            {
                // Fields 1–15 of the two Histogram messages are the same; 2.0's custom_values (16) is never written.
                converted.Histograms.Add(Histogram.Parser.ParseFrom(histogram.ToByteString()));
            }

            foreach (var exemplar in series.Exemplars)
            {
                var e = new Exemplar { Value = exemplar.Value, Timestamp = exemplar.Timestamp };
                AddLabels(e.Labels, exemplar.LabelsRefs, v2.Symbols);
                converted.Exemplars.Add(e);
            }

            v1.Timeseries.Add(converted);
        }

        var body = Snappy.CompressToArray(v1.ToByteArray());
        return new EncodedRequest(body, request.Samples, request.Exemplars, request.Histograms, request.MaxTimestampMs);
    }

    private static void AddLabels(Google.Protobuf.Collections.RepeatedField<Label> labels, IList<uint> refs, IList<string> symbols)
    {
        for (var i = 0; i + 1 < refs.Count; i += 2)
        {
            labels.Add(new Label { Name = symbols[(int)refs[i]], Value = symbols[(int)refs[i + 1]] });
        }
    }
}
