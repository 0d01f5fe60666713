using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Watcher.Api;

/// <summary>
/// Matches a method and path against a route table with ASP.NET Core's own template matcher, in endpoint routing's
/// inbound precedence (a literal segment such as <c>detail</c> beats a parameter such as <c>{ident}</c>), so a host
/// without endpoint routing (the Functions app's single catch-all trigger) resolves a request to the same route the
/// local host does.
/// </summary>
public sealed class ApiRouteMatcher
{
    private readonly (ApiRoute Route, TemplateMatcher Matcher)[] entries;

    public ApiRouteMatcher(IEnumerable<ApiRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        entries = routes
            .Select(route => (Route: route, Template: TemplateParser.Parse(route.Template)))
            .OrderBy(e => RoutePrecedence.ComputeInbound(e.Template))
            .Select(e => (e.Route, new TemplateMatcher(e.Template, new RouteValueDictionary())))
            .ToArray();
    }

    /// <summary>The matcher over <see cref="WatcherApi.Routes"/>.</summary>
    public static ApiRouteMatcher Default { get; } = new(WatcherApi.Routes);

    /// <summary>The route serving <paramref name="method"/> on <paramref name="path"/> and its route values, or null when none does.</summary>
    public ApiRouteMatch? Match(string method, PathString path)
    {
        foreach (var (route, matcher) in entries)
        {
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var values = new RouteValueDictionary();
            if (matcher.TryMatch(path, values))
            {
                return new ApiRouteMatch(route, values.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString(), StringComparer.OrdinalIgnoreCase));
            }
        }

        return null;
    }
}
