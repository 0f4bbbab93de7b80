using System.Text;
using Google.Protobuf;
using KafkaMetricsGen.Wire.Tempo;

namespace KafkaMetricsGen.Core.Ingest;

/// <summary>
/// Random and mutated inputs (bit flips, cuts, splices, inserted and random bytes) with a fixed seed: a decoder must
/// never throw or hang, every failure must carry a known reason, and a failed batch must be empty.
/// </summary>
public class DecoderFuzzTests
{
    private const int InputsPerDecoder = 10_000;

    private static readonly HashSet<string> Reasons =
    [
        DecodeFailureReasons.Truncated, DecodeFailureReasons.WrongWireType, DecodeFailureReasons.BadIdLength,
        DecodeFailureReasons.BadJson, DecodeFailureReasons.InvalidMessage, DecodeFailureReasons.MissingTenant,
    ];

    [Fact]
    public void Otlp_proto_decoder_survives_mutated_input() =>
        Fuzz(new OtlpProtoDecoder(), seed: 1, traces => traces.ToByteArray());

    [Fact]
    public void Push_bytes_decoder_survives_mutated_input() =>
        Fuzz(new PushBytesDecoder(), seed: 2, traces => new PushBytesRequest { Traces = { traces.ToByteString() }, SkipMetricsGeneration = true }.ToByteArray());

    [Fact]
    public void Otlp_json_decoder_survives_mutated_input() =>
        Fuzz(new OtlpJsonDecoder(), seed: 3, traces => Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(traces)));

    private static void Fuzz(ISpanBatchDecoder decoder, int seed, Func<OpenTelemetry.Proto.Trace.V1.TracesData, byte[]> encode)
    {
        var random = new Random(seed);
        var generator = new RandomTraces(seed);
        var valid = new List<byte[]>();
        for (var i = 0; i < 50; i++)
        {
            valid.Add(encode(generator.Next()));
        }

        var batch = new SpanBatch();
        var key = "tenant"u8.ToArray();
        var (successes, failures) = (0, 0);
        for (var i = 0; i < InputsPerDecoder; i++)
        {
            var input = Mutate(random, valid);
            var result = decoder.Decode(random.Next(20) == 0 ? [] : key, input, batch);
            if (result.Success)
            {
                successes++;
                continue;
            }

            failures++;
            Assert.Contains(result.FailureReason!, Reasons);
            Assert.False(string.IsNullOrEmpty(result.Detail));
            Assert.Equal((0, 0, 0), (batch.ResourceCount, batch.SpanCount, batch.AttributeCount));
        }

        // Both outcomes must be exercised, or the mutations are not testing anything.
        Assert.True(successes > 100 && failures > 1000, $"{successes} successes, {failures} failures");
    }

    private static byte[] Mutate(Random random, List<byte[]> valid)
    {
        var source = valid[random.Next(valid.Count)];
        var bytes = (byte[])source.Clone();
        switch (random.Next(7))
        {
            case 0:
                return bytes;
            case 1:
                for (var flips = random.Next(1, 6); flips > 0 && bytes.Length > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length + 1)];
            case 3:
                var other = valid[random.Next(valid.Count)];
                return [.. bytes[..random.Next(bytes.Length + 1)], .. other[random.Next(other.Length + 1)..]];
            case 4:
                var insert = new byte[random.Next(1, 8)];
                random.NextBytes(insert);
                var at = random.Next(bytes.Length + 1);
                return [.. bytes[..at], .. insert, .. bytes[at..]];
            case 5:
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                return noise;
            default:
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
        }
    }
}
