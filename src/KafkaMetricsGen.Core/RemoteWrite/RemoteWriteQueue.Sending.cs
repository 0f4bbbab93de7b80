using System.Globalization;
using System.Net.Http.Headers;

namespace KafkaMetricsGen.Core.RemoteWrite;

/// <summary>The HTTP side of <see cref="RemoteWriteQueue"/>: one request, its retries and their accounting.</summary>
public sealed partial class RemoteWriteQueue
{
    private static readonly MediaTypeHeaderValue ProtobufContentType = new(RemoteWriteHttpHeaders.ContentTypeValue);

    private async Task SendWithRetriesAsync(EncodedWindow window, EncodedRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (DropIfTooOld(window))
            {
                return;
            }

            var (status, retryable, retryAfter) = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            RemoteWriteMetrics.Requests.WithLabels(Tenant, _endpoint.Name, status).Inc();
            if (status.Length == 3 && status[0] == '2')
            {
                RecordSent(request);
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

    private async Task<(string Status, bool Retryable, TimeSpan? RetryAfter)> SendOnceAsync(EncodedRequest request, CancellationToken cancellationToken)
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
            return (code.ToString(CultureInfo.InvariantCulture), retryable, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (RemoteWriteMetricNames.StatusTimeout, true, null);
        }
        catch (HttpRequestException)
        {
            return (RemoteWriteMetricNames.StatusNetworkError, true, null);
        }
        catch (IOException)
        {
            // A credentials file could not be read (being rewritten, or removed): retried, it may come back.
            return (RemoteWriteMetricNames.StatusCredentialsError, true, null);
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
        content.Headers.ContentType = ProtobufContentType;
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

        message.Headers.TryAddWithoutValidation(RemoteWriteHttpHeaders.Version, RemoteWriteHttpHeaders.VersionValue);
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

    private void RecordSent(EncodedRequest request)
    {
        _samplesSent.Inc(request.Samples);
        _exemplarsSent.Inc(request.Exemplars);
        _histogramsSent.Inc(request.Histograms);
        if (request.MaxTimestampMs > Interlocked.Read(ref _highestSentMs))
        {
            Interlocked.Exchange(ref _highestSentMs, request.MaxTimestampMs);
            _highestSent.Set(request.MaxTimestampMs / 1000.0);
        }
    }
}
