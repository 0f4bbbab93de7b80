using System.Globalization;
using KafkaMetricsGen.Core.TraceQL.Syntax;

namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>The metrics part: <c>spansets | fn(...) by (...) [| topk(n) | bottomk(n)]</c>.</summary>
public static partial class TraceQLCompiler
{
    private static (SyntaxNode Spanset, MetricsPipeline Pipeline) Metrics(SyntaxNode node)
    {
        if (node.Op != "|")
        {
            throw Unsupported($"the metrics filter '{node.Op}'");
        }

        SecondStage? second = null;
        if (node.Children[1].Category == SyntaxCategory.SecondStage)
        {
            var stage = node.Children[1];
            if (stage.Children.Count > 0)
            {
                throw Unsupported($"a filter after {stage.Text}()");
            }

            second = new SecondStage(stage.Text == TraceQLKeywords.TopK, (int)Math.Min(stage.Number, int.MaxValue));
            node = node.Children[0];
            if (node.Category != SyntaxCategory.Metrics || node.Op != "|" || node.Children[1].Category != SyntaxCategory.MetricsFunction)
            {
                throw Unsupported(node.Category == SyntaxCategory.Metrics && node.Op == "|" ? "more than one second stage (topk/bottomk)" : "a second stage after metrics arithmetic or filters");
            }
        }

        return (node.Children[0], Function(node.Children[1]) with { Second = second });
    }

    private static MetricsPipeline Function(SyntaxNode fn)
    {
        if (fn.Op == TraceQLKeywords.Compare)
        {
            return CompareFunction(fn);
        }

        var function = fn.Op switch
        {
            TraceQLKeywords.Rate => MetricsFunction.Rate,
            TraceQLKeywords.CountOverTime => MetricsFunction.CountOverTime,
            TraceQLKeywords.SumOverTime => MetricsFunction.SumOverTime,
            TraceQLKeywords.AvgOverTime => MetricsFunction.AvgOverTime,
            TraceQLKeywords.MinOverTime => MetricsFunction.MinOverTime,
            TraceQLKeywords.MaxOverTime => MetricsFunction.MaxOverTime,
            TraceQLKeywords.QuantileOverTime => MetricsFunction.QuantileOverTime,
            TraceQLKeywords.HistogramOverTime => MetricsFunction.HistogramOverTime,
            _ => throw Unsupported($"{fn.Op}()"),
        };
        FieldRef? attribute = null;
        var quantiles = new List<double>();
        var by = new List<FieldRef>();
        foreach (var child in fn.Children)
        {
            switch (child.Category)
            {
                case SyntaxCategory.Field:
                    attribute = Field(child);
                    break;
                case SyntaxCategory.Scalar when child.Op.Length > 0 && child.Children.Count == 1:
                    throw Unsupported($"the metrics filter '{child.Op} {child.Children[0].Text}'");
                case SyntaxCategory.Scalar:
                    var q = double.Parse(child.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (q is < 0 or > 1)
                    {
                        throw new TraceQLValidationException($"quantile {child.Text} is outside [0, 1]");
                    }

                    quantiles.Add(q);
                    break;
                case SyntaxCategory.Group:
                    foreach (var b in child.Children)
                    {
                        by.Add(Field(b));
                    }

                    break;
            }
        }

        var max = function is MetricsFunction.QuantileOverTime or MetricsFunction.HistogramOverTime ? MaxGroupBys - 1 : MaxGroupBys;
        if (by.Count > max)
        {
            throw new TraceQLValidationException($"{fn.Op} allows at most {max} group-bys, got {by.Count}");
        }

        return new MetricsPipeline(function, fn.Op, attribute, quantiles, by, null);
    }

    private static MetricsPipeline CompareFunction(SyntaxNode fn)
    {
        var numbers = fn.Children.Skip(1).Select(c => c.Number).ToArray();
        var topN = numbers.Length > 0 ? numbers[0] : CompareSpec.DefaultTopN;
        long start = numbers.Length > 2 ? numbers[1] : 0, end = numbers.Length > 2 ? numbers[2] : 0;
        if (topN <= 0)
        {
            throw new TraceQLValidationException("compare() top number of values must be integer greater than 0");
        }

        if (start != 0 || end != 0)
        {
            if (start <= 0 || end <= 0)
            {
                throw new TraceQLValidationException("compare() timestamps must be positive integer unix nanoseconds");
            }

            if (end <= start)
            {
                throw new TraceQLValidationException("compare() end timestamp must be greater than start timestamp");
            }
        }

        var spec = new CompareSpec(SpansetFilter(fn.Children[0]), (int)Math.Min(topN, int.MaxValue), (ulong)start, (ulong)end);
        return new MetricsPipeline(MetricsFunction.Compare, fn.Op, null, [], [], null) { Compare = spec };
    }
}
