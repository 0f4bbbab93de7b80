using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Encodes one collection into remote write 2.0 <c>io.prometheus.write.v2.Request</c>s, snappy-compressed, split at
/// <c>max_samples_per_send</c> like <see cref="WriteRequestEncoder"/>. Each request carries its own symbols table.
/// The open series is held apart (its label strings, its samples and histograms as bytes, its exemplars) until it
/// ends, so the decision to start a new request, and with it a new symbols table, is made before any of its symbol
/// references are written. Each series carries metadata (its type, read from the name the registry gives it) and,
/// in the collection that creates it, its created timestamp.
/// </summary>
public sealed class WriteRequestV2Encoder : ISeriesAppender
{
    // io.prometheus.write.v2 field numbers.
    private const int RequestSymbols = 4;
    private const int RequestTimeseries = 5;
    private const int SeriesLabelsRefs = 1;
    private const int SeriesSamples = 2;
    private const int SeriesHistograms = 3;
    private const int SeriesExemplars = 4;
    private const int SeriesMetadata = 5;
    private const int SeriesCreatedTimestamp = 6;
    private const int SampleValue = 1;
    private const int SampleTimestamp = 2;
    private const int ExemplarLabelsRefs = 1;
    private const int ExemplarValue = 2;
    private const int ExemplarTimestamp = 3;
    private const int MetadataType = 1;
    private const int DoubleFieldSize = 9;

    // Metadata.MetricType values.
    private const int TypeUnspecified = 0;
    private const int TypeCounter = 1;
    private const int TypeGauge = 2;
    private const int TypeHistogram = 3;

    private readonly int _maxSamplesPerSend;
    private readonly bool _sendExemplars;
    private readonly bool _sendNativeHistograms;
    private readonly SymbolTable _symbols = new();
    private readonly ProtoBuffer _request = new(256 * 1024);
    private readonly ProtoBuffer _series = new(1024);
    private readonly ProtoBuffer _final = new(256 * 1024);
    private readonly List<string> _seriesLabels = [];
    private readonly List<ExemplarSample> _seriesExemplars = [];
    private readonly EncodedRequests _requests;

    private bool _seriesOpen;
    private ulong _labelHash;
    private int _seriesSamples;
    private int _seriesHistograms;
    private long _seriesMaxTs = long.MinValue;
    private long _firstTs;
    private bool _firstIsZero;

    private int _requestSamples;
    private int _requestExemplars;
    private int _requestHistograms;
    private long _requestMaxTs = long.MinValue;

    public WriteRequestV2Encoder(int maxSamplesPerSend, IEncodedWindowSink sink, bool sendExemplars = true, bool sendNativeHistograms = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSamplesPerSend);
        _maxSamplesPerSend = maxSamplesPerSend;
        _requests = new EncodedRequests(sink, RemoteWriteMessage.V2);
        _sendExemplars = sendExemplars;
        _sendNativeHistograms = sendNativeHistograms;
    }

    public void AppendSample(in LabelSet labels, long timestampMs, double value)
    {
        SwitchSeries(labels);
        var body = DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)timestampMs);
        _series.WriteLengthPrefix(SeriesSamples, body);
        _series.WriteDoubleField(SampleValue, value);
        _series.WriteVarintField(SampleTimestamp, (ulong)timestampMs);
        Observe(timestampMs, value == 0);
        _seriesSamples++;
    }

    public void AppendHistogram(in LabelSet labels, NativeHistogramSample histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!_sendNativeHistograms)
        {
            return;
        }

        SwitchSeries(labels);
        var bodyStart = _series.BeginNested(SeriesHistograms);
        NativeHistogramEncoding.Write(_series, histogram);
        _series.EndNested(bodyStart);
        Observe(histogram.TimestampMs, histogram.Count == 0);
        _seriesHistograms++;
    }

    public void AppendExemplar(in LabelSet seriesLabels, in ExemplarSample exemplar)
    {
        if (!_sendExemplars)
        {
            return;
        }

        SwitchSeries(seriesLabels);
        _seriesExemplars.Add(exemplar);
    }

    public void Commit(long windowEndMs)
    {
        FinishSeries();
        FlushRequest();
        _requests.Commit(windowEndMs);
    }

    /// <summary>
    /// The metadata type of a series, from the names the registry gives: <c>_total</c> counters, <c>_bucket</c>,
    /// <c>_sum</c>, <c>_count</c> and native histograms are histograms, anything else a gauge.
    /// </summary>
    internal static int MetricTypeOf(string? metricName, bool nativeHistogram)
    {
        if (nativeHistogram)
        {
            return TypeHistogram;
        }

        if (metricName is null)
        {
            return TypeUnspecified;
        }

        if (metricName.EndsWith("_total", StringComparison.Ordinal))
        {
            return TypeCounter;
        }

        return metricName.EndsWith(RegistryLabels.BucketSuffix, StringComparison.Ordinal)
            || metricName.EndsWith(RegistryLabels.SumSuffix, StringComparison.Ordinal)
            || metricName.EndsWith(RegistryLabels.CountSuffix, StringComparison.Ordinal) ? TypeHistogram : TypeGauge;
    }

    private void Observe(long timestampMs, bool isZero)
    {
        if (_seriesSamples + _seriesHistograms == 0)
        {
            _firstTs = timestampMs;
            _firstIsZero = isZero;
        }

        _seriesMaxTs = Math.Max(_seriesMaxTs, timestampMs);
    }

    private void SwitchSeries(in LabelSet labels)
    {
        if (_seriesOpen && labels.Hash == _labelHash && IsOpenSeries(labels))
        {
            return;
        }

        FinishSeries();
        var names = labels.Names;
        var values = labels.Values;
        for (var i = 0; i < names.Length; i++)
        {
            _seriesLabels.Add(names[i]);
            _seriesLabels.Add(values[i]);
        }

        _labelHash = labels.Hash;
        _seriesOpen = true;
    }

    private bool IsOpenSeries(in LabelSet labels)
    {
        var names = labels.Names;
        var values = labels.Values;
        if (names.Length * 2 != _seriesLabels.Count)
        {
            return false;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(_seriesLabels[2 * i], names[i], StringComparison.Ordinal)
                || !string.Equals(_seriesLabels[(2 * i) + 1], values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void FinishSeries()
    {
        if (!_seriesOpen)
        {
            return;
        }

        _seriesOpen = false;
        var items = _seriesSamples + _seriesExemplars.Count + _seriesHistograms;
        var requestItems = _requestSamples + _requestExemplars + _requestHistograms;
        if (requestItems > 0 && requestItems + items > _maxSamplesPerSend)
        {
            FlushRequest();
        }

        WriteSeries();
        _requestSamples += _seriesSamples;
        _requestExemplars += _seriesExemplars.Count;
        _requestHistograms += _seriesHistograms;
        _requestMaxTs = Math.Max(_requestMaxTs, _seriesMaxTs);
        _seriesSamples = _seriesHistograms = 0;
        _seriesExemplars.Clear();
        _seriesLabels.Clear();
        _series.Reset();
        _seriesMaxTs = long.MinValue;

        if (_requestSamples + _requestExemplars + _requestHistograms >= _maxSamplesPerSend)
        {
            FlushRequest();
        }
    }

    private void WriteSeries()
    {
        var bodyStart = _request.BeginNested(RequestTimeseries);
        string? metricName = null;
        var packed = 0;
        for (var i = 0; i < _seriesLabels.Count; i += 2)
        {
            if (_seriesLabels[i] == RegistryLabels.MetricName)
            {
                metricName = _seriesLabels[i + 1];
            }

            packed += ProtoBuffer.VarintSize(_symbols.Ref(_seriesLabels[i])) + ProtoBuffer.VarintSize(_symbols.Ref(_seriesLabels[i + 1]));
        }

        _request.WriteLengthPrefix(SeriesLabelsRefs, packed);
        for (var i = 0; i < _seriesLabels.Count; i++)
        {
            _request.WriteVarint(_symbols.Ref(_seriesLabels[i]));
        }

        _request.WriteRaw(_series.Written);
        foreach (var exemplar in _seriesExemplars)
        {
            var name = _symbols.Ref(exemplar.LabelName);
            var value = _symbols.Ref(exemplar.LabelValue);
            var refs = ProtoBuffer.VarintSize(name) + ProtoBuffer.VarintSize(value);
            var body = ProtoBuffer.LengthFieldSize(refs) + DoubleFieldSize + 1 + ProtoBuffer.VarintSize((ulong)exemplar.TimestampMs);
            _request.WriteLengthPrefix(SeriesExemplars, body);
            _request.WriteLengthPrefix(ExemplarLabelsRefs, refs);
            _request.WriteVarint(name);
            _request.WriteVarint(value);
            _request.WriteDoubleField(ExemplarValue, exemplar.Value);
            _request.WriteVarintField(ExemplarTimestamp, (ulong)exemplar.TimestampMs);
        }

        var type = MetricTypeOf(metricName, _seriesHistograms > 0);
        if (type != TypeUnspecified)
        {
            _request.WriteLengthPrefix(SeriesMetadata, 2);
            _request.WriteVarintField(MetadataType, (ulong)type);
        }

        // The registry starts a new counter or histogram with a zero one interval before its first value: that zero
        // is when the series was created. Only a creating collection has more than one point for a series.
        if (_firstIsZero && _seriesSamples + _seriesHistograms > 1 && type != TypeGauge)
        {
            _request.WriteVarintField(SeriesCreatedTimestamp, (ulong)_firstTs);
        }

        _request.EndNested(bodyStart);
    }

    /// <summary>Writes the symbols and the series written so far as one compressed request, and starts a new one.</summary>
    private void FlushRequest()
    {
        if (_request.Length == 0)
        {
            return;
        }

        _final.Reset();
        for (var i = 0; i < _symbols.Count; i++)
        {
            var symbol = _symbols[i];
            _final.WriteStringField(RequestSymbols, symbol, ProtoBuffer.Utf8Size(symbol));
        }

        _final.WriteRaw(_request.Written);
        _requests.Add(_final.Written, _requestSamples, _requestExemplars, _requestHistograms, _requestMaxTs);
        _requestSamples = _requestExemplars = _requestHistograms = 0;
        _requestMaxTs = long.MinValue;
        _request.Reset();
        _symbols.Reset();
    }
}
