using System.ComponentModel.DataAnnotations;

namespace Watcher.Api.Auth;

/// <summary>One API key of <c>Watcher:Auth:ApiKeys</c>: who holds it, its role, and the key's SHA-256 (never the key itself).</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The holder's name, shown in logs instead of the key.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>The key's SHA-256 as 64 hex digits (<c>printf %s KEY | sha256sum</c>).</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Sha256 must be the key's SHA-256 as 64 hex digits.")]
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>The role the key grants.</summary>
    public WatcherRole Role { get; set; } = WatcherRole.Reader;
}
