using Watcher.Domain.Actions;

namespace Watcher.Domain.Execution;

/// <summary>
/// The disruption budget of an <see cref="ExecutionPolicy"/>: whether one more action may start now, given what is
/// running and what started in the last hour. Pure, so orchestrators call it while replaying; the same budget applies
/// to execution and to reverts (compensation and rollback).
/// </summary>
public sealed class DisruptionBudget(ExecutionPolicy policy)
{
    /// <summary>The window the hourly cap counts over.</summary>
    public static TimeSpan Hour { get; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Null when an action with <paramref name="candidate"/>'s footprint may start at <paramref name="now"/>; otherwise
    /// why not (naming the cap that is reached).
    /// </summary>
    /// <param name="candidate">The footprint of the action that would start.</param>
    /// <param name="running">The footprints of the actions running now.</param>
    /// <param name="recentStarts">When the plan's actions started; only those within the last hour count.</param>
    /// <param name="now">The orchestration's current time.</param>
    public string? Blocker(ActionFootprint candidate, IReadOnlyCollection<ActionFootprint> running, IReadOnlyCollection<DateTimeOffset> recentStarts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(recentStarts);
        if (policy.MaxActionsPerHour is { } perHour && recentStarts.Count(t => t > now - Hour) >= perHour)
        {
            return $"the budget of {perHour} action(s) per hour is used";
        }

        if (candidate.Kind != FootprintKind.Migration)
        {
            return null;
        }

        var migrations = running.Where(f => f.Kind == FootprintKind.Migration).ToList();
        if (policy.MaxConcurrentMigrations is { } total && migrations.Count >= total)
        {
            return $"{migrations.Count} migration(s) are running, the budget allows {total} at once";
        }

        if (policy.MaxConcurrentMigrationsPerHost is { } perHost)
        {
            foreach (var host in new[] { candidate.Source, candidate.Destination }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var onHost = migrations.Count(f => f.Source == host || f.Destination == host);
                if (onHost >= perHost)
                {
                    return $"{onHost} migration(s) are running on host {host}, the budget allows {perHost} per host";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// When the hourly cap next frees a slot (an hour after the oldest start that still counts), or null when the cap
    /// is not reached or there is none.
    /// </summary>
    public DateTimeOffset? NextHourlySlot(IReadOnlyCollection<DateTimeOffset> recentStarts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recentStarts);
        if (policy.MaxActionsPerHour is not { } perHour)
        {
            return null;
        }

        var counted = recentStarts.Where(t => t > now - Hour).Order().ToList();
        return counted.Count < perHour ? null : counted[counted.Count - perHour] + Hour;
    }
}
