namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>
/// Cases of AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite), re-expressed as data: the suite's
/// example key, region us-east-1, service "service", 2015-08-30T12:36:00Z, and for each request the canonical
/// request's signed headers and the signature AWS publishes.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string Host = "example.amazonaws.com";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly AwsCredentials SuiteKey = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string SessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    /// <summary>Suite case → method, path, query (name=value&amp;…, decoded), extra headers (name:value|…), body, signed headers, signature.</summary>
    public static TheoryData<string, string, string, string, string, string, string, string> Suite => new()
    {
        { "get-vanilla", "GET", "/", "", "", "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", "", "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-query-unreserved", "GET", "/", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
        { "get-vanilla-utf8-query", "GET", "/", "\u1234=bar", "", "", "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-utf8", "GET", "/\u1234", "", "", "", "host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
        { "get-space", "GET", "/example space/", "", "", "", "host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
        { "get-relative-relative", "GET", "/example1/example2/../..", "", "", "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-slash-pointless-dot", "GET", "/./example", "", "", "", "host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5" },
        { "get-slashes", "GET", "//example//", "", "", "", "host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
        { "get-header-key-duplicate", "GET", "/", "", "My-Header1:value2|My-Header1:value2|My-Header1:value1", "", "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea" },
        { "get-header-value-order", "GET", "/", "", "My-Header1:value4|My-Header1:value1|My-Header1:value3|My-Header1:value2", "", "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01" },
        { "get-header-value-trim", "GET", "/", "", "My-Header1: value1|My-Header2: \"a   b   c\"", "", "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "post-vanilla", "POST", "/", "", "", "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-header-value-case", "POST", "/", "", "My-Header1:VALUE1", "", "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        { "post-vanilla-query", "POST", "/", "Param1=value1", "", "", "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
        { "post-vanilla-query-nonunreserved", "POST", "/", "@#$%^&+=/,?><`\";:\\|][{}", "", "", "host;x-amz-date", "88d3e39e4fa54b971f51c0a09140368e1a51aafb76c4652d9998f93cf3038074" },
        { "post-sts-header-before", "POST", "/", "", "X-Amz-Security-Token:" + SessionToken, "", "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead" },
        { "post-x-www-form-urlencoded", "POST", "/", "", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
    };

    [Theory]
    [MemberData(nameof(Suite))]
    public void Signs_the_aws_test_suite_requests_as_published(string name, string method, string path, string query, string headers, string body, string signedHeaders, string signature)
    {
        var header = SigV4Signer.Authorization(SuiteKey, "us-east-1", "service", SuiteTime, method, path, Query(name, query), Headers(headers), SigV4Signer.PayloadHash(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}", header);
    }

    [Fact]
    public void The_canonical_request_and_string_to_sign_of_get_vanilla_are_the_published_ones()
    {
        var canonical = SigV4Signer.CanonicalRequest("GET", "/", [], Headers(""), EmptyHash, out var signed);

        Assert.Equal($"GET\n/\n\nhost:{Host}\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyHash}", canonical);
        Assert.Equal("host;x-amz-date", signed);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4Signer.StringToSign(SuiteTime, SigV4Signer.Scope(SuiteTime, "us-east-1", "service"), canonical));
    }

    [Fact]
    public void A_path_already_encoded_on_the_wire_is_encoded_once_more()
    {
        var canonical = SigV4Signer.CanonicalRequest("POST", "/workspaces/ws-1/example%20space", [], Headers(""), EmptyHash, out _);

        Assert.Contains("\n/workspaces/ws-1/example%2520space\n", canonical, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Query(string name, string query)
    {
        if (query.Length == 0)
        {
            return [];
        }

        // The non-unreserved case is one pair whose name and value hold '&' and '='; split it at its first '='.
        if (name == "post-vanilla-query-nonunreserved")
        {
            return [new("@#$%^&+", "/,?><`\";:\\|][{}")];
        }

        return [.. query.Split('&').Select(p => new KeyValuePair<string, string>(p[..p.IndexOf('=', StringComparison.Ordinal)], p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]))];
    }

    private static List<KeyValuePair<string, string>> Headers(string extra)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", Host), new("X-Amz-Date", "20150830T123600Z") };
        foreach (var header in extra.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(header[..colon], header[(colon + 1)..]));
        }

        return headers;
    }
}
