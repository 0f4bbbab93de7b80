using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace KafkaMetricsGen.Commands;

/// <summary>Checks on flag values at parse time, so a bad value fails before anything starts, naming the flag and what it takes.</summary>
public static class OptionRules
{
    /// <summary>The value must be one of <paramref name="allowed"/>.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && Array.IndexOf(allowed, value) < 0)
            {
                result.AddError($"{option.Name}: '{value}' is not allowed (allowed: {string.Join(", ", allowed)})");
            }
        });
        return option;
    }

    /// <summary>The value must be at least <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum)
        where T : struct, IComparable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // Not a number at all: the parser reports that, naming the flag.
                return;
            }

            if (value.CompareTo(minimum) < 0)
            {
                result.AddError($"{option.Name}: {value.ToString(null, CultureInfo.InvariantCulture)} is too small (at least {minimum.ToString(null, CultureInfo.InvariantCulture)})");
            }
        });
        return option;
    }

    /// <summary>A <c>CustomParser</c> for an absolute http(s) URL flag.</summary>
    public static Uri? HttpUrl(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        var name = (result.Parent as OptionResult)?.Option.Name ?? "URL";
        result.AddError($"{name}: '{text}' is not an absolute http(s) URL, e.g. http://127.0.0.1:9090/api/v1/write");
        return null;
    }
}
