using Google.Protobuf;
using KafkaMetricsGen.Core.TraceQL;
using Microsoft.AspNetCore.Http;

namespace KafkaMetricsGen.Http;

/// <summary>Writes a Tempo answer: binary protobuf for <c>Accept: application/protobuf</c>, jsonpb-shaped JSON otherwise; errors as 400 text.</summary>
public static class TempoResponses
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static async Task WriteAsync(HttpContext context, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Headers.Accept.ToString().Contains(QueryParameterNames.ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = QueryParameterNames.ProtobufContentType;
            await context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Json.Format(message), context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task BadRequestAsync(HttpContext context, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }
}
