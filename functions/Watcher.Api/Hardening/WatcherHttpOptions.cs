using System.ComponentModel.DataAnnotations;

namespace Watcher.Api.Hardening;

/// <summary>
/// The HTTP surface's hardening (configuration section <c>Watcher:Http</c>, docs/security.md "Web hardening"): allowed
/// Host names, the public base URL links are built from, CORS origins, body size and per-identity rate limits.
/// The work limits are <see cref="Domain.Strategies.WorkLimits"/> (<c>Watcher:Http:Limits</c>).
/// </summary>
public sealed class WatcherHttpOptions : IValidatableObject
{
    public const string Section = "Watcher:Http";

    /// <summary>
    /// Host header values served (the port is ignored): names such as <c>watcher.example.com</c>, wildcards such as
    /// <c>*.example.com</c>, or <c>*</c> for any host, which must be given explicitly. Empty (the default): the loopback
    /// names <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c>, plus <c>WEBSITE_HOSTNAME</c> when Azure sets it.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The absolute URL (<c>https://watcher.example.com</c>) every link in a response starts with; unset: the request's scheme and validated Host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Origins (<c>https://portal.example.com</c>, exactly) whose pages may call the API from a browser; empty (the default): CORS is off.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>The largest request body accepted, bytes (1 MiB by default).</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = ApiRequest.MaxBodyBytes;

    /// <summary>The longest <c>name</c> in a body (Watcher's columns hold 63 characters).</summary>
    [Range(1, 4_096)]
    public int MaxNameLength { get; set; } = 63;

    /// <summary>The longest <c>description</c> in a body (Watcher's columns hold 255 characters).</summary>
    [Range(1, 65_536)]
    public int MaxDescriptionLength { get; set; } = 255;

    /// <summary>The longest string anywhere in a body (values and member names).</summary>
    [Range(64, 1_048_576)]
    public int MaxStringLength { get; set; } = 4_096;

    /// <summary>Reads (GET) one identity may make per minute, also its burst; 0 turns the read limit off.</summary>
    [Range(0, 10_000_000)]
    public int ReadsPerMinute { get; set; } = 12_000;

    /// <summary>Mutations (POST, PUT, PATCH, DELETE) one identity may make per minute, also its burst; 0 turns the mutation limit off.</summary>
    [Range(0, 10_000_000)]
    public int MutationsPerMinute { get; set; } = 1_200;

    /// <summary>Seconds a request may take before its answer is logged as a warning, with its route and status (a stall shows in the log).</summary>
    [Range(0, 3_600)]
    public double SlowRequestSeconds { get; set; } = 5;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var host in AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"Watcher:Http:AllowedHosts entry '{host}' must be a host name (watcher.example.com, *.example.com or *), without scheme or path.", [nameof(AllowedHosts)]);
            }
        }

        if (PublicBaseUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return new ValidationResult($"Watcher:Http:PublicBaseUrl '{url}' must be an absolute http or https URL without query, fragment or user info.", [nameof(PublicBaseUrl)]);
        }

        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || o.Scheme is not ("http" or "https") || o.AbsolutePath != "/" || origin.EndsWith('/')
                || !string.IsNullOrEmpty(o.Query) || !string.IsNullOrEmpty(o.UserInfo))
            {
                yield return new ValidationResult($"Watcher:Http:CorsOrigins entry '{origin}' must be an origin such as https://portal.example.com (scheme, host and optional port; no path, no wildcard).", [nameof(CorsOrigins)]);
            }
        }
    }
}
