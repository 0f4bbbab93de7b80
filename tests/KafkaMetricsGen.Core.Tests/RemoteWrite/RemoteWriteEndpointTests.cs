namespace KafkaMetricsGen.Core.RemoteWrite;

public class RemoteWriteEndpointTests
{
    [Fact]
    public void Adds_the_org_id_header_with_the_tenant()
    {
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(Options(), "team-a", null));
        Assert.Equal("team-a", Header(endpoint, "X-Scope-OrgID"));
    }

    [Fact]
    public void Sends_no_org_id_for_the_single_tenant()
    {
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(Options(), "single-tenant", null));
        Assert.Null(Header(endpoint, "X-Scope-OrgID"));
    }

    [Fact]
    public void Sends_no_org_id_when_the_option_is_off()
    {
        var options = Options();
        options.AddOrgIdHeader = false;
        Assert.Null(Header(Assert.Single(RemoteWriteEndpoint.Resolve(options, "team-a", null)), "X-Scope-OrgID"));
    }

    [Fact]
    public void Keeps_an_org_id_header_already_configured_in_any_case()
    {
        var options = Options();
        options.RemoteWrite[0].Headers["x-scope-orgid"] = "fixed";
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(options, "team-a", null));
        Assert.Equal("fixed", Header(endpoint, "X-Scope-OrgID"));
        Assert.Single(endpoint.Headers, h => h.Key.Equals("X-Scope-OrgID", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Merges_tenant_headers_over_configured_ones()
    {
        var options = Options();
        options.RemoteWrite[0].Headers["Authorization"] = "Bearer shared";
        options.RemoteWrite[0].Headers["X-Keep"] = "1";
        var overrides = new RemoteWriteTenantOverrides();
        overrides.Headers["authorization"] = "Bearer tenant";
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(options, "team-a", overrides));
        Assert.Equal("Bearer tenant", Header(endpoint, "Authorization"));
        Assert.Equal("1", Header(endpoint, "X-Keep"));
    }

    [Fact]
    public void Turns_basic_auth_into_an_authorization_header()
    {
        var options = Options();
        options.RemoteWrite[0].BasicAuth = new BasicAuthOptions { Username = "user", Password = "pass" };
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(options, "team-a", null));
        Assert.Equal("Basic dXNlcjpwYXNz", endpoint.Credentials!.HeaderValue());
    }

    [Fact]
    public void A_tenant_url_replaces_the_endpoints_and_keeps_the_first_entrys_settings()
    {
        var options = Options();
        options.RemoteWrite[0].QueueConfig.MaxSamplesPerSend = 123;
        options.RemoteWrite.Add(new RemoteWriteEndpointOptions { Url = "http://second/" });
        var overrides = new RemoteWriteTenantOverrides { Url = "http://tenant-a:9009/api/v1/push" };
        var endpoint = Assert.Single(RemoteWriteEndpoint.Resolve(options, "team-a", overrides));
        Assert.Equal(new Uri("http://tenant-a:9009/api/v1/push"), endpoint.Url);
        Assert.Equal(123, endpoint.QueueConfig.MaxSamplesPerSend);
    }

    [Fact]
    public void Each_url_a_tenant_lists_is_an_endpoint_of_its_own_with_the_first_entrys_settings()
    {
        var options = Options();
        options.RemoteWrite[0].Name = "mimir";
        options.RemoteWrite[0].BasicAuth = new BasicAuthOptions { Username = "user", Password = "pass" };
        options.RemoteWrite[0].ProtobufMessage = RemoteWriteMessage.V2;
        options.RemoteWrite[0].QueueConfig.MaxSamplesPerSend = 123;
        options.RemoteWrite.Add(new RemoteWriteEndpointOptions { Url = "http://second/" });
        var overrides = new RemoteWriteTenantOverrides { Urls = ["http://a:9009/api/v1/push", "http://b:9009/api/v1/push"] };

        var endpoints = RemoteWriteEndpoint.Resolve(options, "team-a", overrides);

        Assert.Equal([new Uri("http://a:9009/api/v1/push"), new Uri("http://b:9009/api/v1/push")], endpoints.Select(e => e.Url));
        Assert.Equal(["mimir-0", "mimir-1"], endpoints.Select(e => e.Name));
        Assert.All(endpoints, e => Assert.Equal("Basic dXNlcjpwYXNz", e.Credentials!.HeaderValue()));
        Assert.All(endpoints, e => Assert.Equal((123, RemoteWriteMessage.V2), (e.QueueConfig.MaxSamplesPerSend, e.Entry.ProtobufMessage)));
        Assert.All(endpoints, e => Assert.Contains(e.Headers, h => h.Key == "X-Scope-OrgID" && h.Value == "team-a"));
    }

    [Fact]
    public void Names_unnamed_entries_by_index()
    {
        var options = Options();
        options.RemoteWrite.Add(new RemoteWriteEndpointOptions { Url = "http://second/", Name = "mimir" });
        Assert.Equal(["0", "mimir"], RemoteWriteEndpoint.Resolve(options, "t", null).Select(e => e.Name));
    }

    private static RemoteWriteOptions Options() =>
        new() { RemoteWrite = [new RemoteWriteEndpointOptions { Url = "http://prometheus:9090/api/v1/write" }] };

    private static string? Header(RemoteWriteEndpoint endpoint, string name) =>
        endpoint.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
