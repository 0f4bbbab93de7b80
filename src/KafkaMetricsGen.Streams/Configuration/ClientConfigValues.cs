using System.Globalization;
using System.Reflection;
using KafkaMetricsGen.Core.Configuration;
using Streamiz.Kafka.Net;

namespace KafkaMetricsGen.Streams.Configuration;

/// <summary>
/// Turns librdkafka settings given as text (<c>kafka.client_config</c>) into the values Streamiz's
/// <see cref="StreamConfig"/> accepts. Streamiz assigns a setting it knows to its typed property, so
/// <c>security.protocol: SASL_SSL</c> has to arrive as <c>SecurityProtocol.SaslSsl</c>, not as text (which it rejects
/// with a bare conversion error); settings without a typed property go to librdkafka as text. Enumerated values are
/// matched ignoring case, <c>_</c> and <c>-</c> (<c>SCRAM-SHA-512</c> is <c>ScramSha512</c>).
/// </summary>
public static class ClientConfigValues
{
    private static readonly Dictionary<string, Type> s_typed = typeof(StreamConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.PropertyType != typeof(string))
        .GroupBy(p => p.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => Nullable.GetUnderlyingType(g.First().PropertyType) ?? g.First().PropertyType, StringComparer.Ordinal);

    /// <summary>The settings as Streamiz's configuration dictionary; throws <see cref="ConfigException"/> naming a bad value.</summary>
    public static Dictionary<string, dynamic> ToStreamProperties(IReadOnlyDictionary<string, string> settings)
    {
        var errors = new ConfigErrors();
        var properties = Convert(settings, errors);
        errors.ThrowIfAny();
        return properties;
    }

    /// <summary>Adds an error for every setting whose value its typed property cannot take.</summary>
    public static void Validate(IReadOnlyDictionary<string, string> settings, ConfigErrors errors) => _ = Convert(settings, errors);

    private static Dictionary<string, dynamic> Convert(IReadOnlyDictionary<string, string> settings, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        var properties = new Dictionary<string, dynamic>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            if (TryConvert(key, value, out var converted, out var problem))
            {
                properties[key] = converted;
            }
            else
            {
                errors.Add(KafkaOptions.ClientConfigPath + "." + key, problem);
            }
        }

        return properties;
    }

    private static bool TryConvert(string key, string value, out object converted, out string problem)
    {
        problem = string.Empty;
        converted = value;
        if (!s_typed.TryGetValue(PropertyName(key), out var type))
        {
            return true;
        }

        if (type.IsEnum)
        {
            var wanted = Normalize(value);
            foreach (var name in Enum.GetNames(type))
            {
                if (string.Equals(Normalize(name), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    converted = Enum.Parse(type, name);
                    return true;
                }
            }

            problem = $"\"{value}\" is not allowed (allowed: {string.Join(", ", Enum.GetNames(type))}; case, '_' and '-' do not matter, so SASL_SSL is SaslSsl)";
            return false;
        }

        try
        {
            converted = System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            problem = $"\"{value}\" is not a valid {type.Name.ToLowerInvariant()}";
            return false;
        }
    }

    private static string Normalize(string text) => text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary>librdkafka's <c>security.protocol</c> is Confluent.Kafka's (and Streamiz's) <c>SecurityProtocol</c>.</summary>
    private static string PropertyName(string key) =>
        string.Concat(key.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
