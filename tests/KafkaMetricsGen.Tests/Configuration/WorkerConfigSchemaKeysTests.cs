using System.Text.RegularExpressions;
using KafkaMetricsGen.Configuration;
using KafkaMetricsGen.Core.Configuration;
using KafkaMetricsGen.TestKit;

namespace KafkaMetricsGen.Tests.Configuration;

/// <summary>
/// Every key the configuration schema accepts, each with the test that shows its effect (or its refusal): a key added
/// to the schema without an entry here fails <see cref="Every_key_the_schema_accepts_names_the_test_that_shows_its_effect"/>.
/// The per-tenant overrides file shares <c>overrides.defaults</c>' schema, so its keys are covered here too.
/// <c>metrics_generator.storage.remote_write</c> has its own list beside the remote-write tests.
/// </summary>
public sealed partial class WorkerConfigSchemaKeysTests
{
    private const string RemoteWrite = "metrics_generator.storage.remote_write";

    [Fact]
    public void Every_key_the_schema_accepts_names_the_test_that_shows_its_effect()
    {
        var missing = SchemaKeys().Where(static k => Covering(k) is null).ToList();
        Assert.True(missing.Count == 0, "keys without a test in KeyTests:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_listed_key_is_in_the_schema()
    {
        var keys = SchemaKeys().ToHashSet(StringComparer.Ordinal);
        var stale = KeyTests.Keys.Where(k => k.EndsWith(".*", StringComparison.Ordinal)
            ? !keys.Any(s => s.StartsWith(k[..^1], StringComparison.Ordinal))
            : !keys.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "listed keys the schema no longer has:\n" + string.Join('\n', stale));
    }

    [Fact]
    public void Every_listed_test_exists()
    {
        var absent = new List<string>();
        foreach (var test in KeyTests.Values.Distinct(StringComparer.Ordinal))
        {
            // "<project suffix>/<folder>/<Class>.<Method>", e.g. "Core.Tests/Tenancy/TenantSettingsResolverTests.A_b_c".
            var dot = test.LastIndexOf('.');
            var slash = test.IndexOf('/', StringComparison.Ordinal);
            var file = Path.Combine(RepositoryPaths.Root, "tests", "KafkaMetricsGen." + test[..slash], test[(slash + 1)..dot] + ".cs");
            var method = test[(dot + 1)..];
            if (!File.Exists(file) || !Regex.IsMatch(File.ReadAllText(file), @"\b(void|Task) " + method + @"\("))
            {
                absent.Add(test);
            }
        }

        Assert.True(absent.Count == 0, "listed tests not found:\n" + string.Join('\n', absent));
    }

    /// <summary>Every key path of the schema: list items as <c>[]</c>, map entries as <c>*</c>.</summary>
    public static IEnumerable<string> SchemaKeys()
    {
        var keys = new List<string>();
        Walk(WorkerConfigSchema.Root, string.Empty, keys);
        return keys;
    }

    private static string? Covering(string key)
    {
        if (KeyTests.TryGetValue(key, out var test))
        {
            return test;
        }

        foreach (var (prefix, prefixTest) in KeyTests)
        {
            if (prefix.EndsWith(".*", StringComparison.Ordinal) && key.StartsWith(prefix[..^1], StringComparison.Ordinal))
            {
                return prefixTest;
            }
        }

        return null;
    }

    private static void Walk(ConfigSchema schema, string path, List<string> keys)
    {
        switch (schema)
        {
            case RuleSchema rule:
                Walk(rule.Inner, path, keys);
                break;
            case TranslatedSchema translated:
                Walk(translated.Inner, path, keys);
                break;
            case SectionSchema section:
                foreach (var field in section.Fields)
                {
                    var key = path.Length == 0 ? field.Key : path + "." + field.Key;
                    if (key == RemoteWrite)
                    {
                        continue;
                    }

                    if (Unwrap(field.Schema) is not SectionSchema)
                    {
                        keys.Add(key);
                    }

                    Walk(field.Schema, key, keys);
                }

                break;
            case ListSchema list:
                Walk(list.Item, path + "[]", keys);
                break;
            case MapSchema map:
                Walk(map.Value, path + ".*", keys);
                break;
        }
    }

    private static ConfigSchema Unwrap(ConfigSchema schema) => schema switch
    {
        RuleSchema rule => Unwrap(rule.Inner),
        TranslatedSchema translated => Unwrap(translated.Inner),
        _ => schema,
    };
}
