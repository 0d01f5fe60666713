using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;

namespace Watcher.Api;

/// <summary>Maps exceptions to Watcher's error body: <c>{"error_message": "{\"faultcode\": ..., \"faultstring\": ..., \"debuginfo\": null}"}</c>. Never a stack trace.</summary>
public static class ApiErrors
{
    public static ApiResponse Error(int status, string message)
    {
        var fault = new JsonObject
        {
            ["faultcode"] = status < 500 ? "Client" : "Server",
            ["faultstring"] = message,
            ["debuginfo"] = null,
        };
        return new ApiResponse(status, new JsonObject { ["error_message"] = fault.ToJsonString(WatcherApi.WriteOptions) });
    }

    /// <summary>The status for a known exception, or null for an unexpected one (a 500 with a generic message).</summary>
    public static ApiResponse? FromException(Exception ex) => ex switch
    {
        ValidationException => Error(400, ex.Message),
        JsonException => Error(400, "Malformed JSON: " + ex.Message),
        NotFoundException => Error(404, ex.Message),
        ConflictException => Error(409, ex.Message),
        InvalidStateTransitionException => Error(409, ex.Message),
        BadHttpRequest bad => Error(bad.Status, bad.Message),
        // A backing service (the document index's storage) that did not answer in time: retry later, not a bug.
        TimeoutException => Error(503, "The service's storage did not answer in time; try again shortly."),
        _ => null,
    };
}
