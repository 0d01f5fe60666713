using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>
/// "Run in the quietest window": at plan start the service reads the touched hosts' and instances' CPU history from the
/// selected metrics source, picks the quietest weekly window and stores it as the plan's cron window with the reason.
/// </summary>
public sealed class QuietWindowStartTests
{
    private readonly RecordingWorkflowEngine _engine = new();

    [Fact]
    public async Task Start_QuietestWindowWithHistoryQuietOnWednesdayNight_CronWindowThereWithReason()
    {
        // Busy all week except Wednesday 03:00–05:00 UTC, on the hosts and the instance alike.
        var source = new QuietHoursSource(hour => hour is 51 or 52 ? 5 : 70);
        using var services = Services(source);
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p", new QuietestWindowRequest { DurationSeconds = 7200 }));

        var plan = await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        var stored = await repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Pending, stored.State);
        Assert.Equal(["plan:p"], _engine.Scheduled);
        Assert.Null(stored.ExecutionPolicy.QuietestWindow);
        var window = stored.ExecutionPolicy.Window!;
        Assert.Equal("0 3 * * 3", window.Cron);
        Assert.Equal(7200, window.DurationSeconds);
        Assert.Equal("UTC", window.TimeZone);
        Assert.Contains("Wed 03:00 UTC", window.ChosenFrom, StringComparison.Ordinal);
        Assert.Contains("host_cpu_usage (2 hosts)", window.ChosenFrom, StringComparison.Ordinal);
        Assert.Contains("instance_cpu_usage (1 instance)", window.ChosenFrom, StringComparison.Ordinal);
        Assert.Equal(window.ChosenFrom, stored.StatusMessage);
        Assert.Equal(stored.ExecutionPolicy, plan.ExecutionPolicy);

        // What was queried: the touched resources only, four weeks back, hourly.
        Assert.Contains(source.Queries, q => q.Metric == MetricNames.HostCpuUsage && q.ResourceIds.Order().SequenceEqual(["compute-01", "compute-02"]) && q.Step == TimeSpan.FromHours(1) && q.End - q.Start == TimeSpan.FromDays(28));
        Assert.Contains(source.Queries, q => q.Metric == MetricNames.InstanceCpuUsage && q.ResourceIds.SequenceEqual(["vm-1"]));
    }

    [Fact]
    public async Task Start_QuietestWindowWithoutHistory_FallbackSundayTwoUtcAndSaysSo()
    {
        using var services = Services(new QuietHoursSource(null));
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p", new QuietestWindowRequest { DurationSeconds = 3600 }));

        await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        var stored = await repository.GetPlanAsync("p");
        Assert.Equal("0 2 * * 0", stored.ExecutionPolicy.Window!.Cron);
        Assert.Contains("no usable history", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("fell back to Sun 02:00 UTC", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(["plan:p"], _engine.Scheduled);
    }

    [Fact]
    public async Task Start_MetricsSourceFails_FallbackNamingTheFailureAndStillScheduled()
    {
        using var services = Services(new QuietHoursSource(null) { Failure = new HttpRequestException("connection refused") });
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p", new QuietestWindowRequest { DurationSeconds = 3600 }));

        await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        var stored = await repository.GetPlanAsync("p");
        Assert.Equal("0 2 * * 0", stored.ExecutionPolicy.Window!.Cron);
        // The infrastructure's own text is withheld from the stored message (SafeMessages); its type is named.
        Assert.Contains("HttpRequestException", stored.StatusMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("connection refused", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(["plan:p"], _engine.Scheduled);
    }

    [Fact]
    public async Task Start_PlanWithoutQuietestRequest_NoQueryAndPolicyUnchanged()
    {
        var source = new QuietHoursSource(_ => 1);
        using var services = Services(source);
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Plan("p", null));

        await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        Assert.Empty(source.Queries);
        Assert.Null((await repository.GetPlanAsync("p")).ExecutionPolicy.Window);
    }

    private ServiceProvider Services(IMetricsSource source) =>
        ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(_engine).AddSingleton(source));

    /// <summary>Migrate vm-1 from compute-01 to compute-02.</summary>
    private static ActionPlan Plan(string uuid, QuietestWindowRequest? quietest) => new()
    {
        Uuid = uuid,
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "workload_balance",
        State = ActionPlanState.Recommended,
        ExecutionPolicy = new ExecutionPolicy { QuietestWindow = quietest },
        Actions =
        [
            new WatcherAction
            {
                Uuid = uuid + "-migrate", ActionPlanUuid = uuid, ActionType = "migrate",
                InputParameters = new JsonObject { ["resource_id"] = "vm-1", ["migration_type"] = "live", ["source_node"] = "compute-01", ["destination_node"] = "compute-02" },
            },
        ],
    };

    /// <summary>A metrics source whose CPU series follow a load per hour of week (no series at all when null), recording its queries.</summary>
    private sealed class QuietHoursSource(Func<int, double>? loadAt) : IMetricsSource
    {
        public List<MetricRangeQuery> Queries { get; } = [];

        public Exception? Failure { get; init; }

        public string Name => "quiet-hours";

        public IReadOnlyCollection<string> SupportedMetrics => MetricNames.All;

        public Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            if (Failure is not null)
            {
                throw Failure;
            }

            if (loadAt is null)
            {
                return Task.FromResult<IReadOnlyList<TimeSeries>>([]);
            }

            var series = new List<TimeSeries>();
            foreach (var id in query.ResourceIds)
            {
                var points = new List<MetricPoint>();
                for (var t = query.Start; t <= query.End; t += query.Step)
                {
                    var utc = t.UtcDateTime;
                    points.Add(new MetricPoint(t, loadAt(((((int)utc.DayOfWeek + 6) % 7) * 24) + utc.Hour)));
                }

                series.Add(new TimeSeries(id, query.Metric, points));
            }

            return Task.FromResult<IReadOnlyList<TimeSeries>>(series);
        }
    }
}
