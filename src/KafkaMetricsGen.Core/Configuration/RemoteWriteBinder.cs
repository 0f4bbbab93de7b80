using KafkaMetricsGen.Core.RemoteWrite;

namespace KafkaMetricsGen.Core.Configuration;

/// <summary>Binds a checked <c>metrics_generator.storage</c> section (<see cref="RemoteWriteSchema"/>) to <see cref="RemoteWriteOptions"/>.</summary>
public static class RemoteWriteBinder
{
    public static RemoteWriteOptions Bind(ConfigNode storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var options = new RemoteWriteOptions
        {
            AddOrgIdHeader = storage.GetBool(StorageSchema.RemoteWriteAddOrgIdHeader, RemoteWriteDefaults.AddOrgIdHeader),
            FlushDeadline = storage.GetDuration(StorageSchema.RemoteWriteFlushDeadline, TimeSpan.FromSeconds(RemoteWriteDefaults.FlushDeadlineSeconds)),
        };
        foreach (var item in storage.Get(StorageSchema.RemoteWrite)?.Items ?? [])
        {
            options.RemoteWrite.Add(Entry(item));
        }

        return options;
    }

    private static RemoteWriteEndpointOptions Entry(ConfigNode item)
    {
        var endpoint = new RemoteWriteEndpointOptions
        {
            Url = item.GetString(RemoteWriteSchema.Url),
            Name = Optional(item, RemoteWriteSchema.Name),
            RemoteTimeout = item.GetDuration(RemoteWriteSchema.RemoteTimeout, TimeSpan.FromSeconds(RemoteWriteDefaults.RemoteTimeoutSeconds)),
            SendExemplars = item.GetBool(RemoteWriteSchema.SendExemplars, true),
            SendNativeHistograms = item.GetBool(RemoteWriteSchema.SendNativeHistograms, true),
            ProxyUrl = Optional(item, RemoteWriteSchema.ProxyUrl),
            NoProxy = Optional(item, RemoteWriteSchema.NoProxy),
            ProxyFromEnvironment = item.GetBool(RemoteWriteSchema.ProxyFromEnvironment),
            FollowRedirects = item.GetBool(RemoteWriteSchema.FollowRedirects, true),
            EnableHttp2 = item.GetBool(RemoteWriteSchema.EnableHttp2, true),
            ProtobufMessage = item.GetString(RemoteWriteSchema.ProtobufMessage, RemoteWriteSchema.ProtobufMessageV1) == RemoteWriteSchema.ProtobufMessageV2
                ? RemoteWriteMessage.V2 : RemoteWriteMessage.V1,
        };
        foreach (var header in item.GetStringMap(RemoteWriteSchema.Headers) ?? new Dictionary<string, string>())
        {
            endpoint.Headers[header.Key] = header.Value;
        }

        if (item.Get(RemoteWriteSchema.BasicAuth) is { Kind: ConfigNodeKind.Map } basic)
        {
            endpoint.BasicAuth = new BasicAuthOptions
            {
                Username = basic.GetString(RemoteWriteSchema.Username),
                UsernameFile = Optional(basic, RemoteWriteSchema.UsernameFile),
                Password = Optional(basic, RemoteWriteSchema.Password),
                PasswordFile = Optional(basic, RemoteWriteSchema.PasswordFile),
            };
        }

        if (item.Get(RemoteWriteSchema.Authorization) is { Kind: ConfigNodeKind.Map } authorization)
        {
            endpoint.Authorization = new AuthorizationOptions
            {
                Type = authorization.GetString(RemoteWriteSchema.Type, AuthorizationOptions.DefaultType),
                Credentials = Optional(authorization, RemoteWriteSchema.Credentials),
                CredentialsFile = Optional(authorization, RemoteWriteSchema.CredentialsFile),
            };
        }

        if (item.Get(RemoteWriteSchema.OAuth2) is { Kind: ConfigNodeKind.Map } oauth2)
        {
            endpoint.OAuth2 = new OAuth2Options
            {
                ClientId = oauth2.GetString(RemoteWriteSchema.ClientId),
                ClientSecret = Optional(oauth2, RemoteWriteSchema.ClientSecret),
                ClientSecretFile = Optional(oauth2, RemoteWriteSchema.ClientSecretFile),
                TokenUrl = oauth2.GetString(RemoteWriteSchema.TokenUrl),
                Scopes = [.. oauth2.GetStrings(RemoteWriteSchema.Scopes) ?? []],
                EndpointParams = new Dictionary<string, string>(oauth2.GetStringMap(RemoteWriteSchema.EndpointParams) ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Tls = Tls(oauth2),
                ProxyUrl = Optional(oauth2, RemoteWriteSchema.ProxyUrl),
                NoProxy = Optional(oauth2, RemoteWriteSchema.NoProxy),
                ProxyFromEnvironment = oauth2.GetBool(RemoteWriteSchema.ProxyFromEnvironment),
            };
        }

        if (item.Get(RemoteWriteSchema.SigV4) is { Kind: ConfigNodeKind.Map } sigv4)
        {
            endpoint.SigV4 = new SigV4Options
            {
                Region = Optional(sigv4, RemoteWriteSchema.Region),
                AccessKey = Optional(sigv4, RemoteWriteSchema.AccessKey),
                SecretKey = Optional(sigv4, RemoteWriteSchema.SecretKey),
                Profile = Optional(sigv4, RemoteWriteSchema.Profile),
            };
        }

        endpoint.Tls = Tls(item);
        foreach (var rule in item.Get(RemoteWriteSchema.WriteRelabelConfigs)?.Items ?? [])
        {
            endpoint.WriteRelabelConfigs.Add(new RelabelConfig
            {
                SourceLabels = rule.GetStrings(RemoteWriteSchema.SourceLabels) ?? [],
                Separator = rule.GetString(RemoteWriteSchema.Separator, ";"),
                TargetLabel = rule.GetString(RemoteWriteSchema.TargetLabel),
                Regex = rule.GetString(RemoteWriteSchema.Regex, "(.*)"),
                Modulus = (ulong)rule.GetInt(RemoteWriteSchema.Modulus),
                Replacement = rule.GetString(RemoteWriteSchema.Replacement, "$1"),
                Action = rule.GetString(RemoteWriteSchema.Action, RelabelConfig.Replace),
            });
        }

        var queue = item.GetSection(RemoteWriteSchema.QueueConfig);
        endpoint.QueueConfig = new RemoteWriteQueueConfig
        {
            MaxSamplesPerSend = (int)queue.GetInt(RemoteWriteSchema.MaxSamplesPerSend, RemoteWriteDefaults.MaxSamplesPerSend),
            MinBackoff = queue.GetDuration(RemoteWriteSchema.MinBackoff, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MinBackoffMilliseconds)),
            MaxBackoff = queue.GetDuration(RemoteWriteSchema.MaxBackoff, TimeSpan.FromMilliseconds(RemoteWriteDefaults.MaxBackoffMilliseconds)),
            RetryOnHttp429 = queue.GetBool(RemoteWriteSchema.RetryOnHttp429, RemoteWriteDefaults.RetryOnHttp429),
            SampleAgeLimit = queue.GetDuration(RemoteWriteSchema.SampleAgeLimit),
            MaxPendingWindows = (int)queue.GetInt(RemoteWriteSchema.MaxPendingWindows, RemoteWriteDefaults.MaxPendingWindows),
            Capacity = (int)Math.Min(int.MaxValue, queue.GetInt(RemoteWriteSchema.Capacity, RemoteWriteDefaults.Capacity)),
            MaxShards = (int)Math.Min(int.MaxValue, queue.GetInt(RemoteWriteSchema.MaxShards, RemoteWriteDefaults.MaxShards)),
            MinShards = (int)Math.Min(int.MaxValue, queue.GetInt(RemoteWriteSchema.MinShards, RemoteWriteDefaults.MinShards)),
        };
        return endpoint;
    }

    private static TlsOptions? Tls(ConfigNode parent)
    {
        if (parent.Get(RemoteWriteSchema.TlsConfig) is not { Kind: ConfigNodeKind.Map } tls)
        {
            return null;
        }

        return new TlsOptions
        {
            Ca = Optional(tls, RemoteWriteSchema.Ca),
            CaFile = Optional(tls, RemoteWriteSchema.CaFile),
            Cert = Optional(tls, RemoteWriteSchema.Cert),
            CertFile = Optional(tls, RemoteWriteSchema.CertFile),
            Key = Optional(tls, RemoteWriteSchema.Key),
            KeyFile = Optional(tls, RemoteWriteSchema.KeyFile),
            ServerName = Optional(tls, RemoteWriteSchema.ServerName),
            InsecureSkipVerify = tls.GetBool(RemoteWriteSchema.InsecureSkipVerify),
            MinVersion = TlsVersions.TryParse(tls.GetString(RemoteWriteSchema.MinVersion), out var min) ? min : System.Security.Authentication.SslProtocols.Tls12,
            MaxVersion = TlsVersions.TryParse(tls.GetString(RemoteWriteSchema.MaxVersion), out var max) ? max : null,
        };
    }

    private static string? Optional(ConfigNode node, string key) => node.Has(key) ? node.GetString(key) : null;
}
