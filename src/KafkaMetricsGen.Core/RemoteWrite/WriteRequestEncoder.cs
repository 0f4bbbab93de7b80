using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Encodes one collection into Prometheus remote write v1 <c>WriteRequest</c>s (prompb field numbers), snappy-compressed,
/// each carrying at most <c>max_samples_per_send</c> samples + exemplars + histograms; <see cref="Commit"/> hands
/// them to the sink as one <see cref="EncodedWindow"/>. Consecutive appends for the same label set share one
/// <c>TimeSeries</c> (the registry appends a series' samples and exemplar together); a series appended again later
/// becomes a second <c>TimeSeries</c>, which receivers accept. A series is never split across requests, so one larger
/// than the limit goes alone. Hot path: bytes are written straight into reused buffers, no per-sample objects.
/// </summary>
public sealed class WriteRequestEncoder : ISeriesAppender
{
    // prompb field numbers.
    private const int WriteRequestTimeseries = 1;
    private const int SeriesLabels = 1;
    private const int SeriesSamples = 2;
    private const int SeriesExemplars = 3;
    private const int SeriesHistograms = 4;
    private const int LabelName = 1;
    private const int LabelValue = 2;
    private const int SampleValue = 1;
    private const int SampleTimestamp = 2;
    private const int ExemplarLabels = 1;
    private const int ExemplarValue = 2;
    private const int ExemplarTimestamp = 3;
    private const int DoubleFieldSize = 9;

    private readonly int _maxSamplesPerSend;
    private readonly bool _sendExemplars;
    private readonly bool _sendNativeHistograms;
    private readonly ProtoBuffer _request = new(256 * 1024);
    private readonly ProtoBuffer _scratch = new(256);
    private readonly LabelEncodingCache _labelCache = new();
    private readonly EncodedRequests _requests;

    // The open TimeSeries is written in place at the end of _request: [_seriesStart] tag, reserved length,
    // [_seriesBodyStart] labels up to _labelsEnd, then samples, exemplars and histograms.
    private bool _seriesOpen;
    private int _seriesStart;
    private int _seriesBodyStart;
    private int _labelsEnd;
    private ulong _labelHash;
    private int _seriesSamples;
    private int _seriesExemplars;
    private int _seriesHistograms;
    private long _seriesMaxTs = long.MinValue;

    private int _requestSamples;
    private int _requestExemplars;
    private int _requestHistograms;
    private long _requestMaxTs = long.MinValue;

    /// <param name="sendExemplars">The entry's <c>send_exemplars</c>: false leaves exemplars out.</param>
    /// <param name="sendNativeHistograms">The entry's <c>send_native_histograms</c>: false leaves native histograms out.</param>
    public WriteRequestEncoder(int maxSamplesPerSend, IEncodedWindowSink sink, bool sendExemplars = true, bool sendNativeHistograms = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSamplesPerSend);
        _maxSamplesPerSend = maxSamplesPerSend;
        _requests = new EncodedRequests(sink, RemoteWriteMessage.V1);
        _sendExemplars = sendExemplars;
        _sendNativeHistograms = sendNativeHistograms;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        SwitchSeries(labels);
        var body = DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)timestampMs);
        _request.WriteLengthPrefix(SeriesSamples, body);
        _request.WriteDoubleField(SampleValue, value);
        _request.WriteVarintField(SampleTimestamp, (ulong)timestampMs);
        _seriesSamples++;
        _seriesMaxTs = Math.Max(_seriesMaxTs, timestampMs);
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!_sendNativeHistograms)
        {
            return;
        }

        SwitchSeries(labels);
        var bodyStart = _request.BeginNested(SeriesHistograms);
        NativeHistogramEncoding.Write(_request, histogram);
        _request.EndNested(bodyStart);
        _seriesHistograms++;
        _seriesMaxTs = Math.Max(_seriesMaxTs, histogram.TimestampMs);
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        if (!_sendExemplars)
        {
            return;
        }

        SwitchSeries(seriesLabels);
        var nameSize = ProtoBuffer.Utf8Size(exemplar.LabelName);
        var valueSize = ProtoBuffer.Utf8Size(exemplar.LabelValue);
        var label = ProtoBuffer.LengthFieldSize(nameSize) + ProtoBuffer.LengthFieldSize(valueSize);
        var body = ProtoBuffer.LengthFieldSize(label) + DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)exemplar.TimestampMs);
        _request.WriteLengthPrefix(SeriesExemplars, body);
        _request.WriteLengthPrefix(ExemplarLabels, label);
        _request.WriteStringField(LabelName, exemplar.LabelName, nameSize);
        _request.WriteStringField(LabelValue, exemplar.LabelValue, valueSize);
        _request.WriteDoubleField(ExemplarValue, exemplar.Value);
        _request.WriteVarintField(ExemplarTimestamp, (ulong)exemplar.TimestampMs);
        _seriesExemplars++;
    }

    public void Commit(long windowEndMs)
    {
        FinishSeries();
        FlushRequest(_request.Length);
        _request.Reset();
        _requests.Commit(windowEndMs);
    }

    private void SwitchSeries(in LabelSet labels)
    {
        if (_seriesOpen && labels.Hash == _labelHash && IsOpenSeries(labels))
        {
            return;
        }

        FinishSeries();
        StartSeries(labels);
    }

    /// <summary>After a hash match: the labels encode to exactly the open series' label bytes. Comparing bytes
    /// instead of keeping copies of the borrowed label strings saves storing (and clearing) them per series.</summary>
    private bool IsOpenSeries(in LabelSet labels)
    {
        var written = _request.Slice(_seriesBodyStart, _labelsEnd);
        var names = labels.Names;
        var values = labels.Values;
        var pos = 0;
        for (var i = 0; i < names.Length; i++)
        {
            if (!_labelCache.TryGet(names[i], values[i], out var encoded))
            {
                _scratch.Reset();
                WriteLabel(_scratch, names[i], values[i]);
                encoded = _scratch.Written;
            }

            if (!written[pos..].StartsWith(encoded))
            {
                return false;
            }

            pos += encoded.Length;
        }

        return pos == written.Length;
    }

    private void StartSeries(in LabelSet labels)
    {
        _seriesStart = _request.Length;
        _seriesBodyStart = _request.BeginNested(WriteRequestTimeseries);
        var names = labels.Names;
        var values = labels.Values;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var value = values[i];
            if (_labelCache.TryGet(name, value, out var encoded))
            {
                _request.WriteRaw(encoded);
                continue;
            }

            var start = _request.Length;
            WriteLabel(_request, name, value);
            _labelCache.Add(name, value, _request.Slice(start, _request.Length));
        }

        _labelsEnd = _request.Length;
        _labelHash = labels.Hash;
        _seriesOpen = true;
    }

    private static void WriteLabel(ProtoBuffer buffer, string name, string value)
    {
        var nameSize = ProtoBuffer.Utf8Size(name);
        var valueSize = ProtoBuffer.Utf8Size(value);
        buffer.WriteLengthPrefix(SeriesLabels, ProtoBuffer.LengthFieldSize(nameSize) + ProtoBuffer.LengthFieldSize(valueSize));
        buffer.WriteStringField(LabelName, name, nameSize);
        buffer.WriteStringField(LabelValue, value, valueSize);
    }

    private void FinishSeries()
    {
        if (!_seriesOpen)
        {
            return;
        }

        _request.EndNested(_seriesBodyStart);
        _seriesOpen = false;
        var items = _seriesSamples + _seriesExemplars + _seriesHistograms;
        var requestItems = _requestSamples + _requestExemplars + _requestHistograms;
        if (requestItems > 0 && requestItems + items > _maxSamplesPerSend)
        {
            // The series is already written after the full request: send what precedes it, keep it for the next one.
            FlushRequest(_seriesStart);
            _request.DropPrefix(_seriesStart);
        }

        _requestSamples += _seriesSamples;
        _requestExemplars += _seriesExemplars;
        _requestHistograms += _seriesHistograms;
        _requestMaxTs = Math.Max(_requestMaxTs, _seriesMaxTs);
        _seriesSamples = _seriesExemplars = _seriesHistograms = 0;
        _seriesMaxTs = long.MinValue;

        if (_requestSamples + _requestExemplars + _requestHistograms >= _maxSamplesPerSend)
        {
            FlushRequest(_request.Length);
            _request.Reset();
        }
    }

    /// <summary>Compresses the first <paramref name="length"/> bytes of the request buffer into a request of its own.
    /// Compression goes into a reused buffer, so the only allocation is the body the queue keeps until it is sent.</summary>
    private void FlushRequest(int length)
    {
        if (length == 0)
        {
            return;
        }

        _requests.Add(_request.Slice(0, length), _requestSamples, _requestExemplars, _requestHistograms, _requestMaxTs);
        _requestSamples = _requestExemplars = _requestHistograms = 0;
        _requestMaxTs = long.MinValue;
    }
}
