namespace KafkaMetricsGen.Core.TraceQL;

/// <summary>
/// The by() values of a span plus the histogram bucket, as a value key: up to 6 slots inline so grouping allocates
/// nothing per span (Tempo's FastStatic arrays, for the same reason).
/// </summary>
internal struct GroupKey : IEquatable<GroupKey>
{
    public StaticValue V0;
    public StaticValue V1;
    public StaticValue V2;
    public StaticValue V3;
    public StaticValue V4;
    public StaticValue V5;
    public int Count;

    public void Add(StaticValue value)
    {
        switch (Count++)
        {
            case 0: V0 = value; break;
            case 1: V1 = value; break;
            case 2: V2 = value; break;
            case 3: V3 = value; break;
            case 4: V4 = value; break;
            default: V5 = value; break;
        }
    }

    public readonly StaticValue Get(int i) => i switch
    {
        0 => V0,
        1 => V1,
        2 => V2,
        3 => V3,
        4 => V4,
        _ => V5,
    };

    public readonly bool Equals(GroupKey other) => Count == other.Count && V0.Equals(other.V0) && V1.Equals(other.V1)
        && V2.Equals(other.V2) && V3.Equals(other.V3) && V4.Equals(other.V4) && V5.Equals(other.V5);

    public override readonly bool Equals(object? obj) => obj is GroupKey k && Equals(k);

    public override readonly int GetHashCode() => Count switch
    {
        0 => 0,
        1 => V0.GetHashCode(),
        2 => HashCode.Combine(V0, V1),
        _ => HashCode.Combine(V0, V1, V2, V3, V4, V5),
    };
}
