using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.Core.Processors.ServiceGraphs;
using KafkaMetricsGen.Streams.Ingest;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Benchmarks.Ingest;

/// <summary>
/// One spans-by-trace frame of <see cref="Spans"/> spans (10 services, realistic attributes), written from the decoded
/// batch as the decode stage does, turned into a record value, and read back into a batch as the generate stage does:
/// the OTLP layout of earlier releases (re-encode, fresh record array, protobuf decode) against the compact layout
/// (rows copied from the batch, a reused padded array, rows copied back), whole and with only what service graphs read
/// under their defaults (<see cref="ServiceGraphsProcessor.Reads"/>). Divide by <see cref="Spans"/> for per span.
/// </summary>
[MemoryDiagnoser]
public class SpansByTraceHopBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new();
    private readonly FrameArrays _arrays = new();
    private readonly OtlpProtoDecoder _decoder = new();
    private readonly SpanBatch _source = new();
    private readonly SpanBatch _read = new();
    private int[] _selected = [];
    private byte[] _otlpRecord = [];
    private byte[] _compactRecord = [];
    private byte[] _projectedRecord = [];
    private readonly SpanProjection _serviceGraphs = ServiceGraphsProcessor.Reads(new ServiceGraphsOptions());

    [Params(100, 1000)]
    public int Spans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var request = BuildRequest(Spans).ToByteArray();
        _decoder.Decode(default, request, _source);
        _source.Tenant = "tenant-a";
        _selected = Enumerable.Range(0, _source.SpanCount).ToArray();
        _otlpRecord = OtlpFrame().ToArray();
        _compactRecord = CompactFrame().ToArray();
        _projectedRecord = CompactFrame(_serviceGraphs).ToArray();
        // The wire cost beside the CPU cost: bytes per frame in each layout.
        Console.WriteLine($"// frame bytes for {Spans} spans: OTLP layout {_otlpRecord.Length}, compact layout {_compactRecord.Length}, service-graph projection {_projectedRecord.Length}");
        OtlpWriteAndRead();
        CompactWriteAndRead();
        ProjectedWriteAndRead();
    }

    [Benchmark(Baseline = true)]
    public int OtlpWriteAndRead()
    {
        var record = OtlpFrame().ToArray();
        return ReadOtlp(record);
    }

    [Benchmark]
    public int CompactWriteAndRead()
    {
        var record = _arrays.Copy(CompactFrame(), int.MaxValue);
        return ReadCompact(record);
    }

    [Benchmark]
    public int ProjectedWriteAndRead()
    {
        var record = _arrays.Copy(CompactFrame(_serviceGraphs), int.MaxValue);
        return ReadCompact(record);
    }

    [Benchmark]
    public int OtlpReadOnly() => ReadOtlp(_otlpRecord);

    [Benchmark]
    public int CompactReadOnly() => ReadCompact(_compactRecord);

    private ReadOnlySpan<byte> OtlpFrame()
    {
        _writer.ResetWrittenCount();
        SubBatchFrame.Begin(_writer);
        var size = SpanBatchCodec.Measure(_source, _selected);
        var span = _writer.GetSpan(SubBatchFrame.LengthSize + size);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
        SpanBatchCodec.Write(_source, _selected, span.Slice(SubBatchFrame.LengthSize, size));
        _writer.Advance(SubBatchFrame.LengthSize + size);
        return _writer.WrittenSpan;
    }

    private ReadOnlySpan<byte> CompactFrame(SpanProjection? projection = null)
    {
        _writer.ResetWrittenCount();
        SubBatchFrame.Begin(_writer);
        SubBatchFrame.Append(_writer, _source, _selected, projection);
        return _writer.WrittenSpan;
    }

    private int ReadOtlp(byte[] record)
    {
        var offset = 0;
        var spans = 0;
        while (SubBatchFrame.TryNext(record, ref offset, out var subBatch, out _))
        {
            SpanBatchCodec.Decode(subBatch, _decoder, _read);
            spans += _read.SpanCount;
        }

        return spans;
    }

    private int ReadCompact(byte[] record)
    {
        var offset = 0;
        var spans = 0;
        while (SubBatchFrame.TryNext(record, ref offset, out var subBatch, out _))
        {
            CompactSubBatch.Read(subBatch, _read);
            spans += _read.SpanCount;
        }

        return spans;
    }

    private static TracesData BuildRequest(int spans)
    {
        var random = new Random(42);
        var traces = new TracesData();
        for (var service = 0; service < 10; service++)
        {
            var resource = new Resource();
            resource.Attributes.Add(Text("service.name", $"service-{service}"));
            resource.Attributes.Add(Text("service.namespace", "shop"));
            resource.Attributes.Add(Text("deployment.environment", "production"));
            resource.Attributes.Add(Text("host.name", $"node-{service % 3}.cluster.local"));
            resource.Attributes.Add(Text("k8s.pod.name", $"service-{service}-7d9f8c6b5-x2x9z"));
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.9.0" } };
            for (var i = 0; i < spans / 10; i++)
            {
                scope.Spans.Add(NewSpan(random, i));
            }

            traces.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        }

        return traces;
    }

    private static Span NewSpan(Random random, int i)
    {
        var ids = new byte[24];
        random.NextBytes(ids);
        var start = 1_700_000_000_000_000_000UL + (ulong)random.Next(1_000_000_000);
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(ids, 0, 16),
            SpanId = ByteString.CopyFrom(ids, 16, 8),
            ParentSpanId = i == 0 ? ByteString.Empty : ByteString.CopyFrom(ids, 8, 8),
            Name = i % 2 == 0 ? "GET /api/orders/{id}" : "SELECT orders",
            Kind = i % 2 == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + (ulong)random.Next(100_000, 50_000_000),
            Status = new Status { Code = i % 7 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        span.Attributes.Add(Text("http.request.method", "GET"));
        span.Attributes.Add(Text("url.path", $"/api/orders/{random.Next(1000)}"));
        span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } });
        span.Attributes.Add(Text("server.address", "orders.shop.svc"));
        span.Attributes.Add(Text("db.system", "postgresql"));
        return span;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
