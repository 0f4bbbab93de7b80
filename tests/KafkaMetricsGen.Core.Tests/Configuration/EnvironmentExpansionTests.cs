namespace KafkaMetricsGen.Core.Configuration;

public sealed class EnvironmentExpansionTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["KAFKA"] = "kafka:9092",
        ["EMPTY"] = string.Empty,
    };

    [Theory]
    [InlineData("address: ${KAFKA}", "address: kafka:9092")]
    [InlineData("address: $KAFKA", "address: kafka:9092")]
    [InlineData("address: ${MISSING:-localhost:9092}", "address: localhost:9092")]
    [InlineData("address: ${EMPTY:-localhost:9092}", "address: localhost:9092")]
    [InlineData("address: ${EMPTY-localhost:9092}", "address: ")]
    [InlineData("address: ${MISSING-localhost:9092}", "address: localhost:9092")]
    [InlineData("address: ${KAFKA:-localhost:9092}", "address: kafka:9092")]
    [InlineData("address: ${MISSING}", "address: ")]
    [InlineData("price: $$5", "price: $5")]
    [InlineData("value: ^GET /api/.*$", "value: ^GET /api/.*$")]
    [InlineData("value: a$", "value: a$")]
    public void Replaces_variables_as_tempos_expand_env_does(string text, string expected) =>
        Assert.Equal(expected, EnvironmentExpansion.Expand(text, Environment));
}
