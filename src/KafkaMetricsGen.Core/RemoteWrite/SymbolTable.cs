namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// The <c>symbols</c> of one remote write 2.0 request: every string once, referenced by index, index 0 the empty
/// string as the protocol requires. <see cref="Reset"/> keeps the capacity, so a steady stream of requests stops
/// allocating once the table has grown to its working size.
/// </summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, uint> _refs = new(StringComparer.Ordinal);
    private readonly List<string> _symbols = [];

    public SymbolTable() => Reset();

    public int Count => _symbols.Count;

    public string this[int index] => _symbols[index];

    /// <summary>The index of <paramref name="symbol"/>, added when new.</summary>
    public uint Ref(string symbol)
    {
        if (_refs.TryGetValue(symbol, out var index))
        {
            return index;
        }

        index = (uint)_symbols.Count;
        _symbols.Add(symbol);
        _refs.Add(symbol, index);
        return index;
    }

    public void Reset()
    {
        _refs.Clear();
        _symbols.Clear();
        Ref("");
    }
}
