using System.ComponentModel.DataAnnotations;

namespace Watcher.OpenStack;

/// <summary>
/// Configuration of the OpenStack cloud (section <c>Watcher:OpenStack</c>): Keystone v3 credentials (a password or an
/// application credential), which catalog endpoints to use, and the time limits of calls and of Nova operations.
/// </summary>
public sealed class OpenStackOptions
{
    /// <summary>Keystone's v3 endpoint, e.g. <c>http://keystone:5000/v3</c>.</summary>
    [Required]
    public Uri AuthUrl { get; set; } = new("http://127.0.0.1:5000/v3");

    /// <summary>User name for password authentication (ignored when an application credential is set).</summary>
    public string? Username { get; set; }

    /// <summary>Password for password authentication.</summary>
    public string? Password { get; set; }

    /// <summary>The user's domain (name).</summary>
    public string UserDomainName { get; set; } = "Default";

    /// <summary>The project to scope the token to.</summary>
    public string? ProjectName { get; set; }

    /// <summary>The project's domain (name).</summary>
    public string ProjectDomainName { get; set; } = "Default";

    /// <summary>Application credential id (takes precedence over the password when set with its secret).</summary>
    public string? ApplicationCredentialId { get; set; }

    /// <summary>Application credential secret.</summary>
    public string? ApplicationCredentialSecret { get; set; }

    /// <summary>The catalog region whose endpoints are used (null: the first endpoint of the interface).</summary>
    public string? Region { get; set; } = "RegionOne";

    /// <summary>The catalog interface: public, internal or admin.</summary>
    [RegularExpression("^(public|internal|admin)$")]
    public string Interface { get; set; } = "public";

    /// <summary>The Nova microversion sent on every compute call (2.80: migrations filtered by instance, flavors embedded in servers).</summary>
    public string ComputeMicroversion { get; set; } = "2.80";

    /// <summary>Refresh the token this long before Keystone says it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a call that got a 5xx or a 409 (busy), with exponential backoff and jitter.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one Nova operation (a migration, a resize, a stop) may take before the action fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First poll interval while waiting on Nova; it grows by half each poll up to <see cref="MaxPollInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Longest poll interval while waiting on Nova.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Server metadata key that excludes an instance from optimization when its value is <c>true</c>.</summary>
    public string ExcludeMetadataKey { get; set; } = "watcher-exclude";

    /// <summary>Problems with these settings (empty when usable).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var appCred = !string.IsNullOrWhiteSpace(ApplicationCredentialId) || !string.IsNullOrWhiteSpace(ApplicationCredentialSecret);
        if (appCred && (string.IsNullOrWhiteSpace(ApplicationCredentialId) || string.IsNullOrWhiteSpace(ApplicationCredentialSecret)))
        {
            problems.Add("Watcher:OpenStack:ApplicationCredentialId and ApplicationCredentialSecret must be set together.");
        }

        if (!appCred && (string.IsNullOrWhiteSpace(Username) || string.IsNullOrWhiteSpace(Password) || string.IsNullOrWhiteSpace(ProjectName)))
        {
            problems.Add("Watcher:OpenStack needs Username, Password and ProjectName, or ApplicationCredentialId and ApplicationCredentialSecret.");
        }

        if (MinPollInterval > MaxPollInterval)
        {
            problems.Add("Watcher:OpenStack:MinPollInterval is longer than MaxPollInterval.");
        }

        return problems;
    }
}
