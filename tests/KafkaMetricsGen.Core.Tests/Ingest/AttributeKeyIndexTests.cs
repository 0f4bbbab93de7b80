using System.Text;
using KafkaMetricsGen.Core.Tests.Processors.ServiceGraphs;
using KafkaMetricsGen.TestKit;
using OpenTelemetry.Proto.Trace.V1;

namespace KafkaMetricsGen.Core.Ingest;

public sealed class AttributeKeyIndexTests
{
    // Same-length keys (db.name / db.xxxx), a prefix of another key, and the empty key.
    private static readonly string[] Keys = ["db.name", "db.xxxx", "peer.service", "peer", "server.address", string.Empty];

    [Fact]
    public void Finds_the_same_first_attribute_as_a_scan_per_key()
    {
        var index = new AttributeKeyIndex();
        var ids = Keys.Select(k => index.Add(Encoding.UTF8.GetBytes(k))).ToArray();
        var random = new Random(3);
        string[] attributeKeys = [.. Keys, "db.system", "http.method", "peer.servicex"];
        var spans = new Span[200];
        for (var s = 0; s < spans.Length; s++)
        {
            var attributes = new (string, object)[random.Next(0, 8)];
            for (var a = 0; a < attributes.Length; a++)
            {
                attributes[a] = (attributeKeys[random.Next(attributeKeys.Length)], "v" + a);
            }

            spans[s] = TestSpans.Span(Span.Types.SpanKind.Client, (ulong)s + 1, 0, attributes: attributes);
        }

        var batch = SpanBatchFactory.From(TestSpans.Resource("svc", spans));
        var first = new AttributeRef[index.KeyCount];
        var found = new bool[index.KeyCount];
        for (var s = 0; s < batch.SpanCount; s++)
        {
            var attributes = batch.SpanAttributes(batch.Span(s));
            index.Scan(batch, attributes, first, found);
            for (var k = 0; k < Keys.Length; k++)
            {
                var expected = batch.TryFind(attributes, Encoding.UTF8.GetBytes(Keys[k]), out var attribute);
                Assert.Equal(expected, found[ids[k]]);
                if (expected)
                {
                    Assert.Equal(attribute, first[ids[k]]);
                }
            }
        }
    }

    [Fact]
    public void Gives_a_repeated_key_its_first_id()
    {
        var index = new AttributeKeyIndex();
        var a = index.Add("peer.service"u8.ToArray());
        var b = index.Add("db.name"u8.ToArray());
        Assert.Equal(a, index.Add("peer.service"u8.ToArray()));
        Assert.NotEqual(a, b);
        Assert.Equal(2, index.KeyCount);
    }
}
