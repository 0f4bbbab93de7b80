namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// Recursive-descent parser for the TraceQL subset this service evaluates:
/// <c>{ filter } [| fn(...) [by (...)] [| topk(n) | bottomk(n)]]</c>. Errors name the line and column.
/// </summary>
public sealed class TraceQLParser
{
    /// <summary>Tempo allows at most 5 group-bys; histogram and quantile use one slot for the bucket.</summary>
    public const int MaxGroupBys = 5;

    /// <summary>How deep parentheses and negations may nest; RE2 allows the same depth in a regex.</summary>
    public const int MaxNesting = 1000;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private TraceQLParser(string text)
    {
        _text = text;
        _tokens = new TraceQLLexer(text).Tokenize();
    }

    public static TraceQLQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TraceQLParser(text).ParseQuery();
    }

    /// <summary>
    /// One field as a tag lookup names it: <c>span.x</c>, <c>resource.x</c>, <c>.x</c>, an intrinsic, or a bare name
    /// (an unscoped attribute).
    /// </summary>
    public static FieldRef ParseField(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TraceQLParser(text);
        var first = parser.Current;
        var field = TryField(first)
            ?? (first.Kind == TokenKind.Word ? new FieldRef(AttributeScope.None, Intrinsic.None, first.Text, "." + first.Text) : throw parser.Unexpected("an attribute or intrinsic"));
        parser._index++;
        parser.Expect(TokenKind.End, "end of the tag name");
        return field;
    }

    private Token Current => _tokens[_index];

    private TraceQLParseException Error(Token at, string detail)
    {
        var (line, col) = TraceQLLexer.LineColumnOf(_text, at.Position);
        return new TraceQLParseException(line, col, detail);
    }

    private TraceQLParseException Unexpected(string expected) => Error(Current, $"unexpected {Current.Describe()}, expected {expected}");

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(expected);
        }

        return _tokens[_index++];
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        _index++;
        return true;
    }

    private TraceQLQuery ParseQuery()
    {
        if (Current.Kind == TokenKind.End)
        {
            throw Error(Current, "empty query");
        }

        Expect(TokenKind.OpenBrace, "'{'");
        SpanFilter filter = MatchAllFilter.Instance;
        if (Current.Kind != TokenKind.CloseBrace)
        {
            filter = ParseOr();
        }

        Expect(TokenKind.CloseBrace, "'}' or '&&' or '||'");
        MetricsPipeline? metrics = null;
        if (Accept(TokenKind.Pipe))
        {
            metrics = ParseMetrics();
        }

        uint? exemplars = null;
        while (Current.Kind == TokenKind.Word && Current.Text == TraceQLKeywords.With)
        {
            _index++;
            exemplars = ParseHints() ?? exemplars;
        }

        Expect(TokenKind.End, "end of query or '|'");
        return new TraceQLQuery(filter, metrics) { ExemplarsHint = exemplars };
    }

    /// <summary><c>with(exemplars=N|true|false, sample=true|false|0.1)</c>; sampling is accepted and the answer stays exact.</summary>
    private uint? ParseHints()
    {
        uint? exemplars = null;
        Expect(TokenKind.OpenParen, "'(' after with");
        do
        {
            var name = Expect(TokenKind.Word, "a hint name");
            if (Current.Kind != TokenKind.Operator || Current.Text != "=")
            {
                throw Unexpected("'='");
            }

            _index++;
            var valueToken = Current;
            var value = ParseLiteral();
            switch (name.Text)
            {
                case TraceQLKeywords.ExemplarsHint when value.Kind == StaticKind.Int && value.Int >= 0:
                    exemplars = (uint)Math.Min(value.Int, uint.MaxValue);
                    break;
                case TraceQLKeywords.ExemplarsHint when value.Kind == StaticKind.Bool:
                    exemplars = value.Int != 0 ? null : 0;
                    break;
                case TraceQLKeywords.ExemplarsHint:
                    throw Error(valueToken, "the exemplars hint takes a count or true/false");
                case TraceQLKeywords.SampleHint when value.Kind == StaticKind.Bool || (value.IsNumeric && value.AsDouble() is > 0 and <= 1):
                    break;
                case TraceQLKeywords.SampleHint:
                    throw Error(valueToken, "the sample hint takes true/false or a fraction in (0, 1]");
                default:
                    throw Error(name, $"unsupported hint '{name.Text}' (exemplars and sample are evaluated)");
            }
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.CloseParen, "')' or ','");
        return exemplars;
    }

    /// <summary>
    /// <c>&amp;&amp;</c> and <c>||</c> bind equally and from the left, as in Tempo's grammar: <c>a || b &amp;&amp; c</c> is
    /// <c>(a || b) &amp;&amp; c</c>. Runs of one operator become balanced trees.
    /// </summary>
    private SpanFilter ParseOr()
    {
        var left = ParseUnary();
        var run = new List<SpanFilter> { left };
        var runIsAnd = false;
        while (Current.Kind is TokenKind.And or TokenKind.Or)
        {
            var isAnd = Current.Kind == TokenKind.And;
            _index++;
            if (run.Count > 1 && isAnd != runIsAnd)
            {
                run = [Balanced(run, 0, run.Count, runIsAnd)];
            }

            runIsAnd = isAnd;
            run.Add(ParseUnary());
        }

        return run.Count == 1 ? run[0] : Balanced(run, 0, run.Count, runIsAnd);
    }

    /// <summary>
    /// A chain of the same operator as a balanced tree: the order of evaluation is kept (both operators are associative
    /// and short-circuit left to right), but a long chain (a 1 MB query) is log2(n) deep, not n.
    /// </summary>
    private static SpanFilter Balanced(List<SpanFilter> operands, int from, int to, bool isAnd)
    {
        if (to - from == 1)
        {
            return operands[from];
        }

        var middle = from + ((to - from) / 2);
        return new LogicalFilter(Balanced(operands, from, middle, isAnd), Balanced(operands, middle, to, isAnd), isAnd);
    }

    private SpanFilter ParseUnary()
    {
        var start = Current;
        if (start.Kind is not (TokenKind.Not or TokenKind.OpenParen))
        {
            return ParseComparison();
        }

        if (++_depth > MaxNesting)
        {
            throw Error(start, $"query nests more than {MaxNesting} parentheses or negations deep (the nesting limit)");
        }

        try
        {
            if (Accept(TokenKind.Not))
            {
                return new NotFilter(ParseUnary());
            }

            Expect(TokenKind.OpenParen, "'('");
            var inner = ParseOr();
            Expect(TokenKind.CloseParen, "')'");
            return inner;
        }
        finally
        {
            _depth--;
        }
    }

    private SpanFilter ParseComparison()
    {
        if (Current.Kind == TokenKind.Word && Current.Text is "true" or "false"
            && _tokens[_index + 1].Kind is not TokenKind.Operator)
        {
            return _tokens[_index++].Text == "true" ? ConstantFilter.True : ConstantFilter.False;
        }

        var fieldToken = Current;
        var field = TryField(fieldToken) ?? throw Unexpected("an attribute or intrinsic");
        _index++;
        var opToken = Current;
        if (opToken.Kind != TokenKind.Operator)
        {
            throw Unexpected("a comparison operator");
        }

        _index++;
        var op = opToken.Text switch
        {
            "=" => ComparisonOperator.Equal,
            "!=" => ComparisonOperator.NotEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            "=~" => ComparisonOperator.Regex,
            "!~" => ComparisonOperator.NotRegex,
            _ => throw Error(opToken, $"unknown operator '{opToken.Text}'"),
        };
        var literalToken = Current;
        var literal = ParseLiteral();
        if (op is ComparisonOperator.Regex or ComparisonOperator.NotRegex && literal.Kind != StaticKind.String)
        {
            throw Error(literalToken, "a regular expression must be a string");
        }

        if (op is ComparisonOperator.Regex or ComparisonOperator.NotRegex)
        {
            try
            {
                return new ComparisonFilter(field, op, literal);
            }
            catch (ArgumentException e)
            {
                throw Error(literalToken, e.Message);
            }
        }

        return new ComparisonFilter(field, op, literal);
    }

    private StaticValue ParseLiteral()
    {
        var t = Current;
        _index++;
        switch (t.Kind)
        {
            case TokenKind.String: return StaticValue.OfString(t.Text);
            case TokenKind.Integer: return StaticValue.OfInt(t.Int);
            case TokenKind.Float: return StaticValue.OfFloat(t.Number);
            case TokenKind.Duration: return StaticValue.OfDuration(t.Int);
            case TokenKind.Word when TraceQLKeywords.TryLiteral(t.Text, out var v): return v;
            default:
                _index--;
                throw Unexpected("a value (string, number, duration, true/false, status or kind)");
        }
    }

    private static FieldRef? TryField(Token t)
    {
        if (t.Kind == TokenKind.Attribute)
        {
            var text = t.Scope switch
            {
                AttributeScope.Span => "span." + t.Text,
                AttributeScope.Resource => "resource." + t.Text,
                _ => "." + t.Text,
            };
            return new FieldRef(t.Scope, Intrinsic.None, string.Intern(t.Text), text);
        }

        if (t.Kind == TokenKind.Word && TraceQLKeywords.TryIntrinsic(t.Text, out var intrinsic))
        {
            return FieldRef.ForIntrinsic(intrinsic, t.Text);
        }

        return null;
    }

    private MetricsPipeline ParseMetrics()
    {
        var fnToken = Expect(TokenKind.Word, "a metrics function");
        var function = fnToken.Text switch
        {
            TraceQLKeywords.Rate => MetricsFunction.Rate,
            TraceQLKeywords.CountOverTime => MetricsFunction.CountOverTime,
            TraceQLKeywords.SumOverTime => MetricsFunction.SumOverTime,
            TraceQLKeywords.AvgOverTime => MetricsFunction.AvgOverTime,
            TraceQLKeywords.MinOverTime => MetricsFunction.MinOverTime,
            TraceQLKeywords.MaxOverTime => MetricsFunction.MaxOverTime,
            TraceQLKeywords.QuantileOverTime => MetricsFunction.QuantileOverTime,
            TraceQLKeywords.HistogramOverTime => MetricsFunction.HistogramOverTime,
            _ => throw Error(fnToken, $"unknown metrics function '{fnToken.Text}'"),
        };
        Expect(TokenKind.OpenParen, "'('");
        FieldRef? attribute = null;
        var quantiles = new List<double>();
        if (function is not (MetricsFunction.Rate or MetricsFunction.CountOverTime))
        {
            attribute = TryField(Current) ?? throw Unexpected("an attribute or intrinsic");
            _index++;
            if (function == MetricsFunction.QuantileOverTime)
            {
                while (Accept(TokenKind.Comma))
                {
                    var q = Current;
                    if (q.Kind is not (TokenKind.Integer or TokenKind.Float))
                    {
                        throw Unexpected("a quantile between 0 and 1");
                    }

                    _index++;
                    if (q.Number is < 0 or > 1)
                    {
                        throw Error(q, $"quantile {q.Text} is outside [0, 1]");
                    }

                    quantiles.Add(q.Number);
                }

                if (quantiles.Count == 0)
                {
                    throw Unexpected("',' and at least one quantile");
                }
            }
        }

        Expect(TokenKind.CloseParen, "')'");
        var by = new List<FieldRef>();
        if (Current.Kind == TokenKind.Word && Current.Text == TraceQLKeywords.By)
        {
            _index++;
            Expect(TokenKind.OpenParen, "'('");
            do
            {
                by.Add(TryField(Current) ?? throw Unexpected("an attribute or intrinsic"));
                _index++;
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.CloseParen, "')' or ','");
            var max = function is MetricsFunction.QuantileOverTime or MetricsFunction.HistogramOverTime ? MaxGroupBys - 1 : MaxGroupBys;
            if (by.Count > max)
            {
                throw Error(fnToken, $"{fnToken.Text} allows at most {max} group-bys, got {by.Count}");
            }
        }

        SecondStage? second = null;
        if (Accept(TokenKind.Pipe))
        {
            var t = Expect(TokenKind.Word, "topk or bottomk");
            if (t.Text is not (TraceQLKeywords.TopK or TraceQLKeywords.BottomK))
            {
                throw Error(t, $"unknown second-stage function '{t.Text}', expected topk or bottomk");
            }

            Expect(TokenKind.OpenParen, "'('");
            var n = Expect(TokenKind.Integer, "a positive integer");
            if (n.Int <= 0)
            {
                throw Error(n, $"{t.Text} needs a positive integer, got {n.Text}");
            }

            Expect(TokenKind.CloseParen, "')'");
            second = new SecondStage(t.Text == TraceQLKeywords.TopK, (int)Math.Min(n.Int, int.MaxValue));
        }

        return new MetricsPipeline(function, fnToken.Text, attribute, quantiles, by, second);
    }
}
