using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Core.Tests.Configuration;

public class YamlConfigWriterTests
{
    [Fact]
    public void Written_yaml_reads_back_to_the_same_tree()
    {
        const string yaml = """
            a:
              b: [x, "30", "true", "a: b"]
              c:
                - {key: span.http.method, value: GET}
                - name: n
                  source_labels: [p, q]
              d: ""
              e: 1.5
            """;
        var node = YamlConfigReader.Parse(yaml, "t");
        var written = YamlConfigWriter.Write(node);
        var again = YamlConfigReader.Parse(written, "t");
        Assert.Equal(written, YamlConfigWriter.Write(again));
        Assert.True(again.GetSection("a").Get("b")!.Items[1].Quoted);
        Assert.Equal("a: b", again.GetSection("a").GetStrings("b")![3]);
        Assert.Equal("n", again.GetSection("a").Get("c")!.Items[1].GetString("name"));
    }

    [Fact]
    public void Invalid_yaml_names_the_file_and_line()
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.Parse("a: b\n c: d\n", "config.yaml"));
        Assert.StartsWith("config.yaml: invalid YAML at line 2", e.Message, StringComparison.Ordinal);
    }
}
