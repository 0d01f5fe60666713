using System.ComponentModel.DataAnnotations;
using Watcher.Api.Auth;

namespace Watcher.Keystone;

/// <summary>
/// Settings of the Keystone mode (configuration section <c>Watcher:Auth:Keystone</c>): the service user that
/// validates tokens, as keystonemiddleware's <c>[keystone_authtoken]</c>, the cache, and the role map.
/// </summary>
public sealed class KeystoneAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:Auth:Keystone";

    /// <summary>Keystone's v3 URL, such as <c>http://127.0.0.1:5000/v3</c>.</summary>
    [Required]
    [Url]
    public string AuthUrl { get; set; } = string.Empty;

    /// <summary>The service user Watcher validates tokens as (it needs the <c>service</c> or <c>admin</c> role, as keystonemiddleware's user does).</summary>
    [Required]
    public string Username { get; set; } = string.Empty;

    /// <summary>The service user's password.</summary>
    [Required]
    public string Password { get; set; } = string.Empty;

    /// <summary>The project the service user's own token is scoped to.</summary>
    [Required]
    public string ProjectName { get; set; } = string.Empty;

    /// <summary>The service user's domain.</summary>
    [Required]
    public string UserDomainName { get; set; } = "Default";

    /// <summary>The service project's domain.</summary>
    [Required]
    public string ProjectDomainName { get; set; } = "Default";

    /// <summary>How long a validation (or a rejection) is reused; never past the token's <c>expires_at</c>. 0 validates every request.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;

    /// <summary>Timeout of each call to Keystone.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>When set, only tokens scoped to this project id are accepted (one Watcher per project); otherwise any project's.</summary>
    public string? ProjectId { get; set; }

    /// <summary>
    /// Keystone role name → Watcher role (<c>Watcher:Auth:Keystone:RoleMap:member=operator</c>). Keystone tokens list
    /// implied roles too (admin implies member implies reader), and a caller gets the highest mapped one.
    /// </summary>
    public IDictionary<string, WatcherRole> RoleMap { get; } = new Dictionary<string, WatcherRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["admin"] = WatcherRole.Admin,
        ["member"] = WatcherRole.Operator,
        ["reader"] = WatcherRole.Reader,
    };
}
