using System.Globalization;

namespace KafkaMetricsGen.Core.Registry.Sanitizer;

/// <summary>
/// Tempo's DRAIN clustering of span names, with its default settings: a prefix tree keyed first by token count, then
/// by up to <see cref="MaxNodeDepth"/> leading tokens (tokens that look like data — hex with a digit, or more than a
/// quarter digits — and the children beyond <see cref="MaxChildren"/> go under the parameter); a name joins the most
/// similar cluster of its leaf when at least <see cref="SimilarityThreshold"/> of its tokens match, widening the
/// pattern, else it starts a new cluster. At most <see cref="MaxClusters"/> clusters are kept, least recently used
/// evicted first; <see cref="Prune"/> drops the tree's references to evicted ones. Names of fewer than
/// <see cref="MinTokens"/> or more than <see cref="MaxTokens"/> tokens are not clustered.
/// </summary>
internal sealed class Drain
{
    public const string Param = "<_>";
    public const int LogClusterDepth = 30;
    public const int MaxNodeDepth = LogClusterDepth - 2;
    public const double SimilarityThreshold = 0.3;
    public const int MaxChildren = 1000;
    public const int MinTokens = 3;
    public const int MaxTokens = 80;
    public const int MaxClusters = 100_000;

    private readonly Node _root = new();
    private readonly Dictionary<int, LinkedListNode<DrainCluster>> _clusters = [];
    private readonly LinkedList<DrainCluster> _recency = new();
    private readonly List<string> _tokens = [];
    private readonly int _maxClusters;
    private int _nextId;

    public Drain(int maxClusters = MaxClusters) => _maxClusters = maxClusters;

    public int ClusterCount => _clusters.Count;

    /// <summary>The cluster <paramref name="name"/> joins or starts; null when it is not clustered (token count out of range).</summary>
    public DrainCluster? Train(string name)
    {
        DrainTokenizer.Tokenize(name, _tokens);
        if (_tokens.Count < MinTokens || _tokens.Count > MaxTokens)
        {
            return null;
        }

        var cluster = FindMatch();
        if (cluster is null)
        {
            cluster = new DrainCluster(++_nextId, [.. _tokens]);
            AddToTree(cluster);
        }
        else
        {
            cluster.Ingest(_tokens);
        }

        Touch(cluster);
        return cluster;
    }

    /// <summary>The clusters kept, most recently used first.</summary>
    public IEnumerable<DrainCluster> Clusters => _recency;

    /// <summary>Nodes of the prefix tree, the root included.</summary>
    public int NodeCount() => Count(_root);

    /// <summary>Evicts a cluster as the cache does when it is full.</summary>
    public void Evict(int id)
    {
        if (_clusters.Remove(id, out var entry))
        {
            _recency.Remove(entry);
            entry.Value.Live = false;
        }
    }

    /// <summary>Removes tree branches that reference only evicted clusters.</summary>
    public void Prune() => Prune(_root);

    private int Prune(Node node)
    {
        foreach (var (key, child) in node.Children.ToArray())
        {
            if (Prune(child) == 0)
            {
                node.Children.Remove(key);
            }
        }

        node.ClusterIds.RemoveAll(id => !_clusters.ContainsKey(id));
        return node.Children.Count + node.ClusterIds.Count;
    }

    private static int Count(Node node)
    {
        var total = 1;
        foreach (var child in node.Children.Values)
        {
            total += Count(child);
        }

        return total;
    }

    private void Touch(DrainCluster cluster)
    {
        if (_clusters.TryGetValue(cluster.Id, out var entry))
        {
            _recency.Remove(entry);
            _recency.AddFirst(entry);
            return;
        }

        _clusters.Add(cluster.Id, _recency.AddFirst(cluster));
        if (_clusters.Count > _maxClusters)
        {
            Evict(_recency.Last!.Value.Id);
        }
    }

    private DrainCluster? FindMatch()
    {
        var count = _tokens.Count;
        if (!_root.Children.TryGetValue(count.ToString(CultureInfo.InvariantCulture), out var node))
        {
            return null;
        }

        var depth = 1;
        foreach (var token in _tokens)
        {
            if (depth >= MaxNodeDepth || depth == count)
            {
                break;
            }

            if (!node.Children.TryGetValue(Param, out var next) && !node.Children.TryGetValue(token, out next))
            {
                return null;
            }

            node = next;
            depth++;
        }

        // The most similar live cluster of the leaf; on a tie, the one with more parameters.
        DrainCluster? best = null;
        var bestSimilarity = -1.0;
        var bestParams = -1;
        foreach (var id in node.ClusterIds)
        {
            if (!_clusters.TryGetValue(id, out var entry))
            {
                continue;
            }

            var (similarity, parameters) = entry.Value.Distance(_tokens);
            if (similarity > bestSimilarity || (similarity == bestSimilarity && parameters > bestParams))
            {
                bestSimilarity = similarity;
                bestParams = parameters;
                best = entry.Value;
            }
        }

        return bestSimilarity < SimilarityThreshold ? null : best;
    }

    private void AddToTree(DrainCluster cluster)
    {
        var tokens = cluster.Tokens;
        var countKey = tokens.Length.ToString(CultureInfo.InvariantCulture);
        if (!_root.Children.TryGetValue(countKey, out var node))
        {
            node = new Node();
            _root.Children.Add(countKey, node);
        }

        var limit = Math.Min(MaxNodeDepth, tokens.Length);
        for (var depth = 1; depth < limit; depth++)
        {
            var token = tokens[depth - 1];
            if (IsLikelyData(token) || node.Children.Count + 1 >= MaxChildren)
            {
                token = Param;
            }

            if (!node.Children.TryGetValue(token, out var next))
            {
                next = new Node();
                node.Children.Add(token, next);
            }

            node = next;
        }

        node.ClusterIds.Add(cluster.Id);
    }

    /// <summary>Tempo's data heuristic: hex-or-punctuation with at least one digit, or more than a quarter digits.</summary>
    internal static bool IsLikelyData(string token)
    {
        var digits = 0;
        var hexLike = true;
        foreach (var c in token)
        {
            if (char.IsNumber(c))
            {
                digits++;
            }
            else if (!DrainTokenizer.IsHexDigit(c) && !char.IsPunctuation(c))
            {
                hexLike = false;
            }
        }

        return (hexLike && digits > 0) || digits > Math.Max(System.Text.Encoding.UTF8.GetByteCount(token) / 4, 1);
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public List<int> ClusterIds { get; } = [];
    }
}
