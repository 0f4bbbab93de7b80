using System.CommandLine;
using System.CommandLine.Parsing;
using KafkaMetricsGen.Core.Configuration;

namespace KafkaMetricsGen.Commands;

/// <summary>
/// Parses and runs a command line so that no input shows a stack trace: parse errors become one line per error naming
/// the flag and what it takes (exit 2), configuration errors one line per key (exit 2), anything else thrown one
/// <c>error:</c> line with the message (exit 1).
/// </summary>
public static class CommandLineRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parsed = CommandLineFactory.Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync("error: " + Describe(problem)).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"see: {CommandPath(parsed.CommandResult)} --help").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync("error: " + Message(e)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>An exception's message without the "(Parameter 'x')" suffix that names a .NET parameter, not a flag.</summary>
    public static string Message(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return message;
    }

    /// <summary>A parse error in the user's terms: a value that is not of the option's type names the flag and the type.</summary>
    public static string Describe(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var option = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
        if (option is not null && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            var value = string.Join(' ', option.Tokens.Select(t => t.Value));
            return $"{option.Option.Name}: '{value}' is not {TypeName(option.Option.ValueType)}";
        }

        return error.Message;
    }

    private static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return t == typeof(int) || t == typeof(long) ? "a whole number"
            : t == typeof(double) ? "a number, e.g. 50 or 0.5"
            : t == typeof(bool) ? "true or false"
            : t == typeof(Uri) ? "a URL"
            : t == typeof(TimeSpan) ? "a duration, e.g. 30s, 5m or 00:01:00"
            : "a valid value";
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? s = command; s is CommandResult c; s = c.Parent)
        {
            names.Add(c.Command is RootCommand ? "kafka-metrics-gen" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
