using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Watcher.Api.Auth;

/// <summary>
/// Settings of the Entra ID mode (configuration section <c>Watcher:Auth:Entra</c>): which issuer's tokens are trusted
/// (<see cref="Authority"/>, or <see cref="Instance"/> and <see cref="TenantId"/>), for which audience, and how the
/// token's app roles (and, optionally, delegated scopes) map onto Watcher's roles. The signing keys come from the
/// issuer's OpenID Connect metadata (<c>/.well-known/openid-configuration</c> and its JWKS), never from configuration.
/// </summary>
public sealed class EntraAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:Auth:Entra";

    /// <summary>The issuer's authority, such as <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; overrides <see cref="Instance"/> and <see cref="TenantId"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>The Entra ID cloud instance (used with <see cref="TenantId"/> when <see cref="Authority"/> is not set).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The tenant (directory) id whose tokens are accepted: the authority is then <c>{Instance}{TenantId}/v2.0</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The audience the tokens must carry (the API's Application ID URI, such as <c>api://watcher</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>The API's app registration (client) id; accepted as an audience, as is <c>api://{ClientId}</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Issuers accepted besides none: when empty, the issuer named by the metadata (for v1.0 tokens add <c>https://sts.windows.net/{tenant}/</c>).</summary>
    public IList<string> ValidIssuers { get; } = [];

    /// <summary>The claim holding the app roles granted to the caller (Entra ID puts them in <c>roles</c>).</summary>
    [Required]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// App role value → Watcher role (<c>Watcher:Auth:Entra:RoleMap:Watcher.Admin=admin</c>). Configuration adds to the
    /// defaults below; a caller gets the highest mapped role, and a token with no mapped role gets 403 on every route.
    /// </summary>
    public IDictionary<string, WatcherRole> RoleMap { get; } = new Dictionary<string, WatcherRole>(StringComparer.Ordinal)
    {
        ["Watcher.Admin"] = WatcherRole.Admin,
        ["Watcher.Operator"] = WatcherRole.Operator,
        ["Watcher.Reader"] = WatcherRole.Reader,
    };

    /// <summary>The claim holding delegated scopes, space-separated (Entra ID: <c>scp</c>); read only when <see cref="ScopeMap"/> names a scope.</summary>
    [Required]
    public string ScopeClaim { get; set; } = "scp";

    /// <summary>Delegated scope → Watcher role (<c>Watcher:Auth:Entra:ScopeMap:Watcher.Read=reader</c>); empty by default, so scopes alone grant nothing.</summary>
    public IDictionary<string, WatcherRole> ScopeMap { get; } = new Dictionary<string, WatcherRole>(StringComparer.Ordinal);

    /// <summary>Tolerated clock difference when checking a token's lifetime.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 300;

    /// <summary>Timeout of each call to the metadata and key endpoints; when they cannot be reached the API answers 503.</summary>
    [Range(1, 120)]
    public int MetadataTimeoutSeconds { get; set; } = 10;

    /// <summary>The authority tokens are checked against, or null when neither <see cref="Authority"/> nor <see cref="TenantId"/> is set.</summary>
    public Uri? ResolvedAuthority()
    {
        var text = !string.IsNullOrWhiteSpace(Authority)
            ? Authority.Trim()
            : string.IsNullOrWhiteSpace(TenantId) ? null : $"{Instance.Trim().TrimEnd('/')}/{TenantId.Trim()}/v2.0";
        return text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>Every audience accepted: <see cref="Audience"/>, <see cref="ClientId"/> and <c>api://{ClientId}</c>.</summary>
    public IReadOnlyList<string> Audiences()
    {
        var list = new List<string>();
        if (!string.IsNullOrWhiteSpace(Audience))
        {
            list.Add(Audience.Trim());
        }

        if (!string.IsNullOrWhiteSpace(ClientId))
        {
            list.Add(ClientId.Trim());
            list.Add("api://" + ClientId.Trim());
        }

        return list.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether metadata may be fetched over plain HTTP: only from a loopback issuer (a local test issuer).</summary>
    public static bool AllowsHttpMetadata(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>What makes these settings unusable, naming the keys to set, or null when they can serve.</summary>
    public string? Problem()
    {
        var invalid = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), invalid, validateAllProperties: true))
        {
            return "Watcher:Auth:Entra: " + string.Join(" ", invalid.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }

        var authority = ResolvedAuthority();
        if (authority is null)
        {
            return !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(TenantId)
                ? $"Watcher:Auth:Entra:Authority (or Instance and TenantId) is not an absolute URL."
                : "Watcher:Auth:Mode is 'entra' but Watcher:Auth:Entra:Authority (or Watcher:Auth:Entra:TenantId) is not set.";
        }

        if (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && AllowsHttpMetadata(authority)))
        {
            return $"Watcher:Auth:Entra:Authority must be an https URL (plain http only on loopback), not {authority}.";
        }

        if (Audiences().Count == 0)
        {
            return "Watcher:Auth:Mode is 'entra' but neither Watcher:Auth:Entra:Audience nor Watcher:Auth:Entra:ClientId is set, so no token's audience could be checked.";
        }

        return null;
    }
}
