using System.ComponentModel.DataAnnotations;

namespace Watcher.Application.Services;

/// <summary>User rollback settings (configuration section <c>Watcher:Rollback</c>, validated at start-up).</summary>
public sealed class RollbackOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Watcher:Rollback";

    /// <summary>
    /// How long after a plan finished it may still be rolled back, in hours (<c>Watcher:Rollback:WindowHours</c>);
    /// 0 means no limit. The default is a week: after that the cluster has usually moved on.
    /// </summary>
    [Range(0, 87_600, ErrorMessage = "Watcher:Rollback:WindowHours must be between 0 (no limit) and 87600 hours (ten years).")]
    public int WindowHours { get; set; } = 168;
}
