using System.Text;
using System.Text.RegularExpressions;
using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Processors.Shared;

/// <summary>
/// One compiled <c>{key, value}</c> condition of a filter block. Attribute conditions compare UTF-8 bytes where they can;
/// kind and status conditions are answered from a table computed here, so the common regex
/// <c>SPAN_KIND_(SERVER|CLIENT)</c> costs an array read per span.
/// </summary>
internal sealed class AttributeCondition
{
    private const int MemoSize = 256;

    private readonly PolicyValueKind _kind;
    private readonly byte[] _keyUtf8;
    private readonly byte[] _stringUtf8;
    private readonly long _integer;
    private readonly double _number;
    private readonly bool _boolean;
    private readonly Regex? _regex;
    private readonly bool[] _enumMatches;
    private readonly MemoEntry?[] _memo = new MemoEntry?[MemoSize];

    private AttributeCondition(PolicyTarget target, byte[] keyUtf8, PolicyValueKind kind, string text, long integer, double number, bool boolean, Regex? regex, bool[] enumMatches)
    {
        Target = target;
        _keyUtf8 = keyUtf8;
        _kind = kind;
        _stringUtf8 = Encoding.UTF8.GetBytes(text);
        _integer = integer;
        _number = number;
        _boolean = boolean;
        _regex = regex;
        _enumMatches = enumMatches;
    }

    public PolicyTarget Target { get; }

    /// <summary>The attribute key read (UTF-8; unused for the name, kind and status targets).</summary>
    public byte[] KeyUtf8 => _keyUtf8;

    /// <summary>Compiles a condition; throws naming <paramref name="keyPath"/> on a bad key, value or pattern.</summary>
    public static AttributeCondition Compile(string matchType, PolicyAttributeOptions attribute, string keyPath)
    {
        var id = PolicyIdentifier.Parse(attribute?.Key, keyPath + "." + FilterPolicySchema.Key);
        var value = attribute!.Value;
        var valuePath = keyPath + "." + FilterPolicySchema.Value;
        var keyBytes = Encoding.UTF8.GetBytes(id.AttributeName);
        var isRegex = matchType == MatchTypes.Regex;
        var isIntrinsic = id.Target is PolicyTarget.Name or PolicyTarget.Kind or PolicyTarget.Status;

        if ((isRegex || isIntrinsic) && value is not { Kind: PolicyValueKind.String })
        {
            throw new ArgumentException($"{valuePath}: must be a string for {(isRegex ? "regex matching" : "intrinsic '" + attribute.Key + "'")}");
        }

        Regex? regex = null;
        if (isRegex)
        {
            regex = Re2Regex.Compile(value!.Text, valuePath);
        }

        var enumMatches = id.Target switch
        {
            PolicyTarget.Kind => EnumTable(SpanEnumNames.KindCount, i => SpanEnumNames.Kind((SpanKind)i), value!.Text, regex, valuePath, "kind"),
            PolicyTarget.Status => EnumTable(SpanEnumNames.StatusCount, i => SpanEnumNames.Status((StatusCode)i), value!.Text, regex, valuePath, "status"),
            _ => [],
        };

        var kind = value?.Kind ?? PolicyValueKind.Null;
        return new AttributeCondition(id.Target, keyBytes, kind, value?.Text ?? string.Empty, value?.Integer ?? 0, value?.Number ?? 0, value?.Boolean ?? false, regex, enumMatches);
    }

    /// <summary>True when the condition holds for the span; <paramref name="attributes"/> is the scope the target names.</summary>
    public bool Matches(SpanBatch batch, ReadOnlySpan<AttributeRef> attributes, in SpanRef span)
    {
        switch (Target)
        {
            case PolicyTarget.Name:
                return _regex is null ? batch.Bytes(span.Name).SequenceEqual(_stringUtf8) : IsMatch(batch.String(span.Name));
            case PolicyTarget.Kind:
                return MatchEnum((int)span.Kind, SpanEnumNames.Kind(span.Kind));
            case PolicyTarget.Status:
                return MatchEnum((int)span.StatusCode, SpanEnumNames.Status(span.StatusCode));
            default:
                // The first attribute with the key decides; a missing key never matches.
                return batch.TryFind(attributes, _keyUtf8, out var attribute) && MatchValue(batch, attribute);
        }
    }

    // Span strings are interned, so a regex result is remembered per string instance; a new instance just re-runs the regex.
    private bool IsMatch(string input)
    {
        ref var slot = ref _memo[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(input) & (MemoSize - 1)];
        var memo = slot;
        if (memo is not null && ReferenceEquals(memo.Input, input))
        {
            return memo.Result;
        }

        var result = _regex!.IsMatch(input);
        slot = new MemoEntry(input, result);
        return result;
    }

    private bool MatchEnum(int value, string nameIfUnknown)
    {
        if ((uint)value < (uint)_enumMatches.Length)
        {
            return _enumMatches[value];
        }

        // Only a regex can match a value outside the enum (strict values must be enum names).
        return _regex is not null && _regex.IsMatch(nameIfUnknown);
    }

    private bool MatchValue(SpanBatch batch, in AttributeRef attribute)
    {
        if (_regex is not null)
        {
            return IsMatch(attribute.Kind == AnyValueKind.String ? batch.String(attribute.Value) : string.Empty);
        }

        // A value of another type reads as that type's zero value, as protobuf getters do in Tempo.
        return _kind switch
        {
            PolicyValueKind.Int => (attribute.Kind == AnyValueKind.Int ? attribute.Int : 0) == _integer,
            PolicyValueKind.Float => (attribute.Kind == AnyValueKind.Double ? attribute.Double : 0) == _number,
            PolicyValueKind.Bool => (attribute.Kind == AnyValueKind.Bool && attribute.Bool) == _boolean,
            _ => attribute.Kind == AnyValueKind.String ? batch.Bytes(attribute.Value).SequenceEqual(_stringUtf8) : _stringUtf8.Length == 0,
        };
    }

    private static bool[] EnumTable(int count, Func<int, string> name, string value, Regex? regex, string valuePath, string what)
    {
        var table = new bool[count];
        var any = false;
        for (var i = 0; i < count; i++)
        {
            table[i] = regex is null ? string.Equals(name(i), value, StringComparison.Ordinal) : regex.IsMatch(name(i));
            any |= table[i];
        }

        if (regex is null && !any)
        {
            throw new ArgumentException($"{valuePath}: '{value}' is not a {what} enum name");
        }

        return table;
    }

    private sealed record MemoEntry(string Input, bool Result);
}
