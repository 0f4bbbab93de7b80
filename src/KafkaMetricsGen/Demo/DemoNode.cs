namespace KafkaMetricsGen.Demo;

/// <summary>A service on the demo page's graph; <paramref name="Role"/> says whose requests the numbers count.</summary>
public sealed record DemoNode(string Id, string Role, double RequestsPerSecond, double? ErrorRatio)
{
    /// <summary>The node receives requests: its numbers are the requests it served.</summary>
    public const string Server = "server";

    /// <summary>The node only calls others (such as <c>user</c>): its numbers are the requests it sent.</summary>
    public const string Client = "client";
}
