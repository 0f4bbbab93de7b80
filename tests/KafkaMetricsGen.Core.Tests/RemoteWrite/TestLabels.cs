using KafkaMetricsGen.Core.Registry;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>Builds complete, sorted label sets for appender tests: <c>TestLabels.Of("__name__", "x", "a", "1")</c>.</summary>
internal static class TestLabels
{
    public static LabelSet Of(params string[] pairs)
    {
        var count = pairs.Length / 2;
        var names = new string[count];
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = pairs[2 * i];
            values[i] = pairs[(2 * i) + 1];
        }

        Array.Sort(names, values, StringComparer.Ordinal);
        return new LabelSet(names, values, count, LabelSet.ComputeHash(names, values));
    }
}
