using System.Text.RegularExpressions;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// <c>field op literal</c>. A missing attribute matches nothing, not even <c>!=</c> (as in Tempo). Numbers compare across
/// int, float and duration; regexes follow RE2 (see <see cref="Re2Regex"/>) and are compiled once.
/// </summary>
public sealed class ComparisonFilter : SpanFilter
{
    private readonly Regex? _regex;

    public ComparisonFilter(FieldRef field, ComparisonOperator op, StaticValue literal)
    {
        Field = field;
        Operator = op;
        Literal = literal;
        if (op is ComparisonOperator.Regex or ComparisonOperator.NotRegex)
        {
            _regex = Re2Regex.Compile(literal.String!);
        }
    }

    public FieldRef Field { get; }

    public ComparisonOperator Operator { get; }

    public StaticValue Literal { get; }

    public override bool UsesTraceFields => Field.IsTraceLevel;

    public override bool Matches(in StoredSpan span, in TraceInfo trace)
    {
        if (Field.IsPerElement && !Literal.IsNil)
        {
            return FieldReader.MatchesAny(Field, span, Operator, Literal, _regex);
        }

        var value = FieldReader.Read(Field, span, trace);
        if (value.IsNil)
        {
            return Literal.IsNil && Operator == ComparisonOperator.Equal;
        }

        return Compare(value, Operator, Literal, _regex);
    }

    /// <summary>Compares two non-nil values as TraceQL does; <paramref name="regex"/> is the compiled right side of =~ / !~.</summary>
    public static bool Compare(in StaticValue value, ComparisonOperator op, in StaticValue literal, Regex? regex)
    {
        if (regex is not null)
        {
            if (value.Kind != StaticKind.String)
            {
                return false;
            }

            return regex.IsMatch(value.String!) == (op == ComparisonOperator.Regex);
        }

        int cmp;
        if (value.IsNumeric && literal.IsNumeric)
        {
            cmp = value.AsDouble().CompareTo(literal.AsDouble());
        }
        else if (value.Kind != literal.Kind)
        {
            // Different types never match, except that != is true between them (a string is not the number 5).
            return op == ComparisonOperator.NotEqual;
        }
        else if (value.Kind == StaticKind.String)
        {
            cmp = string.CompareOrdinal(value.String, literal.String);
        }
        else
        {
            cmp = value.Int.CompareTo(literal.Int);
        }

        return op switch
        {
            ComparisonOperator.Equal => cmp == 0,
            ComparisonOperator.NotEqual => cmp != 0,
            ComparisonOperator.Greater => cmp > 0,
            ComparisonOperator.GreaterOrEqual => cmp >= 0,
            ComparisonOperator.Less => cmp < 0,
            _ => cmp <= 0,
        };
    }
}
