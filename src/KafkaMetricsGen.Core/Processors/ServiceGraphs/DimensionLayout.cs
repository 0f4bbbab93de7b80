using System.Text;
using KafkaMetricsGen.Core.Processors.Shared;

namespace KafkaMetricsGen.Core.Processors.ServiceGraphs;

/// <summary>
/// Where each configured dimension lands on an edge and which label it becomes, decided once. Without the
/// prefix both sides share one slot per dimension (the later span wins); with it the client and server get their own
/// slots, named <c>client_x</c> / <c>server_x</c>. The <c>virtual_node</c> label takes one more slot, which — as in
/// Tempo — attributes literally named <c>virtual_node</c> also fill when the prefix is off.
/// </summary>
internal sealed class DimensionLayout
{
    public DimensionLayout(ServiceGraphsOptions options)
    {
        var dimensions = new List<string>(options.Dimensions);
        if (options.EnableVirtualNodeLabel && !options.EnableClientServerPrefix)
        {
            dimensions.Add(ServiceGraphsLabelNames.VirtualNode);
        }

        var labels = new List<string>();
        LookupKeys = new byte[dimensions.Count][];
        ClientSlots = new int[dimensions.Count];
        ServerSlots = new int[dimensions.Count];
        for (var i = 0; i < dimensions.Count; i++)
        {
            LookupKeys[i] = Encoding.UTF8.GetBytes(dimensions[i]);
            if (options.EnableClientServerPrefix)
            {
                ClientSlots[i] = labels.Count;
                labels.Add(LabelNames.Sanitize(ServiceGraphsLabelNames.ClientPrefix + dimensions[i]));
                ServerSlots[i] = labels.Count;
                labels.Add(LabelNames.Sanitize(ServiceGraphsLabelNames.ServerPrefix + dimensions[i]));
            }
            else
            {
                ClientSlots[i] = ServerSlots[i] = labels.Count;
                labels.Add(LabelNames.Sanitize(dimensions[i]));
            }
        }

        VirtualNodeSlot = -1;
        if (options.EnableVirtualNodeLabel)
        {
            if (options.EnableClientServerPrefix)
            {
                labels.Add(ServiceGraphsLabelNames.VirtualNode);
            }

            VirtualNodeSlot = labels.Count - 1;
        }

        SlotLabels = [.. labels];
    }

    /// <summary>UTF-8 attribute keys to look up, resource first then span.</summary>
    public byte[][] LookupKeys { get; }

    /// <summary>The slot a client span writes lookup <c>i</c> to.</summary>
    public int[] ClientSlots { get; }

    /// <summary>The slot a server span writes lookup <c>i</c> to.</summary>
    public int[] ServerSlots { get; }

    /// <summary>The slot written on expiry with <c>client</c>/<c>server</c>; -1 when the label is off.</summary>
    public int VirtualNodeSlot { get; }

    /// <summary>Label name of each slot.</summary>
    public string[] SlotLabels { get; }

    public int SlotCount => SlotLabels.Length;
}
