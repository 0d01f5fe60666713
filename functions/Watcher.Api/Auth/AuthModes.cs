namespace Watcher.Api.Auth;

/// <summary>
/// The values of <c>Watcher:Auth:Mode</c>; each is also the name of the ASP.NET Core authentication scheme that serves
/// it, so a mode is added by registering a scheme of that name (the Keystone adapter's <c>AddKeystoneAuth</c>).
/// </summary>
public static class AuthModes
{
    /// <summary>No authentication: every caller is an admin. Local development only: loopback callers only, and the local host refuses a non-loopback address.</summary>
    public const string None = "none";

    /// <summary>OpenStack Keystone tokens in <c>X-Auth-Token</c>, validated with <c>GET /v3/auth/tokens</c> (adapters/Watcher.Keystone).</summary>
    public const string Keystone = "keystone";

    /// <summary>Static API keys from configuration (stored as SHA-256 hashes), in <c>X-Api-Key</c> or <c>X-Auth-Token</c>.</summary>
    public const string ApiKey = "api_key";

    /// <summary>Entra ID bearer tokens (JWT) in <c>Authorization: Bearer</c>, validated against the issuer's OIDC metadata (<see cref="EntraAuthExtensions"/>).</summary>
    public const string Entra = "entra";

    /// <summary>Every mode the configuration may name.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Keystone, ApiKey, Entra];
}
