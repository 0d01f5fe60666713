using Microsoft.Extensions.Logging;
using Watcher.Application.Services;

namespace Watcher.Orchestrations;

/// <summary>How both hosts' periodic return checks log what a check did (the Functions timer and the local host's service).</summary>
public static class AutomaticReturnLog
{
    /// <summary>Logs each return plan created and started, and each problem met, of <paramref name="report"/>.</summary>
    public static void Write(AutomaticReturnReport report, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var uuid in report.Created)
        {
            logger.LogInformation("Created return plan {Plan}", uuid);
        }

        foreach (var uuid in report.Started)
        {
            logger.LogInformation("Started return plan {Plan}", uuid);
        }

        foreach (var problem in report.Problems)
        {
            logger.LogWarning("{Problem}", problem);
        }
    }
}
