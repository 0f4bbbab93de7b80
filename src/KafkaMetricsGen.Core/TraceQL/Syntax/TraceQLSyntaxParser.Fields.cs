namespace KafkaMetricsGen.Core.TraceQL.Syntax;

/// <summary>Field expressions inside <c>{ }</c> and as arguments of aggregates and by().</summary>
public sealed partial class TraceQLSyntaxParser
{
    private static int FieldPrecedence(string op) => op switch
    {
        "&&" or "||" => PrecAndOr,
        "=" or "!=" or "<" or "<=" or ">" or ">=" or "=~" or "!~" => PrecCompare,
        "+" or "-" => PrecAdd,
        "*" or "/" or "%" => PrecMul,
        "^" => PrecPow,
        _ => -1,
    };

    private SyntaxNode ParseField(int minPrecedence)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var left = ParseFieldUnary();
        List<SyntaxNode>? run = null;
        string? runOp = null;
        while (Current.Kind == SyntaxTokenKind.Operator)
        {
            var opToken = Current;
            var prec = FieldPrecedence(opToken.Text);
            if (prec < 0)
            {
                throw Error(opToken, $"'{opToken.Text}' is not an operator inside a spanset filter");
            }

            if (prec < minPrecedence)
            {
                break;
            }

            _index++;
            var right = ParseField(opToken.Text == "^" ? prec : prec + 1);
            if (opToken.Text is "&&" or "||")
            {
                // A run of one logical operator becomes a balanced tree (same meaning, log2(n) deep).
                if (runOp != opToken.Text)
                {
                    left = Flush(left, run, runOp);
                    run = [left];
                    runOp = opToken.Text;
                }

                run!.Add(right);
                continue;
            }

            left = FieldBinary(opToken, Flush(left, run, runOp), right);
            run = null;
            runOp = null;
        }

        return Flush(left, run, runOp);
    }

    private static SyntaxNode Flush(SyntaxNode left, List<SyntaxNode>? run, string? op) =>
        run is null || op is null ? left : Balanced(run, 0, run.Count, op);

    private static SyntaxNode Balanced(List<SyntaxNode> operands, int from, int to, string op)
    {
        if (to - from == 1)
        {
            return operands[from];
        }

        var middle = from + ((to - from) / 2);
        return new SyntaxNode(SyntaxCategory.Field, op, [Balanced(operands, from, middle, op), Balanced(operands, middle, to, op)]);
    }

    private SyntaxNode FieldBinary(SyntaxToken opToken, SyntaxNode left, SyntaxNode right)
    {
        var op = opToken.Text;
        var leftNil = left.Type == SyntaxType.Nil && left.Children.Count == 0;
        var rightNil = right.Type == SyntaxType.Nil && right.Children.Count == 0;
        if (leftNil || rightNil)
        {
            if (op is not ("=" or "!="))
            {
                throw Error(opToken, "nil can only be compared with = or !=");
            }

            if (leftNil != rightNil)
            {
                // x = nil: the attribute does not exist; x != nil: it does.
                var operand = leftNil ? right : left;
                return new SyntaxNode(SyntaxCategory.Field, op == "=" ? "notexists" : "exists", [operand]) { Type = SyntaxType.Boolean };
            }
        }

        return new SyntaxNode(SyntaxCategory.Field, op, [left, right]) { Type = SyntaxType.Attribute };
    }

    private SyntaxNode ParseFieldUnary()
    {
        if (Current.Kind == SyntaxTokenKind.Operator && Current.Text is "!" or "-")
        {
            var op = Current.Text;
            Enter();
            _index++;
            var operand = ParseField(PrecMul);
            _depth--;
            return new SyntaxNode(SyntaxCategory.Field, op == "!" ? "not" : "neg", [operand]);
        }

        return ParseFieldPrimary();
    }

    private SyntaxNode ParseFieldPrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case SyntaxTokenKind.OpenParen:
                Enter();
                _index++;
                var inner = ParseField(0);
                Expect(SyntaxTokenKind.CloseParen, "')' or an operator");
                _depth--;
                return inner;
            case SyntaxTokenKind.String:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Field, t.Text, SyntaxType.String) with { IsStatic = true };
            case SyntaxTokenKind.Integer:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Field, t.Text, SyntaxType.Int) with { IsStatic = true };
            case SyntaxTokenKind.Float:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Field, t.Text, SyntaxType.Float) with { IsStatic = true };
            case SyntaxTokenKind.Duration:
                _index++;
                return SyntaxNode.Leaf(SyntaxCategory.Field, t.Text, SyntaxType.Duration) with { IsStatic = true };
            case SyntaxTokenKind.Attribute:
                _index++;
                return AttributeNode(t);
            case SyntaxTokenKind.Word:
                _index++;
                if (SyntaxIntrinsics.TryGet(t.Text, out var intrinsic))
                {
                    return IntrinsicNode(t.Text, intrinsic);
                }

                var literal = t.Text switch
                {
                    "true" or "false" => SyntaxType.Boolean,
                    "nil" => SyntaxType.Nil,
                    "ok" or "error" or "unset" => SyntaxType.Status,
                    "unspecified" or "internal" or "server" or "client" or "producer" or "consumer" => SyntaxType.Kind,
                    "minInt" or "maxInt" => SyntaxType.Int,
                    _ => throw Error(t, $"unknown identifier: {t.Text}"),
                };
                return SyntaxNode.Leaf(SyntaxCategory.Field, t.Text, literal) with { IsStatic = true };
            default:
                throw Unexpected("a value, attribute or intrinsic");
        }
    }
}
