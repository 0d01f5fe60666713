using System.ComponentModel.DataAnnotations;

namespace Watcher.LocalHost;

/// <summary>Settings of the local host (configuration section <c>Watcher:Local</c>).</summary>
public sealed class LocalHostOptions
{
    /// <summary>Where the HTTP API listens; the same port <c>func start</c> uses.</summary>
    [Required]
    [Url]
    public string Url { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Loopback port of the Durable gRPC sidecar (HTTP/2 only); 0 picks a free port.</summary>
    [Range(0, 65_535)]
    public int SidecarPort { get; set; } = 7072;

    /// <summary>How long a message being processed by a process that died stays invisible before another takes it.</summary>
    [Range(1, 86_400)]
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>A stable worker id lets a restarted process take its partition leases back at once.</summary>
    [Required]
    public string WorkerId { get; set; } = "watcher-local";
}
