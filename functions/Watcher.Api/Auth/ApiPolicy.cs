namespace Watcher.Api.Auth;

/// <summary>
/// The policy table, in the style of Watcher's <c>policy.yaml</c>: one rule per route of <see cref="WatcherApi.Routes"/>.
/// The defaults follow from the route itself, so a new route is covered the day it is added: health and the
/// dashboard's static files are public; a GET needs a reader; anything else (create, patch, delete, start, cancel,
/// rollback, return, webhook) an operator; the simulator's control routes an admin. Overrides by route name come from
/// <c>Watcher:Auth:Policy</c>; a mutating route can never be opened to readers.
/// </summary>
public sealed class ApiPolicy
{
    private static readonly HashSet<string> PublicRoutes = new(StringComparer.Ordinal) { "Health", "Dashboard", "DashboardFile", "DashboardVendorFile" };

    private readonly IReadOnlyDictionary<string, WatcherRole> overrides;

    /// <param name="overrides">Minimum roles by route name (<see cref="WatcherAuthOptions.Policy"/>).</param>
    public ApiPolicy(IEnumerable<KeyValuePair<string, WatcherRole>>? overrides = null)
    {
        this.overrides = new Dictionary<string, WatcherRole>(overrides ?? [], StringComparer.Ordinal);
        foreach (var (name, role) in this.overrides)
        {
            var route = WatcherApi.Routes.FirstOrDefault(r => r.Name == name)
                ?? throw new InvalidOperationException($"Watcher:Auth:Policy names route '{name}', which does not exist; routes are named as in the OpenAPI document's operationIds.");
            if (!Enum.IsDefined(role))
            {
                throw new InvalidOperationException($"Watcher:Auth:Policy:{name} is not a role; use reader, operator or admin.");
            }

            if (IsMutating(route) && role < Default(route).MinRole)
            {
                throw new InvalidOperationException($"Watcher:Auth:Policy:{name} would let a {RoleName(role)} call {route.Method} /{route.Template}; a mutating route can only be made stricter.");
            }
        }
    }

    /// <summary>The table with no overrides.</summary>
    public static ApiPolicy Defaults { get; } = new();

    /// <summary>The rule for <paramref name="route"/>.</summary>
    public PolicyRule For(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var rule = Default(route);
        return !rule.Public && overrides.TryGetValue(route.Name, out var role) ? PolicyRule.AtLeast(role) : rule;
    }

    /// <summary>Every route with its rule, in table order (the documentation's policy table).</summary>
    public IEnumerable<(ApiRoute Route, PolicyRule Rule)> Table() => WatcherApi.Routes.Select(r => (r, For(r)));

    /// <summary>Whether a route changes state (anything but GET and HEAD).</summary>
    public static bool IsMutating(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Method is not ("GET" or "HEAD");
    }

    /// <summary>The role's name in configuration and documents (lower case).</summary>
    public static string RoleName(WatcherRole role) => role.ToString().ToLowerInvariant();

    private static PolicyRule Default(ApiRoute route)
    {
        if (PublicRoutes.Contains(route.Name))
        {
            return PolicyRule.Anyone;
        }

        if (!IsMutating(route))
        {
            return PolicyRule.AtLeast(WatcherRole.Reader);
        }

        return route.Template.StartsWith("v1/simulator", StringComparison.Ordinal)
            ? PolicyRule.AtLeast(WatcherRole.Admin)
            : PolicyRule.AtLeast(WatcherRole.Operator);
    }
}
