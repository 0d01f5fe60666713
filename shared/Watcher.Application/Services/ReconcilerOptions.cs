using System.ComponentModel.DataAnnotations;

namespace Watcher.Application.Services;

/// <summary>
/// Settings of the <see cref="Reconciler"/> (configuration section <c>Watcher:Reconciler</c>): how often both hosts
/// run it, how old a record must be before it is touched, and how long an interrupted plan start is resumed.
/// </summary>
public sealed class ReconcilerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Watcher:Reconciler";

    /// <summary>Seconds between two passes in the local host (the Functions timer runs every minute).</summary>
    [Range(1, 86_400, ErrorMessage = "Watcher:Reconciler:CheckSeconds must be between 1 and 86400.")]
    public int CheckSeconds { get; set; } = 60;

    /// <summary>
    /// A record written less than this many seconds ago is left alone (a live request may still be between its write
    /// and its scheduling), and a record is repaired only once this process has seen it left behind for this long (a
    /// start message sent just before a crash must be delivered first). Keep it above the Durable queues' visibility
    /// timeout plus a partition lease takeover (30 s + 30 s by default); far below a user's patience.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Watcher:Reconciler:GraceSeconds must be between 1 and 86400.")]
    public int GraceSeconds { get; set; } = 90;

    /// <summary>
    /// A PENDING plan whose execution ended without running it is started again by the reconciler when the start was
    /// asked for less than this many seconds ago; an older one (and one never scheduled) goes back to RECOMMENDED, so
    /// nothing acts on the cluster long after the user asked. 0 never resumes.
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "Watcher:Reconciler:ResumeWindowSeconds must be between 0 and 86400.")]
    public int ResumeWindowSeconds { get; set; } = 900;
}
