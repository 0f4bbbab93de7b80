namespace KafkaMetricsGen.Streams.Broker;

/// <summary>
/// Which transaction a batch belongs to when a producer died with its first Produce of a transaction in flight: the
/// broker wrote the records, but the proxy closed the connection with the client and never read the answer that
/// would have placed them.
/// </summary>
public sealed class TransactionVisibilityTests
{
    private const string Topic = "series-deltas";
    private const string TransactionalId = "app-1-thread-0";
    private const long Dead = 1000;
    private const long Successor = 2000;

    [Fact]
    public void Records_of_a_fenced_transaction_no_answer_placed_are_hidden_and_later_records_flow()
    {
        var visibility = new TransactionVisibility();
        Committed(visibility, Dead, at: 0);
        visibility.OnProduceSent(TransactionalId, Dead, Topic, 0);

        // The worker is killed; its successor (a new producer id, as the broker gives a new process) fences it.
        Fence(visibility);
        Committed(visibility, Successor, at: 10);

        Assert.Equal(TransactionVisibility.Visibility.Deliver, visibility.Decide(Topic, 0, Dead, 0));
        Assert.Equal(TransactionVisibility.Visibility.Hide, visibility.Decide(Topic, 0, Dead, 5));
        Assert.Equal(TransactionVisibility.Visibility.Deliver, visibility.Decide(Topic, 0, Successor, 10));
    }

    [Fact]
    public void A_fenced_first_transaction_no_answer_placed_is_hidden()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent(TransactionalId, Dead, Topic, 0);

        Fence(visibility);

        Assert.Equal(TransactionVisibility.Visibility.Hide, visibility.Decide(Topic, 0, Dead, 0));
    }

    [Fact]
    public void A_live_producer_whose_first_produce_is_unanswered_holds_readers_back_after_its_committed_records()
    {
        var visibility = new TransactionVisibility();
        Committed(visibility, Dead, at: 0);
        visibility.OnProduceSent(TransactionalId, Dead, Topic, 0);

        Assert.Equal(TransactionVisibility.Visibility.Deliver, visibility.Decide(Topic, 0, Dead, 0));
        Assert.Equal(TransactionVisibility.Visibility.Stop, visibility.Decide(Topic, 0, Dead, 5));

        visibility.OnProduceAnswered(Dead, Topic, 0, 5, succeeded: true);
        Assert.Equal(TransactionVisibility.Visibility.Stop, visibility.Decide(Topic, 0, Dead, 5));
        visibility.OnEnded(Dead, committed: true);
        Assert.Equal(TransactionVisibility.Visibility.Deliver, visibility.Decide(Topic, 0, Dead, 5));
    }

    [Fact]
    public void A_batch_of_an_aborted_transaction_past_its_last_answer_is_hidden()
    {
        var visibility = new TransactionVisibility();
        visibility.OnProduceSent(TransactionalId, Dead, Topic, 0);
        visibility.OnProduceAnswered(Dead, Topic, 0, 0, succeeded: true);
        visibility.OnProduceSent(TransactionalId, Dead, Topic, 0);
        Fence(visibility);

        Assert.Equal(TransactionVisibility.Visibility.Hide, visibility.Decide(Topic, 0, Dead, 0));
        Assert.Equal(TransactionVisibility.Visibility.Hide, visibility.Decide(Topic, 0, Dead, 4));
    }

    private static void Committed(TransactionVisibility visibility, long producerId, long at)
    {
        visibility.OnProduceSent(TransactionalId, producerId, Topic, 0);
        visibility.OnProduceAnswered(producerId, Topic, 0, at, succeeded: true);
        visibility.OnEnded(producerId, committed: true);
    }

    private static void Fence(TransactionVisibility visibility)
    {
        visibility.OnInitialising(TransactionalId);
        visibility.OnInitProducer(TransactionalId);
    }
}
