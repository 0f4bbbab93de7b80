using KafkaMetricsGen.Core.Registry;
using KafkaMetricsGen.Core.Registry.Limiters;

namespace KafkaMetricsGen.Core.Tests.Registry.Limiters;

/// <summary>The cases of Tempo's local_entity_limiter_test.go (entity = label hash, one series per add).</summary>
public class EntityLimiterTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(15);

    private static ulong Entity(string value) => LabelSet.ComputeHash(["test"], [value]);

    private static EntityLimiter Limiter(string tenant, int limit)
    {
        var limiter = new EntityLimiter(tenant, Stale);
        limiter.SetLimit(limit, limit);
        return limiter;
    }

    [Fact]
    public void Accepts_entities_up_to_the_limit_and_again_after_one_is_removed()
    {
        var limiter = Limiter("e-limit", 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAdd(Entity(((char)('a' + i)).ToString())));
        }

        Assert.False(limiter.TryAdd(Entity("k")));
        limiter.Remove(Entity("a"));
        Assert.True(limiter.TryAdd(Entity("l")));
    }

    [Fact]
    public void An_admitted_entity_takes_more_series_and_ends_with_its_last_series()
    {
        var limiter = Limiter("e-delete", 1);
        Assert.True(limiter.TryAdd(Entity("value1")));
        Assert.True(limiter.TryAdd(Entity("value1")));
        Assert.True(limiter.TryAdd(Entity("value1")));
        Assert.False(limiter.TryAdd(Entity("value2")));
        limiter.Remove(Entity("value1"));
        limiter.Remove(Entity("value1"));
        Assert.False(limiter.TryAdd(Entity("value2")));
        limiter.Remove(Entity("value1"));
        Assert.True(limiter.TryAdd(Entity("value2")));
    }

    [Fact]
    public void Removing_more_series_than_an_entity_has_ends_it_once()
    {
        var limiter = Limiter("e-over", 1);
        Assert.True(limiter.TryAdd(Entity("value1")));
        limiter.Remove(Entity("value1"));
        limiter.Remove(Entity("value1"));
        Assert.Equal(1, LimiterMetrics.EntitiesRemoved.WithLabels("e-over").Value);
        Assert.True(limiter.TryAdd(Entity("value2")));
    }

    [Fact]
    public void A_limit_of_zero_accepts_every_entity()
    {
        var limiter = Limiter("e-none", 0);
        for (var i = 0; i < 11; i++)
        {
            Assert.True(limiter.TryAdd(Entity(((char)('a' + i)).ToString())));
        }
    }

    [Fact]
    public void Reports_active_max_added_removed_and_limited_entities()
    {
        const string tenant = "e-metrics";
        var limiter = Limiter(tenant, 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAdd(Entity(((char)('a' + i)).ToString())));
        }

        Assert.False(limiter.TryAdd(Entity("k")));
        Assert.Equal(10, LimiterMetrics.ActiveEntities.WithLabels(tenant).Value);
        Assert.Equal(10, LimiterMetrics.MaxActiveEntities.WithLabels(tenant).Value);

        limiter.SetLimit(0, long.MaxValue);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAdd(Entity(((char)('a' + i + 10)).ToString())));
        }

        limiter.Remove(Entity("k"));
        Assert.Equal(19, LimiterMetrics.ActiveEntities.WithLabels(tenant).Value);
        Assert.Equal(0, LimiterMetrics.MaxActiveEntities.WithLabels(tenant).Value);
        Assert.Equal(1, LimiterMetrics.EntitiesLimited.WithLabels(tenant).Value);
        Assert.Equal(20, LimiterMetrics.EntitiesAdded.WithLabels(tenant).Value);
        Assert.Equal(1, LimiterMetrics.EntitiesRemoved.WithLabels(tenant).Value);
    }

    [Fact]
    public void The_demand_estimate_counts_every_entity_seen_limited_or_not()
    {
        const string tenant = "e-demand";
        var limiter = Limiter(tenant, 1);
        for (var i = 0; i < 50; i++)
        {
            limiter.Observe(Entity("v" + i));
        }

        limiter.UpdateDemand(0);
        Assert.InRange(LimiterMetrics.EntityDemand.WithLabels(tenant).Value, 45, 55);
        limiter.Clear();
        Assert.Equal(0, LimiterMetrics.EntityDemand.WithLabels(tenant).Value);
    }
}
