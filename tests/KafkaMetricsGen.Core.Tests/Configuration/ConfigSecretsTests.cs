namespace KafkaMetricsGen.Core.Configuration;

public class ConfigSecretsTests
{
    [Fact]
    public void Hides_passwords_tokens_client_secrets_and_credential_headers_wherever_they_are()
    {
        var node = YamlConfigReader.Parse(
            """
            metrics_generator:
              storage:
                remote_write:
                  - url: https://user:url-pass@mimir/api/v1/push
                    headers: {Authorization: Bearer header-token, X-Team: a}
                    basic_auth: {username: u, password: basic-pass, password_file: /run/secret}
                    authorization: {credentials: bearer-token}
                    oauth2: {client_id: id, client_secret: oauth-secret}
                    sigv4: {access_key: AKID, secret_key: aws-secret}
                    tls_config: {key: inline-key, key_file: /tls/key.pem}
              processor:
                span_metrics:
                  filter_policies: [{include: {attributes: [{key: span.kind, value: server}]}}]
            kafka:
              client_config: {sasl.password: kafka-pass, ssl.key.password: key-pass, sasl.username: kafka-user}
            overrides:
              defaults:
                metrics_generator:
                  remote_write_headers: {authorization: Basic tenant-token}
            """, "test.yaml");

        var printed = YamlConfigWriter.Write(ConfigSecrets.Redact(node));

        foreach (var secret in (string[])["url-pass", "header-token", "basic-pass", "bearer-token", "oauth-secret", "aws-secret", "inline-key", "kafka-pass", "key-pass", "tenant-token"])
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }

        foreach (var kept in (string[])["user:<secret>@mimir", "X-Team: a", "password_file: /run/secret", "access_key: AKID", "key_file: /tls/key.pem", "key: span.kind", "sasl.username: kafka-user"])
        {
            Assert.Contains(kept, printed, StringComparison.Ordinal);
        }

        Assert.Equal(10, CountOf(printed, "<secret>"));
        Assert.Contains("basic-pass", YamlConfigWriter.Write(node), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_of_the_wrong_type_is_not_repeated_in_the_error()
    {
        var schema = new SectionSchema(ConfigField.Of("password", ConfigSchema.Int), ConfigField.Of("port", ConfigSchema.Int));
        var errors = new ConfigErrors();
        schema.Check(YamlConfigReader.Parse("{password: hunter2, port: x}", "t.yaml"), "", errors);

        Assert.Equal(["password: expected an integer, got <secret>", "port: expected an integer, got \"x\""], errors.Items.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("https://u:p@host:8080/x?y=1", "https://u:<secret>@host:8080/x?y=1")]
    [InlineData("https://host/x", "https://host/x")]
    [InlineData("https://u@host/x", "https://u@host/x")]
    public void Hides_the_password_of_a_url(string url, string printed) => Assert.Equal(printed, ConfigSecrets.RedactUrl(url));

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
