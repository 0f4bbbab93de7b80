using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit;
using static KafkaMetricsGen.Core.Processors.Shared.Otlp;

namespace KafkaMetricsGen.Core.Processors.Shared;

public class LabelValuesTests
{
    [Fact]
    public void Renders_like_attribute_text_and_reuses_small_integers()
    {
        var batch = SpanBatchFactory.From(Resource([Attr("small", 200L), Attr("negative", -3L), Attr("large", 1L << 40), Attr("s", "x"), Attr("d", 0.5)], Span()));
        foreach (var attribute in batch.ResourceAttributes(0))
        {
            Assert.Equal(AttributeText.ToLabelValue(batch, attribute), LabelValues.Text(batch, attribute));
        }

        var small = batch.ResourceAttributes(0)[0];
        Assert.Same(LabelValues.Text(batch, small), LabelValues.Text(batch, small));
    }
}
