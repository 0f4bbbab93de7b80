namespace KafkaMetricsGen.Streams.Ingest;

public sealed class SpareValueArraysTests
{
    [Fact]
    public void An_array_returned_on_one_thread_is_rented_on_another_by_its_exact_length_only()
    {
        var spares = new SpareValueArrays();
        var returned = new byte[20_480];
        var other = new Thread(() => spares.Return(returned));
        other.Start();
        other.Join();

        Assert.Equal(1, spares.Count(20_480));
        Assert.Equal(20_480, spares.Bytes);
        Assert.NotSame(returned, spares.Rent(20_481));
        Assert.Same(returned, spares.Rent(20_480));
        Assert.Equal(0, spares.Bytes);
        Assert.NotSame(returned, spares.Rent(20_480));
    }

    [Fact]
    public void An_array_past_the_cap_is_left_to_the_collector()
    {
        var spares = new SpareValueArrays(maxBytes: 50_000);
        spares.Return(new byte[30_000]);
        spares.Return(new byte[30_000]);
        spares.Return(new byte[20_000]);

        Assert.Equal(1, spares.Count(30_000));
        Assert.Equal(1, spares.Count(20_000));
        Assert.Equal(50_000, spares.Bytes);
    }
}
