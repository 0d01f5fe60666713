using System.ComponentModel.DataAnnotations;

namespace Watcher.Api.Auth;

/// <summary>Settings of the API's identity seam (configuration section <c>Watcher:Auth</c>).</summary>
public sealed class WatcherAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:Auth";

    /// <summary>Which authenticator serves requests: <c>none</c> (local development, loopback only), <c>keystone</c>, <c>api_key</c>, <c>entra</c> (settings in <see cref="EntraAuthOptions"/>).</summary>
    [Required]
    public string Mode { get; set; } = AuthModes.None;

    /// <summary>The keys of the <c>api_key</c> mode.</summary>
    public IList<ApiKeyEntry> ApiKeys { get; } = [];

    /// <summary>
    /// Overrides of the policy table by route name (<c>Watcher:Auth:Policy:DeleteAudit=admin</c>), in the spirit of
    /// Watcher's <c>policy.yaml</c>: <c>reader</c>, <c>operator</c> or <c>admin</c>. A mutating route can never be
    /// opened to readers, and public routes stay public.
    /// </summary>
    public IDictionary<string, WatcherRole> Policy { get; } = new Dictionary<string, WatcherRole>(StringComparer.Ordinal);
}
