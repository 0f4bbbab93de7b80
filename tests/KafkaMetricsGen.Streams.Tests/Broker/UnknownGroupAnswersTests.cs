namespace KafkaMetricsGen.Streams.Broker;

public sealed class UnknownGroupAnswersTests
{
    private readonly TransactionalOffsetStatistics _statistics = new();

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_heartbeat_for_a_group_the_broker_does_not_know_is_answered_unknown_member_so_the_consumer_rejoins(short version)
    {
        var answers = new UnknownGroupAnswers(_statistics);
        answers.OnRequest(Heartbeat(version, correlationId: 9));
        var response = Response(version, correlationId: 9, KafkaProtocol.GroupIdNotFound);

        Assert.True(answers.IsPending(9));
        var answer = answers.Answer(response).ToArray();

        Assert.Equal(Response(version, correlationId: 9, KafkaProtocol.UnknownMemberId), answer);
        Assert.Equal(1, _statistics.UnknownGroupHeartbeats);
        Assert.False(answers.IsPending(9));
    }

    [Fact]
    public void Other_answers_and_responses_to_other_requests_go_through_unchanged()
    {
        var answers = new UnknownGroupAnswers(_statistics);
        answers.OnRequest(Heartbeat(4, correlationId: 3));
        var rebalancing = Response(4, correlationId: 3, error: 27);
        var unnoted = Response(4, correlationId: 4, KafkaProtocol.GroupIdNotFound);

        Assert.Same(rebalancing, MemoryMarshalArray(answers.Answer(rebalancing)));
        Assert.Same(unnoted, MemoryMarshalArray(answers.Answer(unnoted)));
        Assert.Equal(0, _statistics.UnknownGroupHeartbeats);
    }

    [Fact]
    public void A_membership_check_against_a_group_the_broker_does_not_know_refuses_as_unknown_member()
    {
        var frame = new KafkaFrameBuilder().Int32(-1).Int16(KafkaProtocol.GroupIdNotFound).ToFrame();

        Assert.Equal(KafkaProtocol.UnknownMemberId, GroupMembershipProbe.Refusal(frame));
    }

    private static byte[] MemoryMarshalArray(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : [];

    private static byte[] Heartbeat(short version, int correlationId) => new KafkaFrameBuilder()
        .RequestHeader(KafkaProtocol.HeartbeatApiKey, version, correlationId, "consumer", flexible: version >= 4)
        .String("group", flexible: version >= 4)
        .Int32(5)
        .String("member-1", flexible: version >= 4)
        .ToFrame();

    private static byte[] Response(short version, int correlationId, short error)
    {
        var builder = new KafkaFrameBuilder().Int32(correlationId);
        if (version >= 4)
        {
            builder.Tags();
        }

        if (version >= 1)
        {
            builder.Int32(0);
        }

        builder.Int16(error);
        if (version >= 4)
        {
            builder.Tags();
        }

        return builder.ToFrame();
    }
}
