using System.CommandLine;
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
}
