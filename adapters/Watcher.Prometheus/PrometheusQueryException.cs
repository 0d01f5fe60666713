using System.Net;

namespace Watcher.Prometheus;

/// <summary>
/// Prometheus could not answer a query: an HTTP error, a <c>"status": "error"</c> body (bad PromQL, execution error,
/// timeout), an unreadable body or no answer in time. Carries the PromQL that failed.
/// </summary>
public sealed class PrometheusQueryException : Exception
{
    public PrometheusQueryException(string message, string? query = null, HttpStatusCode? statusCode = null, string? errorType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Query = query;
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>The PromQL sent, when the failure concerns one query.</summary>
    public string? Query { get; }

    /// <summary>The HTTP status, when an answer came back.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Prometheus' <c>errorType</c> (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>, …) when it gave one.</summary>
    public string? ErrorType { get; }
}
