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
    /// A record written less than this many seconds ago is left alone: a live request may still be between its write
    /// and its scheduling. Far above a request's duration, far below a user's patience.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Watcher:Reconciler:GraceSeconds must be between 1 and 86400.")]
    public int GraceSeconds { get; set; } = 30;

    /// <summary>
    /// A plan whose start was interrupted (PENDING, its execution never scheduled) is started by the reconciler when
    /// the start was asked for less than this many seconds ago; an older one goes back to RECOMMENDED, so nothing acts
    /// on the cluster long after the user asked. 0 never resumes.
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "Watcher:Reconciler:ResumeWindowSeconds must be between 0 and 86400.")]
    public int ResumeWindowSeconds { get; set; } = 900;
}
