using System.Security.Claims;

namespace Watcher.Api.Auth;

/// <summary>
/// The principal every authenticator produces: a name, Watcher roles as <see cref="ClaimTypes.Role"/> claims
/// (<c>admin</c>, <c>operator</c>, <c>reader</c>) and, for Keystone, the token's project. The policy reads only the roles.
/// </summary>
public static class WatcherClaims
{
    /// <summary>The claim naming the Keystone project a token is scoped to.</summary>
    public const string ProjectId = "watcher:project_id";

    /// <summary>A principal of <paramref name="scheme"/> named <paramref name="name"/> holding <paramref name="roles"/>.</summary>
    public static ClaimsPrincipal Principal(string scheme, string name, IEnumerable<WatcherRole> roles, IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Distinct().Select(r => new Claim(ClaimTypes.Role, ApiPolicy.RoleName(r))));
        claims.AddRange(extra ?? []);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The highest Watcher role <paramref name="principal"/> holds, or null when it holds none.</summary>
    public static WatcherRole? HighestRole(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        WatcherRole? best = null;
        foreach (var claim in principal.FindAll(ClaimTypes.Role))
        {
            if (Enum.TryParse<WatcherRole>(claim.Value, ignoreCase: true, out var role) && Enum.IsDefined(role) && (best is null || role > best))
            {
                best = role;
            }
        }

        return best;
    }
}
