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
    /// <summary>
    /// A <c>CustomParser</c> for a listen address flag: <c>host:port</c> (IPv6 hosts in brackets, <c>*</c> for every interface), port 0–65535, where
    /// 0 picks a free port. Without this a bare word would bind every interface on port 80.
    /// </summary>
    public static string? HostPort(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : string.Empty;
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        var hostOk = host is "*" or "+"
            || (host.Length > 0 && (bracketed ? host.Length > 2 : !host.Contains(':', StringComparison.Ordinal))
                && Uri.CheckHostName(bracketed ? host[1..^1] : host) != UriHostNameType.Unknown);
        if (hostOk && ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return text;
        }

        var name = (result.Parent as OptionResult)?.Option.Name ?? "address";
        result.AddError($"{name}: '{text}' is not host:port (port 0-65535, 0 picks a free one), e.g. 127.0.0.1:8080");
        return null;
    }
}
