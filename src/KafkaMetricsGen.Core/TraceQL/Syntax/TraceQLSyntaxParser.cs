namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>
/// Parses the whole TraceQL language as Tempo's grammar (pkg/traceql/expr.y) accepts it: spanset filters with arithmetic,
/// nil checks and every scope; spanset and structural operators; pipelines with scalar filters, by(), coalesce() and
/// select(); metrics functions with second stages, filters and arithmetic; with() hints. Operators bind as in Tempo
/// (lowest first): <c>|</c>; <c>&amp;&amp; ||</c>; comparisons and structural operators; <c>+ -</c>; <c>!</c>;
/// <c>* / %</c>; <c>^</c> (right); unary minus. Each node is tagged with its grammar category and an operator only
/// combines the categories the grammar lets it. Nesting is limited to <see cref="MaxNesting"/>.
/// </summary>
public sealed partial class TraceQLSyntaxParser
{
    /// <summary>How deep parentheses and negations may nest; RE2 allows the same depth in a regex.</summary>
    public const int MaxNesting = 1000;

    private const int PrecPipe = 1;
    private const int PrecAndOr = 2;
    private const int PrecCompare = 3;
    private const int PrecAdd = 4;
    private const int PrecNot = 5;
    private const int PrecMul = 6;
    private const int PrecPow = 7;

    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        ">", "<", ">>", "<<", "~", "!~", "!>", "!<", "!>>", "!<<", "&>", "&<", "&~", "&>>", "&<<",
    };

    private static readonly HashSet<string> Comparisons = new(StringComparer.Ordinal) { "=", "!=", "<", "<=", ">", ">=" };

    private readonly string _text;
    private readonly List<SyntaxToken> _tokens;
    private int _index;
    private int _depth;

    private TraceQLSyntaxParser(string text)
    {
        _text = text;
        _tokens = new SyntaxLexer(text).Tokenize();
    }

    private SyntaxToken Current => _tokens[_index];

    /// <summary>The syntax tree of a query, or <see cref="TraceQLParseException"/> naming line and column.</summary>
    public static SyntaxNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TraceQLSyntaxParser(text).ParseRoot();
    }

    private TraceQLParseException Error(SyntaxToken at, string detail)
    {
        var (line, col) = SyntaxLexer.LineColumnOf(_text, at.Position);
        return new TraceQLParseException(line, col, detail);
    }

    private TraceQLParseException Unexpected(string expected) => Error(Current, $"unexpected {Current.Describe()}, expected {expected}");

    private SyntaxToken Expect(SyntaxTokenKind kind, string expected) =>
        Current.Kind == kind ? _tokens[_index++] : throw Unexpected(expected);

    private bool Accept(SyntaxTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        _index++;
        return true;
    }

    private bool IsWord(string word) => Current.Kind == SyntaxTokenKind.Word && Current.Text == word;

    private bool IsOperator(string op) => Current.Kind == SyntaxTokenKind.Operator && Current.Text == op;

    private void Enter()
    {
        if (++_depth > MaxNesting)
        {
            throw Error(Current, $"query nests more than {MaxNesting} parentheses or negations deep (the nesting limit)");
        }
    }

    private SyntaxNode ParseRoot()
    {
        if (Current.Kind == SyntaxTokenKind.End)
        {
            throw Error(Current, "empty query");
        }

        var start = Current;
        var body = ParseOuter(0);
        if (body.Category is not (SyntaxCategory.Spanset or SyntaxCategory.Pipeline or SyntaxCategory.ScalarFilter or SyntaxCategory.Group
            or SyntaxCategory.Select or SyntaxCategory.WrappedPipeline or SyntaxCategory.PipelineExpression or SyntaxCategory.ScalarPipelineFilter
            or SyntaxCategory.Metrics or SyntaxCategory.MetricsExpression))
        {
            throw Error(start, $"a query cannot be a bare {Describe(body)}");
        }

        var hints = new List<SyntaxNode>();
        while (IsWord("with"))
        {
            _index++;
            Expect(SyntaxTokenKind.OpenParen, "'(' after with");
            do
            {
                var name = Expect(SyntaxTokenKind.Word, "a hint name");
                if (!IsOperator("="))
                {
                    throw Unexpected("'=' after the hint name");
                }

                _index++;
                var value = ParseFieldPrimary();
                if (!value.IsStatic)
                {
                    throw Error(name, "a hint value must be a literal");
                }

                hints.Add(new SyntaxNode(SyntaxCategory.Hints, "=", [value]) { Text = name.Text });
            }
            while (Accept(SyntaxTokenKind.Comma));
            Expect(SyntaxTokenKind.CloseParen, "')' or ','");
        }

        Expect(SyntaxTokenKind.End, "end of query");
        return hints.Count == 0 ? body : body with { Children = [.. body.Children, new SyntaxNode(SyntaxCategory.Hints, "with", hints)] };
    }

    private static int OuterPrecedence(string op) => op switch
    {
        "|" => PrecPipe,
        "&&" or "||" => PrecAndOr,
        "+" or "-" => PrecAdd,
        "*" or "/" or "%" => PrecMul,
        "^" => PrecPow,
        "!" => -1,
        _ => PrecCompare,
    };

    private SyntaxNode ParseOuter(int minPrecedence)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var left = ParseOuterUnary();
        while (Current.Kind == SyntaxTokenKind.Operator)
        {
            var opToken = Current;
            var prec = OuterPrecedence(opToken.Text);
            if (prec < minPrecedence || prec < 0)
            {
                break;
            }

            _index++;
            var right = ParseOuter(opToken.Text == "^" ? prec : prec + 1);
            left = Combine(opToken, left, right);
        }

        return left;
    }

    private SyntaxNode ParseOuterUnary()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (IsOperator("-"))
        {
            var minus = Current;
            _index++;
            var operand = ParseOuterUnary();
            return operand.Category == SyntaxCategory.Scalar
                ? operand with { Text = "-" + operand.Text }
                : throw Error(minus, $"'-' cannot negate a {Describe(operand)}");
        }

        return ParseOuterPrimary();
    }

    private SyntaxNode ParseOuterPrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case SyntaxTokenKind.OpenBrace:
                return ParseSpansetFilter();
            case SyntaxTokenKind.OpenParen:
                Enter();
                _index++;
                var inner = ParseOuter(0);
                Expect(SyntaxTokenKind.CloseParen, "')'");
                _depth--;
                return Wrap(t, inner);
            case SyntaxTokenKind.Integer:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Scalar, t.Text, SyntaxType.Int) with { Number = t.Int };
            case SyntaxTokenKind.Float:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Scalar, t.Text, SyntaxType.Float);
            case SyntaxTokenKind.Duration:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Scalar, t.Text, SyntaxType.Duration);
            case SyntaxTokenKind.Word:
                return ParseFunction(t);
            default:
                throw Unexpected("a spanset filter '{', '(', a number or a function");
        }
    }

    private SyntaxNode ParseSpansetFilter()
    {
        Expect(SyntaxTokenKind.OpenBrace, "'{'");
        if (Accept(SyntaxTokenKind.CloseBrace))
        {
            return new SyntaxNode(SyntaxCategory.Spanset, "{}", []);
        }

        var field = ParseField(0);
        Expect(SyntaxTokenKind.CloseBrace, "'}' or an operator");
        return new SyntaxNode(SyntaxCategory.Spanset, "{}", [field]);
    }

    private SyntaxNode Wrap(SyntaxToken at, SyntaxNode inner) => inner.Category switch
    {
        SyntaxCategory.Spanset or SyntaxCategory.PipelineExpression or SyntaxCategory.Scalar or SyntaxCategory.Aggregate
            or SyntaxCategory.AggregateExpression or SyntaxCategory.ScalarPipelineExpression or SyntaxCategory.MetricsExpression
            or SyntaxCategory.WrappedPipeline => inner with { Wrapped = true },
        SyntaxCategory.Pipeline or SyntaxCategory.ScalarFilter or SyntaxCategory.Group or SyntaxCategory.Select =>
            new SyntaxNode(SyntaxCategory.WrappedPipeline, "()", [inner]) { Wrapped = true },
        SyntaxCategory.ScalarPipeline => new SyntaxNode(SyntaxCategory.ScalarPipelineExpression, "()", [inner]) { Wrapped = true },
        SyntaxCategory.Metrics => new SyntaxNode(SyntaxCategory.MetricsExpression, "()", [inner]) { Wrapped = true },
        _ => throw Error(at, $"a {Describe(inner)} cannot stand in parentheses"),
    };

    private static string Describe(SyntaxNode node) => node.Category switch
    {
        SyntaxCategory.Spanset => "spanset",
        SyntaxCategory.Pipeline or SyntaxCategory.WrappedPipeline => "spanset pipeline",
        SyntaxCategory.PipelineExpression => "spanset pipeline expression",
        SyntaxCategory.Aggregate or SyntaxCategory.AggregateExpression => "aggregate (" + node.Text + ")",
        SyntaxCategory.ScalarFilter => "scalar filter",
        SyntaxCategory.Scalar => "number",
        SyntaxCategory.ScalarPipeline => "scalar pipeline",
        SyntaxCategory.ScalarPipelineExpression => "scalar pipeline expression",
        SyntaxCategory.MetricsFunction => "metrics function " + node.Text + "()",
        SyntaxCategory.SecondStage => node.Text + "()",
        SyntaxCategory.Metrics or SyntaxCategory.MetricsExpression => "metrics query",
        _ => node.Category.ToString().ToLowerInvariant(),
    };
}
