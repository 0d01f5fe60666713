using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Execution;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;
using Watcher.Domain.Model;
using Watcher.Domain.Errors;

namespace Watcher.Application.Services;

/// <summary>
/// Resolves "run in the quietest window" when a plan starts: queries the selected metrics source for
/// <c>host_cpu_usage</c> of the hosts and <c>instance_cpu_usage</c> of the instances the plan touches over the last
/// <see cref="Lookback"/> at 1-hour steps, forecasts each series one week ahead (<see cref="TimeSeriesAnalysis.Forecast"/>:
/// hour-of-week profile plus trend), takes the forecast's hour-of-week profile, and lets <see cref="QuietWindowPicker"/>
/// pick the start. The result is the plan's policy with a cron <see cref="MaintenanceWindow"/> (UTC, weekly) whose
/// <see cref="MaintenanceWindow.ChosenFrom"/> says why, and the request cleared. Without usable history (no metrics
/// source, a source without those metrics, a failed query, no samples) it uses the picker's fallback, Sunday 02:00
/// UTC, and says so. The metrics source is resolved only when a plan asks, so hosts and tests that never do need none.
/// </summary>
public sealed class QuietWindowResolver(IServiceProvider? services, ResourceLeases leases, TimeProvider time)
{
    /// <summary>How much history the profiles are built from.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(28);

    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    /// <summary>The plan's policy with its quietest-window request resolved into a cron window; the policy unchanged when it asks for none.</summary>
    public async Task<ExecutionPolicy> ResolveAsync(ActionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.ExecutionPolicy.QuietestWindow is not { } request || plan.ExecutionPolicy.Window is not null)
        {
            return plan.ExecutionPolicy;
        }

        var now = time.GetUtcNow();
        var keys = leases.Keys(plan);
        var hosts = Ids(keys, "host:");
        var instances = Ids(keys, "instance:");
        var profiles = new List<double[]>();
        var used = new List<string>();
        string? problem = null;
        try
        {
            var source = services?.GetService<IMetricsSource>();
            if (source is null)
            {
                problem = "no metrics source is configured";
            }
            else
            {
                await AddProfilesAsync(source, MetricNames.HostCpuUsage, MetricResource.Host, hosts, now, profiles, used, cancellationToken);
                await AddProfilesAsync(source, MetricNames.InstanceCpuUsage, MetricResource.Instance, instances, now, profiles, used, cancellationToken);
                if (profiles.Count == 0)
                {
                    problem = hosts.Count + instances.Count == 0
                        ? "the plan touches no host or instance"
                        : $"metrics source '{source.Name}' has no {MetricNames.HostCpuUsage} / {MetricNames.InstanceCpuUsage} history for them";
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problem = $"querying the history failed ({SafeMessages.Of(ex)})";
            profiles.Clear();
        }

        var choice = QuietWindowPicker.Pick(profiles, TimeSpan.FromSeconds(request.DurationSeconds), now);
        var why = choice.IsFallback
            ? $"Quietest window: no usable history ({problem}); fell back to {choice.Start} (weekly), the documented default."
            : string.Create(CultureInfo.InvariantCulture,
                $"Quietest window: {choice.Start} (weekly, {Hours(request.DurationSeconds)}), forecast combined CPU load {choice.Load:0.#} per hour against {choice.BusiestLoad:0.#} in the busiest window, from {Lookback.TotalDays:0} days of {string.Join(" and ", used)} at 1 h steps.");
        return plan.ExecutionPolicy with { Window = choice.ToMaintenanceWindow(why), QuietestWindow = null };
    }

    private static async Task AddProfilesAsync(
        IMetricsSource source, string metric, MetricResource kind, IReadOnlyList<string> ids, DateTimeOffset now, List<double[]> profiles, List<string> used, CancellationToken cancellationToken)
    {
        if (ids.Count == 0 || !source.SupportedMetrics.Contains(metric))
        {
            return;
        }

        var start = now - Lookback;
        var count = (int)(Lookback / Step);
        var series = await source.QueryRangeAsync(new MetricRangeQuery(metric, kind, ids, start, now, Step), cancellationToken);
        var found = 0;
        foreach (var s in series)
        {
            var history = TimeSeriesAnalysis.Resample(s.Points, start, Step, count);
            if (!history.Values.Any(double.IsFinite))
            {
                continue;
            }

            var forecast = TimeSeriesAnalysis.Forecast(history, TimeSpan.FromDays(7));
            profiles.Add(TimeSeriesAnalysis.HourOfWeekProfile(forecast.Values));
            found++;
        }

        if (found > 0)
        {
            used.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} ({found} {(kind == MetricResource.Host ? "host" : "instance")}{(found == 1 ? string.Empty : "s")})"));
        }
    }

    private static List<string> Ids(IReadOnlyList<string> keys, string prefix)
    {
        var ids = new List<string>();
        foreach (var key in keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                ids.Add(key[prefix.Length..]);
            }
        }

        return ids;
    }

    private static string Hours(int seconds) => seconds % 3600 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds} s");
}
