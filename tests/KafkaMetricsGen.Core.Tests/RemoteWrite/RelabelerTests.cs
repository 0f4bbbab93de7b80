using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Prometheus' relabel semantics, one action at a time, on the cases its documentation describes.</summary>
public class RelabelerTests
{
    private static readonly LabelSet Series = TestLabels.Of("__name__", "calls_total", "service", "checkout", "span_kind", "SERVER", "span_name", "GET /cart");

    [Fact]
    public void Replace_writes_the_expanded_replacement_to_the_target_when_the_regex_matches()
    {
        var rule = new RelabelConfig { SourceLabels = ["service", "span_kind"], Regex = "(check)out;(.*)", TargetLabel = "svc", Replacement = "${1}-$2" };
        Assert.Equal("check-SERVER", Label(Process(rule), "svc"));
    }

    [Fact]
    public void Replace_with_the_defaults_copies_a_label_and_leaves_the_series_alone_without_a_match()
    {
        Assert.Equal("checkout", Label(Process(new RelabelConfig { SourceLabels = ["service"], TargetLabel = "app" }), "app"));
        Assert.Equal(Series.Count, Process(new RelabelConfig { SourceLabels = ["service"], Regex = "cart", TargetLabel = "app" })!.Value.Count);
    }

    [Fact]
    public void Replace_with_an_empty_result_removes_the_target_label()
    {
        var relabeled = Process(new RelabelConfig { SourceLabels = ["missing"], TargetLabel = "span_name" });
        Assert.Null(Label(relabeled, "span_name"));
    }

    [Theory]
    [InlineData(RelabelConfig.Keep, "calls_.*", true)]
    [InlineData(RelabelConfig.Keep, "latency_.*", false)]
    [InlineData(RelabelConfig.Drop, "calls_.*", false)]
    [InlineData(RelabelConfig.Drop, "calls", true)]
    public void Keep_and_drop_match_the_whole_joined_value(string action, string regex, bool kept) =>
        Assert.Equal(kept, Process(new RelabelConfig { SourceLabels = ["__name__"], Regex = regex, Action = action }) is not null);

    [Theory]
    [InlineData(RelabelConfig.KeepEqual, "checkout", true)]
    [InlineData(RelabelConfig.KeepEqual, "cart", false)]
    [InlineData(RelabelConfig.DropEqual, "checkout", false)]
    [InlineData(RelabelConfig.DropEqual, "cart", true)]
    public void Keepequal_and_dropequal_compare_the_source_with_the_target_label(string action, string target, bool kept)
    {
        var labels = TestLabels.Of("__name__", "x", "a", "checkout", "b", target);
        Assert.Equal(kept, Relabeler.Process(labels, [new RelabelConfig { SourceLabels = ["a"], TargetLabel = "b", Action = action }]) is not null);
    }

    [Fact]
    public void Hashmod_takes_the_md5_of_the_value_modulo_the_modulus()
    {
        var labels = TestLabels.Of("__name__", "x", "c", "baz");
        var relabeled = Relabeler.Process(labels, [new RelabelConfig { SourceLabels = ["c"], TargetLabel = "shard", Modulus = 1000, Action = RelabelConfig.HashMod }]);
        Assert.Equal("976", Label(relabeled, "shard"));
    }

    [Fact]
    public void Labelmap_copies_matching_labels_under_the_replacement_name()
    {
        var relabeled = Process(new RelabelConfig { Regex = "span_(.+)", Replacement = "op_$1", Action = RelabelConfig.LabelMap });
        Assert.Equal(("SERVER", "GET /cart", "SERVER"), (Label(relabeled, "op_kind"), Label(relabeled, "op_name"), Label(relabeled, "span_kind")));
    }

    [Fact]
    public void Labeldrop_and_labelkeep_filter_label_names()
    {
        Assert.Equal(["__name__", "service"], Process(new RelabelConfig { Regex = "span_.*", Action = RelabelConfig.LabelDrop })!.Value.Names.ToArray());
        Assert.Equal(["__name__", "span_kind"], Process(new RelabelConfig { Regex = "__name__|span_kind", Action = RelabelConfig.LabelKeep })!.Value.Names.ToArray());
    }

    [Fact]
    public void Lowercase_and_uppercase_write_the_cased_value_to_the_target()
    {
        Assert.Equal("server", Label(Process(new RelabelConfig { SourceLabels = ["span_kind"], TargetLabel = "kind", Action = RelabelConfig.Lowercase }), "kind"));
        Assert.Equal("CHECKOUT", Label(Process(new RelabelConfig { SourceLabels = ["service"], TargetLabel = "service", Action = RelabelConfig.Uppercase }), "service"));
    }

    [Fact]
    public void Rules_run_in_order_and_the_result_is_sorted_with_its_hash()
    {
        var relabeled = Relabeler.Process(Series, [
            new RelabelConfig { SourceLabels = ["service"], TargetLabel = "app" },
            new RelabelConfig { Regex = "service", Action = RelabelConfig.LabelDrop },
            new RelabelConfig { SourceLabels = ["app"], Regex = "check.*", Action = RelabelConfig.Keep },
        ])!.Value;

        Assert.Equal(["__name__", "app", "span_kind", "span_name"], relabeled.Names.ToArray());
        Assert.Equal(LabelSet.ComputeHash(relabeled.Names, relabeled.Values), relabeled.Hash);
    }

    private static LabelSet? Process(RelabelConfig rule) => Relabeler.Process(Series, [rule]);

    private static string? Label(LabelSet? labels, string name)
    {
        var set = Assert.NotNull(labels);
        var index = set.Names.IndexOf(name);
        return index < 0 ? null : set.Values[index];
    }
}
