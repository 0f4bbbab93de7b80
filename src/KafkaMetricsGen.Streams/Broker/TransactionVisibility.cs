namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// What a real broker's transaction coordinator knows and the mock does not act on: where each transaction's records
/// start in each partition and how it ended. Shared by every proxy of one cluster. A transaction opens with its first
/// transactional Produce to a partition (its first offset comes with the answer), closes with the answer to its
/// EndTxn, and is aborted when its transactional id is initialised again (a restarted producer fences the old one,
/// whose open transaction a real broker then aborts). read_committed fetches ask <see cref="Decide"/> per batch.
/// </summary>
internal sealed class TransactionVisibility
{
    private const long UnknownOffset = -1;

    private readonly Lock _gate = new();

    // Per partition and producer id, that producer's transactions there, in the order they started.
    private readonly Dictionary<(string Topic, int Partition), Dictionary<long, List<Transaction>>> _partitions = [];

    // The open transaction of each producer id: the partitions it wrote so far.
    private readonly Dictionary<long, Dictionary<(string Topic, int Partition), Transaction>> _open = [];

    private readonly Dictionary<string, long> _producerOf = new(StringComparer.Ordinal);

    // Transactional ids some producer initialised on this broker (the mock knows exactly these).
    private readonly HashSet<string> _initialised = new(StringComparer.Ordinal);

    // The producer id and epoch the broker last gave each transactional id (its InitProducerId answers).
    private readonly Dictionary<string, (long ProducerId, short Epoch)> _current = new(StringComparer.Ordinal);

    private bool _hasTransactions;

    /// <summary>What a read_committed reader gets of one batch.</summary>
    public enum Visibility
    {
        /// <summary>Committed, or not transactional: delivered.</summary>
        Deliver,

        /// <summary>Part of an aborted transaction: delivered without its records, so the reader moves past it.</summary>
        Hide,

        /// <summary>Part of a transaction still open (or not placed yet): neither it nor anything after it yet.</summary>
        Stop,
    }

    /// <summary>
    /// The partitions that hold records of a transaction still open, as <c>topic/partition</c>: a read_committed reader
    /// of one of them waits until that transaction ends.
    /// </summary>
    public IReadOnlyList<string> OpenPartitions()
    {
        lock (_gate)
        {
            var partitions = new List<string>();
            foreach (var open in _open.Values)
            {
                foreach (var (topic, partition) in open.Keys)
                {
                    partitions.Add(topic + "/" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return partitions;
        }
    }

    /// <summary>
    /// True once a transactional Produce was on its way to the broker. Before that no log holds a transactional batch,
    /// so a read_committed reader is delivered every batch as the broker wrote it. The proxy notes a Produce before it
    /// forwards it, so a response written after the broker took one finds this already true.
    /// </summary>
    public bool HasTransactions => Volatile.Read(ref _hasTransactions);

    /// <summary>Committed transactions with records so far.</summary>
    public long Committed { get; private set; }

    /// <summary>Aborted transactions so far (by EndTxn or by fencing).</summary>
    public long Aborted { get; private set; }

    /// <summary>Transactions aborted because their producer was initialised again before it ended them.</summary>
    public long Fenced { get; private set; }

    /// <summary>A transactional Produce to a partition is on its way to the broker.</summary>
    public void OnProduceSent(string transactionalId, long producerId, string topic, int partition)
    {
        lock (_gate)
        {
            Volatile.Write(ref _hasTransactions, true);
            _producerOf[transactionalId] = producerId;
            if (!_open.TryGetValue(producerId, out var open))
            {
                open = [];
                _open.Add(producerId, open);
            }

            if (!open.TryGetValue((topic, partition), out var transaction))
            {
                transaction = new Transaction();
                open.Add((topic, partition), transaction);
                var byProducer = Partition(topic, partition);
                if (!byProducer.TryGetValue(producerId, out var list))
                {
                    list = [];
                    byProducer.Add(producerId, list);
                }

                list.Add(transaction);
            }

            transaction.InFlight++;
        }
    }

    /// <summary>The broker answered a transactional Produce: where its records start, or that it failed.</summary>
    public void OnProduceAnswered(long producerId, string topic, int partition, long baseOffset, bool succeeded)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(producerId, out var open) || !open.TryGetValue((topic, partition), out var transaction))
            {
                return;
            }

            transaction.InFlight--;
            if (succeeded && baseOffset >= 0)
            {
                transaction.First = transaction.First == UnknownOffset ? baseOffset : Math.Min(transaction.First, baseOffset);
                transaction.Last = Math.Max(transaction.Last, baseOffset);
            }
            else if (transaction.First == UnknownOffset && transaction.InFlight == 0)
            {
                // Nothing of it reached the log: it is no transaction in this partition.
                open.Remove((topic, partition));
                _partitions[(topic, partition)][producerId].Remove(transaction);
            }
        }
    }

    /// <summary>The broker accepted an EndTxn: the producer's open transaction is committed or aborted.</summary>
    public void OnEnded(long producerId, bool committed) => End(producerId, committed ? State.Committed : State.Aborted, fenced: false);

    /// <summary>
    /// Notes that a producer initialises this transactional id; false the first time this broker sees it. Kafka keeps
    /// no producer of an id it never saw, so it answers a first InitProducerId that names an earlier producer (a client
    /// that met a restarted broker) with a new producer id instead of fencing it.
    /// </summary>
    public bool OnInitialising(string transactionalId)
    {
        lock (_gate)
        {
            return !_initialised.Add(transactionalId);
        }
    }

    /// <summary>The broker answered an InitProducerId of this transactional id with this producer id and epoch.</summary>
    public void OnProducerInitialised(string transactionalId, long producerId, short epoch)
    {
        lock (_gate)
        {
            _current[transactionalId] = (producerId, epoch);
        }
    }

    /// <summary>
    /// True when a request of this producer id and epoch comes from a producer that a later InitProducerId of its
    /// transactional id fenced: Kafka answers it PRODUCER_FENCED, while the mock would go on serving it.
    /// </summary>
    public bool IsFenced(string transactionalId, long producerId, short epoch)
    {
        lock (_gate)
        {
            return _current.TryGetValue(transactionalId, out var current) && (current.ProducerId != producerId || current.Epoch > epoch);
        }
    }

    /// <summary>A producer initialises this transactional id: a transaction its previous producer left open is aborted.</summary>
    public void OnInitProducer(string transactionalId)
    {
        long producerId;
        lock (_gate)
        {
            if (!_producerOf.TryGetValue(transactionalId, out producerId))
            {
                return;
            }
        }

        End(producerId, State.Aborted, fenced: true);
    }

    /// <summary>What a read_committed reader gets of a transactional data batch of this producer at this offset.</summary>
    public Visibility Decide(string topic, int partition, long producerId, long baseOffset)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue((topic, partition), out var byProducer) || !byProducer.TryGetValue(producerId, out var list))
            {
                return Visibility.Deliver;
            }

            // A producer's transactions in a partition are sequential, in the list's order. The batch belongs to the
            // last placed one starting at or before it, unless it lies past that one's last known batch and a
            // transaction follows whose first offset never became known: a producer that died (or whose
            // connection closed) with its first Produce of a transaction in flight left records in the log that no
            // answer placed. Such a batch belongs to that transaction, which its fencing aborts.
            Transaction? owner = null;
            Transaction? unplaced = null;
            foreach (var t in list)
            {
                if (t.First == UnknownOffset)
                {
                    if (owner is null || baseOffset > owner.Last)
                    {
                        unplaced = t;
                    }
                }
                else if (t.First <= baseOffset)
                {
                    owner = t;
                    unplaced = null;
                }
                else
                {
                    break;
                }
            }

            return (unplaced ?? owner)?.State switch
            {
                null or State.Committed => Visibility.Deliver,
                State.Aborted => Visibility.Hide,
                _ => Visibility.Stop,
            };
        }
    }

    private void End(long producerId, State outcome, bool fenced)
    {
        lock (_gate)
        {
            if (!_open.Remove(producerId, out var open) || open.Count == 0)
            {
                return;
            }

            foreach (var transaction in open.Values)
            {
                transaction.State = outcome;
            }

            if (outcome == State.Committed)
            {
                Committed++;
            }
            else if (outcome == State.Aborted)
            {
                Aborted++;
                if (fenced)
                {
                    Fenced++;
                }
            }
        }
    }

    private Dictionary<long, List<Transaction>> Partition(string topic, int partition)
    {
        if (!_partitions.TryGetValue((topic, partition), out var byProducer))
        {
            byProducer = [];
            _partitions.Add((topic, partition), byProducer);
        }

        return byProducer;
    }

    private enum State
    {
        Open,
        Committed,
        Aborted,
    }

    private sealed class Transaction
    {
        public long First { get; set; } = UnknownOffset;

        /// <summary>The base offset of its last batch an answer placed.</summary>
        public long Last { get; set; } = UnknownOffset;

        public int InFlight { get; set; }

        public State State { get; set; } = State.Open;
    }
}
