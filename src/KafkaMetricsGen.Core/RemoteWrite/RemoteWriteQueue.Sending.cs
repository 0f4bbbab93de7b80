using System.Globalization;
using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The HTTP side of <see cref="RemoteWriteQueue"/>: one request, its retries and their accounting.</summary>
public sealed partial class RemoteWriteQueue
{
    private const string UnsupportedMediaType = "415";
    private static readonly MediaTypeHeaderValue ProtobufContentType = new(RemoteWriteHttpHeaders.ContentTypeValue);

    private async Task SendWithRetriesAsync(EncodedWindow window, EncodedRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (DropIfTooOld(window))
            {
                return;
            }

            var (status, retryable, retryAfter, written) = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            RemoteWriteMetrics.Requests.WithLabels(Tenant, _endpoint.Name, status).Inc();
            var success = status.Length == 3 && status[0] == '2';
            if (request.Message == RemoteWriteMessage.V2 && (status == UnsupportedMediaType || (success && written is null)))
            {
                // A 1.0-only receiver: it refused the 2.0 Content-Type (415), or it parsed the body as 1.0, found
                // nothing it knows and answered 2xx without the Written headers a 2.0 receiver must send. From now on
                // this endpoint gets 1.0, starting with this request.
                FallBackToV1();
                request = RemoteWriteV1Fallback.ToV1(request);
                attempt = -1;
                continue;
            }

            if (success)
            {
                RecordSent(request, written);
                return;
            }

            if (!retryable)
            {
                _samplesFailed.Inc(request.Items);
                return;
            }

            _samplesRetried.Inc(request.Items);
            var delay = retryAfter ?? _backoff.Delay(attempt);

            // The timer exists before NextRetryAt is published, so whoever reads NextRetryAt can move time past it.
            var wait = Task.Delay(delay, _time, cancellationToken);
            lock (_gate)
            {
                _nextRetryAt = _time.GetUtcNow() + delay;
            }

            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _nextRetryAt = null;
                }
            }

            lock (_gate)
            {
                // The outage buffer overflowed while we waited: this window is gone, stop retrying it.
                if (!IsHead(window))
                {
                    return;
                }
            }
        }
    }

    private async Task<(string Status, bool Retryable, TimeSpan? RetryAfter, WrittenCounts? Written)> SendOnceAsync(EncodedRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_endpoint.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = CreateMessage(request);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var retryable = code >= 500 || (code == 429 && _endpoint.QueueConfig.RetryOnHttp429);
            var retryAfter = retryable ? RetryAfter(response) : null;
            return (code.ToString(CultureInfo.InvariantCulture), retryable, retryAfter, WrittenCounts.From(response.Headers));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (RemoteWriteMetricNames.StatusTimeout, true, null, null);
        }
        catch (HttpRequestException)
        {
            return (RemoteWriteMetricNames.StatusNetworkError, true, null, null);
        }
        catch (IOException)
        {
            // A credentials file could not be read (being rewritten, or removed): retried, it may come back.
            return (RemoteWriteMetricNames.StatusCredentialsError, true, null, null);
        }
    }

    /// <summary>
    /// <c>sample_age_limit</c>: a window whose samples are older than the limit when it is (re)sent is dropped and
    /// counted instead of being sent late; the receiver would likely reject it as too old anyway.
    /// </summary>
    private bool DropIfTooOld(EncodedWindow window)
    {
        var limit = _endpoint.QueueConfig.SampleAgeLimit;
        if (limit <= TimeSpan.Zero || _time.GetUtcNow().ToUnixTimeMilliseconds() - window.WindowEndMs <= limit.TotalMilliseconds)
        {
            return false;
        }

        lock (_gate)
        {
            if (IsHead(window))
            {
                DropHead();
                PublishPending();
            }
        }

        return true;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        if (RetryBackoff.RetryAfter(response.Headers.RetryAfter, now) is { } typed)
        {
            return typed;
        }

        return response.Headers.TryGetValues("Retry-After", out var values) ? RetryBackoff.RetryAfter(values.FirstOrDefault(), now) : null;
    }

    private HttpRequestMessage CreateMessage(EncodedRequest request)
    {
        var content = new ByteArrayContent(request.Body);
        var v2 = request.Message == RemoteWriteMessage.V2;
        if (v2)
        {
            // Unparsed, so it goes out exactly as Prometheus writes it (the typed header would add a space).
            content.Headers.TryAddWithoutValidation("Content-Type", RemoteWriteHttpHeaders.ContentTypeValueV2);
        }
        else
        {
            content.Headers.ContentType = ProtobufContentType;
        }

        content.Headers.ContentEncoding.Add(RemoteWriteHttpHeaders.ContentEncodingValue);
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url) { Content = content };
        if (_endpoint.Entry.EnableHttp2)
        {
            // HTTP/2 where TLS negotiates it, HTTP/1.1 otherwise (cleartext included), as Go's client does.
            message.Version = System.Net.HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            message.Version = System.Net.HttpVersion.Version11;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        message.Headers.TryAddWithoutValidation(RemoteWriteHttpHeaders.Version, v2 ? RemoteWriteHttpHeaders.VersionValueV2 : RemoteWriteHttpHeaders.VersionValue);
        message.Headers.TryAddWithoutValidation("User-Agent", RemoteWriteHttpHeaders.UserAgent);
        foreach (var header in _endpoint.Headers)
        {
            message.Headers.Remove(header.Key);
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (_endpoint.Credentials is { } credentials && !message.Headers.Contains(RemoteWriteHttpHeaders.Authorization))
        {
            message.Headers.TryAddWithoutValidation(RemoteWriteHttpHeaders.Authorization, credentials.HeaderValue());
        }

        return message;
    }

    /// <summary>Counts what was sent; a 2.0 receiver's Written headers say what it stored and are counted instead.</summary>
    private void RecordSent(EncodedRequest request, WrittenCounts? written)
    {
        var counts = request.Message == RemoteWriteMessage.V2 && written is { } w ? w : new WrittenCounts(request.Samples, request.Histograms, request.Exemplars);
        _samplesSent.Inc(counts.Samples);
        _exemplarsSent.Inc(counts.Exemplars);
        _histogramsSent.Inc(counts.Histograms);
        if (request.MaxTimestampMs > Interlocked.Read(ref _highestSentMs))
        {
            Interlocked.Exchange(ref _highestSentMs, request.MaxTimestampMs);
            _highestSent.Set(request.MaxTimestampMs / 1000.0);
        }
    }
}
