using KafkaMetricsGen.Core.Registry;
using Snappier;

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
    private readonly IEncodedWindowSink _sink;
    private readonly ProtoBuffer _series = new(1024);
    private readonly ProtoBuffer _request = new(256 * 1024);
    private readonly ProtoBuffer _scratch = new(1024);
    private List<EncodedRequest> _requests = [];

    private string[] _names = new string[16];
    private string[] _values = new string[16];
    private int _labelCount;
    private ulong _labelHash;
    private bool _seriesOpen;
    private int _seriesSamples;
    private int _seriesExemplars;
    private int _seriesHistograms;
    private long _seriesMaxTs = long.MinValue;

    private int _requestSamples;
    private int _requestExemplars;
    private int _requestHistograms;
    private long _requestMaxTs = long.MinValue;

    public WriteRequestEncoder(int maxSamplesPerSend, IEncodedWindowSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSamplesPerSend);
        _maxSamplesPerSend = maxSamplesPerSend;
        _sink = sink;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        SwitchSeries(labels);
        var body = DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)timestampMs);
        _series.WriteLengthPrefix(SeriesSamples, body);
        _series.WriteDoubleField(SampleValue, value);
        _series.WriteVarintField(SampleTimestamp, (ulong)timestampMs);
        _seriesSamples++;
        _seriesMaxTs = Math.Max(_seriesMaxTs, timestampMs);
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        SwitchSeries(labels);
        _scratch.Reset();
        NativeHistogramEncoding.Write(_scratch, histogram);
        _series.WriteBytesField(SeriesHistograms, _scratch.Written);
        _seriesHistograms++;
        _seriesMaxTs = Math.Max(_seriesMaxTs, histogram.TimestampMs);
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        SwitchSeries(seriesLabels);
        var nameSize = ProtoBuffer.Utf8Size(exemplar.LabelName);
        var valueSize = ProtoBuffer.Utf8Size(exemplar.LabelValue);
        var label = ProtoBuffer.LengthFieldSize(nameSize) + ProtoBuffer.LengthFieldSize(valueSize);
        var body = ProtoBuffer.LengthFieldSize(label) + DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)exemplar.TimestampMs);
        _series.WriteLengthPrefix(SeriesExemplars, body);
        _series.WriteLengthPrefix(ExemplarLabels, label);
        _series.WriteStringField(LabelName, exemplar.LabelName, nameSize);
        _series.WriteStringField(LabelValue, exemplar.LabelValue, valueSize);
        _series.WriteDoubleField(ExemplarValue, exemplar.Value);
        _series.WriteVarintField(ExemplarTimestamp, (ulong)exemplar.TimestampMs);
        _seriesExemplars++;
    }

    public void Commit(long windowEndMs)
    {
        FinishSeries();
        FlushRequest();
        if (_requests.Count == 0)
        {
            return;
        }

        var requests = _requests;
        _requests = [];
        _sink.Enqueue(new EncodedWindow(windowEndMs, requests));
    }

    private void SwitchSeries(in LabelSet labels)
    {
        if (_seriesOpen && labels.Hash == _labelHash && labels.SameAs(_names.AsSpan(0, _labelCount), _values.AsSpan(0, _labelCount)))
        {
            return;
        }

        FinishSeries();
        StartSeries(labels);
    }

    private void StartSeries(in LabelSet labels)
    {
        var count = labels.Count;
        if (_names.Length < count)
        {
            _names = new string[count * 2];
            _values = new string[count * 2];
        }

        var names = labels.Names;
        var values = labels.Values;
        for (var i = 0; i < count; i++)
        {
            var name = names[i];
            var value = values[i];
            _names[i] = name;
            _values[i] = value;
            var nameSize = ProtoBuffer.Utf8Size(name);
            var valueSize = ProtoBuffer.Utf8Size(value);
            _series.WriteLengthPrefix(SeriesLabels, ProtoBuffer.LengthFieldSize(nameSize) + ProtoBuffer.LengthFieldSize(valueSize));
            _series.WriteStringField(LabelName, name, nameSize);
            _series.WriteStringField(LabelValue, value, valueSize);
        }

        _labelCount = count;
        _labelHash = labels.Hash;
        _seriesOpen = true;
    }

    private void FinishSeries()
    {
        if (!_seriesOpen)
        {
            return;
        }

        var items = _seriesSamples + _seriesExemplars + _seriesHistograms;
        var requestItems = _requestSamples + _requestExemplars + _requestHistograms;
        if (requestItems > 0 && requestItems + items > _maxSamplesPerSend)
        {
            FlushRequest();
        }

        _request.WriteBytesField(WriteRequestTimeseries, _series.Written);
        _requestSamples += _seriesSamples;
        _requestExemplars += _seriesExemplars;
        _requestHistograms += _seriesHistograms;
        _requestMaxTs = Math.Max(_requestMaxTs, _seriesMaxTs);

        _series.Reset();
        _seriesOpen = false;
        _seriesSamples = _seriesExemplars = _seriesHistograms = 0;
        _seriesMaxTs = long.MinValue;
        Array.Clear(_names, 0, _labelCount);
        Array.Clear(_values, 0, _labelCount);
        _labelCount = 0;

        if (_requestSamples + _requestExemplars + _requestHistograms >= _maxSamplesPerSend)
        {
            FlushRequest();
        }
    }

    private void FlushRequest()
    {
        if (_request.Length == 0)
        {
            return;
        }

        var body = Snappy.CompressToArray(_request.Written);
        _requests.Add(new EncodedRequest(body, _requestSamples, _requestExemplars, _requestHistograms, _requestMaxTs));
        _request.Reset();
        _requestSamples = _requestExemplars = _requestHistograms = 0;
        _requestMaxTs = long.MinValue;
    }
}
