namespace KafkaMetricsGen.Streams.Broker;

public sealed class TransactionRequestParserTests
{
    private const short TxnOffsetCommitKey = 28;
    private const short EndTxnKey = 26;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_every_field_of_TxnOffsetCommit_in_each_version_the_mock_serves(short version)
    {
        var request = TransactionRequestParser.ParseTxnOffsetCommit(TransactionFrames.TxnOffsetCommit(version));

        Assert.Equal(version, request.ApiVersion);
        Assert.Equal("txn-1", request.TransactionalId);
        Assert.Equal("group-1", request.GroupId);
        Assert.Equal(1234L, request.ProducerId);
        Assert.Equal((short)5, request.ProducerEpoch);
        Assert.Equal(version >= 3 ? 7 : -1, request.GenerationId);
        Assert.Equal(version >= 3 ? "member-1" : string.Empty, request.MemberId);
        Assert.Equal(version >= 3 ? "instance-1" : null, request.GroupInstanceId);
        var epoch = version >= 2 ? 9 : -1;
        Assert.Equal(
            [new("a", 0, 100, epoch, "m0"), new("a", 1, 200, epoch, null), new CommittedOffset("b", 3, 300, epoch, string.Empty)],
            request.Offsets);
    }

    [Fact]
    public void Skips_unknown_tagged_fields_of_a_flexible_TxnOffsetCommit()
    {
        var request = TransactionRequestParser.ParseTxnOffsetCommit(TransactionFrames.TxnOffsetCommit(3, withUnknownTags: true));

        Assert.Equal("member-1", request.MemberId);
        Assert.Equal(3, request.Offsets.Count);
        Assert.Equal(300L, request.Offsets[2].Offset);
    }

    [Fact]
    public void Reads_an_EndTxn_v1_written_out_byte_by_byte()
    {
        byte[] frame =
        [
            0, 0, 0, 31,
            0, 26, 0, 1, 0, 0, 0, 42, 0, 3, (byte)'c', (byte)'l', (byte)'i',
            0, 5, (byte)'t', (byte)'x', (byte)'n', (byte)'-', (byte)'1',
            0, 0, 0, 0, 0, 0, 0x04, 0xD2,
            0, 5,
            1,
        ];

        Assert.Equal(new EndTxnRequest(1, "txn-1", 1234, 5, Committed: true), TransactionRequestParser.ParseEndTxn(frame));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1, false)]
    public void Reads_EndTxn_v0_and_v1_commits_and_aborts(short version, bool committed)
    {
        var frame = new KafkaFrameBuilder()
            .RequestHeader(EndTxnKey, version, 9, clientId: null, flexible: false)
            .String("txn-2", false).Int64(77).Int16(2).Int8(committed ? (byte)1 : (byte)0)
            .ToFrame();

        Assert.Equal(new EndTxnRequest(version, "txn-2", 77, 2, committed), TransactionRequestParser.ParseEndTxn(frame));
    }

    [Fact]
    public void A_frame_shorter_than_its_size_field_says_is_reported_as_truncated()
    {
        var frame = TransactionFrames.TxnOffsetCommit(3)[..^3];

        var e = Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseTxnOffsetCommit(frame));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains($"size field says {frame.Length - 1} bytes, {frame.Length - 4} present", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_ends_inside_a_field_names_the_field()
    {
        var frame = new KafkaFrameBuilder()
            .RequestHeader(TxnOffsetCommitKey, 0, 1, "c", flexible: false)
            .String("txn-1", false).String("group-1", false).Int64(1).Int16(0)
            .ArrayLength(1, false).String("a", false).ArrayLength(1, false).Int32(0).Int16(0)
            .ToFrame();

        var e = Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseTxnOffsetCommit(frame));
        Assert.StartsWith("TxnOffsetCommit: committed_offset at byte", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated: needs 8 bytes, 2 left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_last_field_are_an_error()
    {
        var frame = new KafkaFrameBuilder()
            .RequestHeader(EndTxnKey, 1, 9, "c", flexible: false)
            .String("txn-2", false).Int64(77).Int16(2).Int8(1).Int8(0)
            .ToFrame();

        var e = Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseEndTxn(frame));
        Assert.Contains("1 bytes after the last field", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TxnOffsetCommitKey, 4)]
    [InlineData(EndTxnKey, 2)]
    public void Versions_the_mock_does_not_serve_are_refused_rather_than_guessed(short apiKey, short version)
    {
        var frame = new KafkaFrameBuilder().RequestHeader(apiKey, version, 1, "c", flexible: apiKey == TxnOffsetCommitKey).ToFrame();

        var e = apiKey == TxnOffsetCommitKey
            ? Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseTxnOffsetCommit(frame))
            : Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseEndTxn(frame));
        Assert.Contains($"version {version} is not parsed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_of_another_api_is_refused()
    {
        var frame = new KafkaFrameBuilder().RequestHeader(EndTxnKey, 1, 1, "c", flexible: false).ToFrame();

        var e = Assert.Throws<InvalidDataException>(() => TransactionRequestParser.ParseTxnOffsetCommit(frame));
        Assert.Contains("api key 26, expected 28", e.Message, StringComparison.Ordinal);
    }
}
