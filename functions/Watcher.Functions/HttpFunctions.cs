using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Watcher.Functions;

/// <summary>
/// The Functions app's whole HTTP surface: one catch-all trigger that dispatches through the shared route table
/// (<see cref="Api.WatcherApi.Routes"/>), so adding a route touches only the table. host.json sets an empty route prefix.
/// </summary>
public static class HttpFunctions
{
    /// <summary>The function name of the catch-all trigger.</summary>
    public const string Name = "WatcherHttp";

    [Function(Name)]
    public static Task<IActionResult> Dispatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        FunctionsHttp.DispatchAsync(req, client, context);
}
