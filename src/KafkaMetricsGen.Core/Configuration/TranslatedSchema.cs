namespace KafkaMetricsGen.Core.Configuration;

/// <summary>
/// A section that is read into other keys before the check (Tempo's <c>ingest.kafka</c> becomes <c>kafka:</c>): the
/// translation checks it against <see cref="Inner"/>, and it is not printed, since the keys it set are.
/// </summary>
public sealed class TranslatedSchema : ConfigSchema
{
    public TranslatedSchema(ConfigSchema inner) => Inner = inner;

    public ConfigSchema Inner { get; }

    public override string Expected => Inner.Expected;

    public override ConfigNode? WithDefaults(ConfigNode? node) => null;

    protected internal override void CheckValue(ConfigNode node, string path, ConfigErrors errors)
    {
    }
}
