using KafkaMetricsGen.Core.Ingest;
using KafkaMetricsGen.TestKit;
using static KafkaMetricsGen.Core.Registry.RegistryTestData;

namespace KafkaMetricsGen.Core.Registry;

public class InProcessRegistryTests
{
    private static InProcessRegistry Registry(RegistryOptions? options = null, string tenant = "t-inproc") => new(tenant, options ?? new RegistryOptions(), Clock());

    [Fact]
    public void A_new_counter_series_gets_a_zero_one_interval_before_its_first_value_and_then_accumulates()
    {
        var r = Registry();
        var c = r.NewCounter("calls");
        var b = r.NewLabelBuilder();
        c.Inc(Labels(b, ("l", "v1")), 1, Ns(T0 + 1_000));
        c.Inc(Labels(b, ("l", "v2")), 2, Ns(T0 + 2_000));
        var out1 = new RecordingAppender();
        r.Flush(out1);
        var e1 = T0 + 15_000;
        Assert.Equal([(T0, 0.0), (e1, 1.0)], out1.Of("calls{l=\"v1\"}"));
        Assert.Equal([(T0, 0.0), (e1, 2.0)], out1.Of("calls{l=\"v2\"}"));
        Assert.Equal([e1], out1.Commits);

        c.Inc(Labels(b, ("l", "v2")), 2, Ns(T0 + 16_000));
        c.Inc(Labels(b, ("l", "v3")), 3, Ns(T0 + 17_000));
        var out2 = new RecordingAppender();
        r.Flush(out2);
        var e2 = T0 + 30_000;
        Assert.Equal([(e2, 1.0)], out2.Of("calls{l=\"v1\"}"));
        Assert.Equal([(e2, 4.0)], out2.Of("calls{l=\"v2\"}"));
        Assert.Equal([(e1, 0.0), (e2, 3.0)], out2.Of("calls{l=\"v3\"}"));
    }

    [Fact]
    public void Flush_skips_a_stretch_without_data_longer_than_the_limit_and_keeps_the_values()
    {
        var r = Registry(new RegistryOptions { StaleDuration = TimeSpan.FromDays(36_500), AllowedLateness = TimeSpan.FromDays(36_500) });
        var c = r.NewCounter("calls");
        var b = r.NewLabelBuilder();
        c.Inc(Labels(b, ("l", "v")), 1, Ns(T0 + 1_000));
        c.Inc(Labels(b, ("l", "v")), 1, 0);
        var o = new RecordingAppender();

        Assert.Equal(2, r.Flush(o, maxEmptyMs: 60_000));

        // The epoch's window, then straight to the data's window.
        Assert.Equal([15_000, T0 + 15_000], o.Commits);
        Assert.Equal([(0, 0.0), (15_000, 1.0), (T0 + 15_000, 2.0)], o.Of("calls{l=\"v\"}"));
    }

    [Fact]
    public void Max_cardinality_per_label_replaces_an_over_limit_label_everywhere_but_in_info_gauges()
    {
        var clock = Clock();
        var r = new InProcessRegistry("t-per-label", new RegistryOptions { MaxCardinalityPerLabel = 2 }, clock);
        var calls = r.NewCounter("calls");
        var info = r.NewInfoGauge("target_info");
        var b = r.NewLabelBuilder();
        foreach (var url in (string[])["/a", "/b", "/c"])
        {
            calls.Inc(Labels(b, ("method", "GET"), ("url", url)), 1, Ns(T0 + 1_000));
        }

        clock.Advance(Limiters.LimiterDefaults.DemandUpdateInterval);
        calls.Inc(Labels(b, ("method", "GET"), ("url", "/d")), 1, Ns(T0 + 2_000));
        calls.Inc(Labels(b, ("method", "GET"), ("url", "/e")), 1, Ns(T0 + 2_000));
        info.Set(Labels(b, ("url", "/f")), 1, Ns(T0 + 2_000));
        var o = new RecordingAppender();
        r.Flush(o);

        Assert.Equal(2.0, o.Of("calls{method=\"GET\",url=\"__cardinality_overflow__\"}")[^1].Item2);
        Assert.Equal(1.0, o.Of("calls{method=\"GET\",url=\"/a\"}")[^1].Item2);
        Assert.Equal(1.0, o.Of("target_info{url=\"/f\"}")[^1].Item2);
        Assert.Empty(o.Of("calls{method=\"GET\",url=\"/d\"}"));
    }

    [Fact]
    public void Span_name_sanitization_writes_the_pattern_everywhere_but_in_info_gauges()
    {
        var r = new InProcessRegistry("t-sanitize", new RegistryOptions { SpanNameSanitization = Sanitizer.SpanNameSanitization.Enabled }, Clock());
        var calls = r.NewCounter("calls");
        var info = r.NewInfoGauge("target_info");
        var b = r.NewLabelBuilder();
        foreach (var id in (string[])["1", "2", "3"])
        {
            calls.Inc(Labels(b, ("span_name", "GET /users/" + id)), 1, Ns(T0 + 1_000));
        }

        info.Set(Labels(b, ("span_name", "GET /users/4")), 1, Ns(T0 + 1_000));
        var o = new RecordingAppender();
        r.Flush(o);

        Assert.Equal(1.0, o.Of("calls{span_name=\"GET /users/1\"}")[^1].Item2);
        Assert.Equal(2.0, o.Of("calls{span_name=\"GET /users/<_>\"}")[^1].Item2);
        Assert.Equal(1.0, o.Of("target_info{span_name=\"GET /users/4\"}")[^1].Item2);
    }

    [Fact]
    public void Gauges_get_no_zero_sample_and_keep_the_latest_value_by_event_time()
    {
        var r = Registry();
        var g = r.NewGauge("info");
        var b = r.NewLabelBuilder();
        g.Set(Labels(b, ("a", "1")), 5, Ns(T0 + 3_000));
        g.Set(Labels(b, ("a", "1")), 7, Ns(T0 + 1_000));
        var o = new RecordingAppender();
        r.Flush(o);
        Assert.Equal([(T0 + 15_000, 5.0)], o.Of("info{a=\"1\"}"));
    }

    [Fact]
    public void A_classic_histogram_writes_cumulative_inclusive_buckets_and_zero_samples_on_count_and_buckets_only()
    {
        var r = Registry();
        var h = r.NewHistogram("latency", Buckets);
        var b = r.NewLabelBuilder();
        h.Observe(Labels(b, ("s", "x")), 0.004, 1, Trace(0xabc), Ns(T0 + 1_000));
        h.Observe(Labels(b, ("s", "x")), 20, 2, Trace(0xdef), Ns(T0 + 2_000));
        var o = new RecordingAppender();
        r.Flush(o);
        var e = T0 + 15_000;
        Assert.Equal([(e, 0.004 + 40)], o.Of("latency_sum{s=\"x\"}"));
        Assert.Equal([(T0, 0.0), (e, 3.0)], o.Of("latency_count{s=\"x\"}"));
        Assert.Equal([(T0, 0.0), (e, 0.0)], o.Of("latency_bucket{le=\"0.002\",s=\"x\"}"));
        Assert.Equal([(T0, 0.0), (e, 1.0)], o.Of("latency_bucket{le=\"0.004\",s=\"x\"}"));
        Assert.Equal([(T0, 0.0), (e, 1.0)], o.Of("latency_bucket{le=\"16.384\",s=\"x\"}"));
        Assert.Equal([(T0, 0.0), (e, 3.0)], o.Of("latency_bucket{le=\"+Inf\",s=\"x\"}"));
        Assert.Equal(33, o.Samples.Count);
    }

    [Fact]
    public void Exemplars_go_to_the_first_bucket_at_or_above_the_value_keep_the_latest_and_are_sent_once()
    {
        var r = Registry();
        var h = r.NewHistogram("latency", Buckets);
        var b = r.NewLabelBuilder();
        h.Observe(Labels(b, ("s", "x")), 0.003, 1, Trace(0x1), Ns(T0 + 1_000));
        h.Observe(Labels(b, ("s", "x")), 0.0035, 4, Trace(0x2), Ns(T0 + 2_000));
        h.Observe(Labels(b, ("s", "x")), 99, 1, TraceId.Empty, Ns(T0 + 3_000));
        var o = new RecordingAppender();
        r.Flush(o);
        var (series, exemplar) = Assert.Single(o.Exemplars);
        Assert.Equal("latency_bucket{le=\"0.004\",s=\"x\"}", series);
        Assert.Equal(new ExemplarSample("traceID", "2", 0.0035, T0 + 15_000), exemplar);

        h.Observe(Labels(b, ("s", "x")), 0.001, 1, Trace(0x3), Ns(T0 + 16_000));
        o.Clear();
        r.Flush(o);
        Assert.Equal("latency_bucket{le=\"0.002\",s=\"x\"}", Assert.Single(o.Exemplars).Series);
    }

    [Fact]
    public void External_labels_override_span_labels_and_the_tenant_label_overrides_both()
    {
        var options = new RegistryOptions { InjectTenantIdAs = "tenant" };
        options.ExternalLabels["cluster"] = "eu";
        options.ExternalLabels["tenant"] = "from-config";
        options.ExternalLabels["service"] = "override";
        var r = Registry(options, "acme");
        var b = r.NewLabelBuilder();
        r.NewCounter("calls").Inc(Labels(b, ("service", "api"), ("span_name", "GET")), 1, Ns(T0));
        var o = new RecordingAppender();
        r.Flush(o);
        Assert.Equal([(T0, 0.0), (T0 + 15_000, 1.0)], o.Of("calls{cluster=\"eu\",service=\"override\",span_name=\"GET\",tenant=\"acme\"}"));
    }

    [Fact]
    public void Label_limits_of_the_options_apply_to_the_label_builder()
    {
        var r = Registry(new RegistryOptions { MaxLabelNameLength = 3, MaxLabelValueLength = 4 });
        var b = r.NewLabelBuilder();
        r.NewCounter("calls").Inc(Labels(b, ("service", "checkout")), 1, Ns(T0));
        var o = new RecordingAppender();
        r.Flush(o);
        Assert.NotEmpty(o.Of("calls{ser=\"chec\"}"));
    }

    [Fact]
    public void Native_mode_writes_one_native_series_with_an_empty_histogram_first_and_exemplars_on_it()
    {
        var r = Registry(new RegistryOptions { GenerateNativeHistograms = HistogramMode.Native }, "t-native");
        var h = r.NewHistogram("latency", Buckets);
        var b = r.NewLabelBuilder();
        h.Observe(Labels(b, ("s", "x")), 1.0, 1, Trace(0x9), Ns(T0 + 1_000));
        h.Observe(Labels(b, ("s", "x")), 1.5, 1.5, TraceId.Empty, Ns(T0 + 1_000));
        var o = new RecordingAppender();
        r.Flush(o);
        Assert.Empty(o.Samples);
        Assert.Equal(2, o.Histograms.Count);
        var zero = o.Histograms[0];
        Assert.Equal((T0, 3, 0UL), (zero.TimestampMs, zero.Schema, zero.Count));
        var h1 = o.Histograms[1];
        Assert.Equal("latency{s=\"x\"}", h1.Series);
        Assert.Equal(3UL, h1.Count); // 1.5 is observed ceil(1.5) = 2 times
        Assert.Equal(1.0 + 3.0, h1.Sum);
        Assert.Equal([(0, 1u), (4, 1u)], h1.Spans);
        Assert.Equal([1L, 1], h1.Deltas);
        Assert.Equal("latency{s=\"x\"}", Assert.Single(o.Exemplars).Series);
    }

    [Fact]
    public void Both_mode_writes_classic_and_native_series()
    {
        var r = Registry(new RegistryOptions { GenerateNativeHistograms = HistogramMode.Both });
        var b = r.NewLabelBuilder();
        r.NewHistogram("latency", Buckets).Observe(Labels(b, ("s", "x")), 0.1, 1, Trace(1), Ns(T0));
        var o = new RecordingAppender();
        r.Flush(o);
        Assert.Equal(2, o.Histograms.Count);
        Assert.Equal(33, o.Samples.Count);
        Assert.StartsWith("latency_bucket", Assert.Single(o.Exemplars).Series, StringComparison.Ordinal);
    }
}
