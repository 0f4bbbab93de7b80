using KafkaMetricsGen.Core.Ingest;

namespace KafkaMetricsGen.Core.Registry;

/// <summary>
/// Builds a label set the way Tempo's registry does: names and values are cut to the byte limits, pairs are
/// sorted by name (stable) with the last write of a name winning, empty values are removed, and a set with an invalid
/// UTF-8 name or value is refused (the caller counts the span as <c>invalid_utf8</c>). Reused per span: no allocation
/// unless a value is longer than the limit.
/// </summary>
public sealed class LabelBuilder
{
    private readonly int _maxNameBytes;
    private readonly int _maxValueBytes;
    private string[] _names = new string[16];
    private string[] _values = new string[16];
    private string[] _outNames = new string[16];
    private string[] _outValues = new string[16];
    private int _count;

    public LabelBuilder(int maxNameBytes = RegistryDefaults.MaxLabelNameLength, int maxValueBytes = RegistryDefaults.MaxLabelValueLength)
    {
        _maxNameBytes = maxNameBytes;
        _maxValueBytes = maxValueBytes;
    }

    public void Clear() => _count = 0;

    /// <summary>Adds a pair in the processor's order; a later pair with the same name replaces it, an empty value removes it.</summary>
    public void Add(string name, string value)
    {
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
            Array.Resize(ref _outNames, _count * 2);
            Array.Resize(ref _outValues, _count * 2);
        }

        _names[_count] = Utf8Text.TruncateBytes(name, _maxNameBytes);
        _values[_count] = Utf8Text.TruncateBytes(value, _maxValueBytes);
        _count++;
    }

    /// <summary>Finishes the set; false when a name is empty or a name or value is not valid UTF-8.</summary>
    public bool TryBuild(out LabelSet labels)
    {
        // Insertion sort by name, stable; label sets are small (≤ ~15).
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            var name = _names[i];
            var value = _values[i];
            var j = n - 1;
            while (j >= 0 && string.CompareOrdinal(_outNames[j], name) > 0)
            {
                j--;
            }

            if (j >= 0 && string.Equals(_outNames[j], name, StringComparison.Ordinal))
            {
                _outValues[j] = value;
                continue;
            }

            for (var k = n; k > j + 1; k--)
            {
                _outNames[k] = _outNames[k - 1];
                _outValues[k] = _outValues[k - 1];
            }

            _outNames[j + 1] = name;
            _outValues[j + 1] = value;
            n++;
        }

        var m = 0;
        for (var i = 0; i < n; i++)
        {
            if (_outValues[i].Length == 0)
            {
                continue;
            }

            if (_outNames[i].Length == 0 || !Utf8Text.IsValid(_outNames[i]) || !Utf8Text.IsValid(_outValues[i]))
            {
                labels = default;
                return false;
            }

            _outNames[m] = _outNames[i];
            _outValues[m] = _outValues[i];
            m++;
        }

        labels = new LabelSet(_outNames, _outValues, m, LabelSet.ComputeHash(_outNames.AsSpan(0, m), _outValues.AsSpan(0, m)));
        return true;
    }
}
