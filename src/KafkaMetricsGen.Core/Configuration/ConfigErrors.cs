namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Collects problems so a check reports all of them at once instead of stopping at the first.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _ignored = [];

    public IReadOnlyList<ConfigError> Items => _errors;

    /// <summary>Keys that were set but are ignored, each with the reason (logged once at start, not an error).</summary>
    public IReadOnlyList<ConfigError> Ignored => _ignored;

    public bool Any => _errors.Count > 0;

    public void Add(string path, string message) => _errors.Add(new ConfigError(path, message));

    public void Ignore(string path, string reason) => _ignored.Add(new ConfigError(path, reason));

    public void AddRange(IEnumerable<ConfigError> errors) => _errors.AddRange(errors);

    /// <summary>
    /// Runs an options <c>Validate()</c> and records its exception message instead of stopping. Options messages name
    /// their key path already; <paramref name="path"/> adds context before it ("" for none).
    /// </summary>
    public void Capture(string path, Action validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        try
        {
            validate();
        }
        catch (ConfigException e)
        {
            _errors.AddRange(e.Errors);
        }
        catch (ArgumentException e)
        {
            // Options classes name the key in their message already when they can; keep the section path as context.
            _errors.Add(new ConfigError(path, e.Message));
        }
        catch (InvalidOperationException e)
        {
            _errors.Add(new ConfigError(path, e.Message));
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors.ToArray());
        }
    }
}
