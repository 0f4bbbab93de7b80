using System.CommandLine;
using KafkaMetricsGen.Commands;

namespace KafkaMetricsGen.Tests.Commands;

public sealed class OptionRulesTests
{
    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("localhost:0")]
    [InlineData("[::1]:9000")]
    [InlineData("0.0.0.0:80")]
    [InlineData("*:8080")]
    [InlineData("worker-0.kmg.svc:65535")]
    public void A_listen_address_with_a_host_and_a_port_is_taken_as_written(string value)
    {
        var (parsed, errors) = ParseHttp(value);

        Assert.Empty(errors);
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("8080")]
    [InlineData(":8080")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("::1:8080")]
    [InlineData("[]:8080")]
    [InlineData("bad host:8080")]
    public void A_listen_address_without_host_and_port_is_refused_naming_the_flag(string value)
    {
        var (_, errors) = ParseHttp(value);

        var error = Assert.Single(errors);
        Assert.Equal($"--http: '{value}' is not host:port (port 0-65535, 0 picks a free one), e.g. 127.0.0.1:8080", error);
    }

    private static (string? Value, string[] Errors) ParseHttp(string value)
    {
        var http = new Option<string?>("--http") { CustomParser = OptionRules.HostPort };
        var command = new RootCommand { http };
        var result = command.Parse(["--http", value]);
        var errors = result.Errors.Select(e => e.Message).ToArray();
        return (errors.Length == 0 ? result.GetValue(http) : null, errors);
    }
}
