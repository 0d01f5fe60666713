using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Api.Auth;

namespace Watcher.Api.Tests;

/// <summary>
/// Walks every endpoint the host registered (read from its endpoint data source, so a route added to the table is walked
/// without touching a test) as one caller, and lists each answer that disagrees with the policy table: public routes
/// must not answer 401/403; an anonymous caller gets 401 with Watcher's error body; a role below the route's gets 403;
/// a role at or above it gets past identity (any status but 401/403). Shared with the Keystone tests (linked file).
/// </summary>
internal static class RouteWalk
{
    private const string SampleId = "00000000-0000-4000-8000-000000000000";

    /// <summary>The table's routes as the host registered them (endpoints named after routes).</summary>
    public static IReadOnlyList<ApiRoute> Registered(IServiceProvider services)
    {
        var names = services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var routes = WatcherApi.Routes.Where(r => names.Contains(r.Name)).ToList();
        Assert.True(routes.Count == WatcherApi.Routes.Count, "Every route of the table must be registered: missing " + string.Join(", ", WatcherApi.Routes.Where(r => !names.Contains(r.Name)).Select(r => r.Name)));
        return routes;
    }

    /// <summary>The route's template with sample values.</summary>
    public static string SamplePath(ApiRoute route) =>
        "/" + string.Join('/', route.Template.Split('/').Select(s => s.StartsWith('{') ? (s == "{file}" ? "dashboard.js" : SampleId) : s));

    /// <summary>Every disagreement with the policy for a caller of <paramref name="role"/> (null: anonymous), credentials added by <paramref name="authenticate"/>.</summary>
    public static async Task<IReadOnlyList<string>> WalkAsync(HttpClient client, IServiceProvider services, WatcherRole? role, Action<HttpRequestMessage> authenticate)
    {
        var policy = services.GetRequiredService<WatcherAuthSettings>().Policy;
        var problems = new List<string>();
        foreach (var route in Registered(services))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), SamplePath(route));
            request.Headers.Add("OpenStack-API-Version", "infra-optim latest");
            if (ApiPolicy.IsMutating(route))
            {
                request.Content = new StringContent(route.Body == ApiBody.JsonPatch ? "[]" : "{}", Encoding.UTF8, "application/json");
            }

            authenticate(request);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var rule = policy.For(route);
            var expected = rule.Public ? "allowed" : role is null ? "401" : role < rule.MinRole ? "403" : "allowed";
            var what = $"{route.Method} {SamplePath(route)} ({route.Name}, {rule}) as {(role is null ? "anonymous" : ApiPolicy.RoleName(role.Value))}";
            if (expected == "allowed" && status is 401 or 403)
            {
                problems.Add($"{what}: expected to pass identity, got {status}");
            }
            else if (expected != "allowed")
            {
                var text = await response.Content.ReadAsStringAsync();
                if (status.ToString(System.Globalization.CultureInfo.InvariantCulture) != expected)
                {
                    problems.Add($"{what}: expected {expected}, got {status} {text}");
                }
                else if (JsonNode.Parse(text)?["error_message"] is null)
                {
                    problems.Add($"{what}: {status} without Watcher's error body: {text}");
                }
            }
        }

        return problems;
    }
}
