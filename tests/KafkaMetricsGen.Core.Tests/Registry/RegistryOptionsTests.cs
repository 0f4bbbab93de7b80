namespace KafkaMetricsGen.Core.Registry;

public class RegistryOptionsTests
{
    [Fact]
    public void Defaults_match_Tempo()
    {
        var o = new RegistryOptions();
        Assert.Equal(TimeSpan.FromSeconds(15), o.CollectionInterval);
        Assert.Equal(TimeSpan.FromMinutes(15), o.StaleDuration);
        Assert.Equal(1024, o.MaxLabelNameLength);
        Assert.Equal(2048, o.MaxLabelValueLength);
        Assert.Equal(0, o.MaxActiveSeries);
        Assert.Equal(HistogramMode.Classic, o.GenerateNativeHistograms);
        Assert.Equal(1.1, o.NativeHistogramBucketFactor);
        Assert.Equal(100, o.NativeHistogramMaxBucketNumber);
        Assert.Equal(TimeSpan.FromMinutes(15), o.NativeHistogramMinResetDuration);
        Assert.Equal("traceID", o.TraceIdLabelName);
        Assert.Empty(o.InjectTenantIdAs);
        Assert.False(o.DisableCollection);
        o.Validate();
    }

    [Fact]
    public void Validation_names_the_key_of_a_bad_value()
    {
        var o = new RegistryOptions { NativeHistogramBucketFactor = 1 };
        var e = Assert.Throws<InvalidOperationException>(o.Validate);
        Assert.StartsWith("overrides.native_histogram_bucket_factor:", e.Message, StringComparison.Ordinal);

        o = new RegistryOptions { CollectionInterval = TimeSpan.Zero };
        e = Assert.Throws<InvalidOperationException>(o.Validate);
        Assert.StartsWith("metrics_generator.registry.collection_interval:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classic", HistogramMode.Classic)]
    [InlineData("native", HistogramMode.Native)]
    [InlineData("both", HistogramMode.Both)]
    public void Histogram_modes_parse_from_their_yaml_values(string text, HistogramMode mode) =>
        Assert.Equal(mode, RegistryOptions.ParseHistogramMode(text));

    [Fact]
    public void An_unknown_histogram_mode_is_a_configuration_error() =>
        Assert.Throws<InvalidOperationException>(() => RegistryOptions.ParseHistogramMode("exponential"));
}
