using Microsoft.Extensions.Logging;
using Watcher.Application.Services;

namespace Watcher.Orchestrations;

/// <summary>How both hosts' reconciler timers log a pass (the Functions timer and the local host's service).</summary>
public static class ReconcileLog
{
    /// <summary>Logs each repair (a warning: something had been left behind) and each problem of <paramref name="report"/>.</summary>
    public static void Write(ReconcileReport report, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var repair in report.Repairs)
        {
            logger.LogWarning("Reconciled: {Repair}", repair);
        }

        foreach (var problem in report.Problems)
        {
            logger.LogWarning("Reconciler could not repair: {Problem}", problem);
        }
    }
}
