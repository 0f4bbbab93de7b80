using KafkaMetricsGen.Core.Ingest;
using OpenTelemetry.Proto.Common.V1;

namespace KafkaMetricsGen.Core.Ingest;

public sealed class AttributeTextTests
{
    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(-2.5e-3, "-0.0025")]
    [InlineData(3.0, "3")]
    [InlineData(16.384, "16.384")]
    public void Doubles_render_as_Go_shortest_plain_decimals(double value, string expected) =>
        Assert.Equal(expected, GoFloatFormat.Format(value));

    [Fact]
    public void Arrays_concatenate_their_elements_without_separators()
    {
        var value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { StringValue = "b" }, new AnyValue { IntValue = 3 } } } };
        Assert.Equal("[ab3]", AttributeText.ToLabelValue(value));
    }

    [Fact]
    public void Key_value_lists_render_key_colon_value_pairs_in_braces()
    {
        var value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = new AnyValue { BoolValue = true } }, new KeyValue { Key = "n", Value = new AnyValue { DoubleValue = 1.5 } } } } };
        Assert.Equal("{k:truen:1.5}", AttributeText.ToLabelValue(value));
    }

    [Fact]
    public void Bytes_and_empty_values_render_empty() =>
        Assert.Equal(string.Empty, AttributeText.ToLabelValue(new AnyValue { BytesValue = Google.Protobuf.ByteString.CopyFrom([1, 2]) }));
}
