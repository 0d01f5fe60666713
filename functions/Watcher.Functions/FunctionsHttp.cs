using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Watcher.Api;

namespace Watcher.Functions;

/// <summary>Runs a route of <see cref="WatcherApi.Routes"/> for an HTTP trigger: route values from the binding data, the response written directly.</summary>
public static partial class FunctionsHttp
{
    public static async Task<IActionResult> InvokeAsync(string routeName, HttpRequest req, DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        ArgumentNullException.ThrowIfNull(context);
        var route = WatcherApi.Find(routeName);
        var bindingData = context.BindingContext.BindingData;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in RouteParameter().Matches(route.Template))
        {
            var name = match.Groups[1].Value;
            values[name] = bindingData.TryGetValue(name, out var value) ? value?.ToString() : null;
        }

        await WatcherApi.InvokeAsync(route, new ApiRequest(req.HttpContext, client, values), context.GetLogger<ApiRoute>());
        return new EmptyResult();
    }

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
