using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Requests;
using Watcher.Application.Services;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>The continuous-audit timer runs each due audit on its own: one whose stored schedule throws is FAILED with the reason, the others still start.</summary>
public sealed class ContinuousTimerIsolationTests
{
    [Fact]
    public async Task RunDueContinuous_StoredCronThatNeverFires_FailsThatAuditAndStartsTheOthers()
    {
        var engine = new RecordingWorkflowEngine();
        using var services = ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(engine));
        var audits = services.GetRequiredService<AuditService>();
        var repository = services.GetRequiredService<WatcherRepository>();
        var created = new List<Audit>();
        for (var i = 0; i < 6; i++)
        {
            created.Add(await audits.CreateAsync(new AuditRequest { AuditType = AuditType.Continuous, Goal = "dummy", Interval = "3600", Name = $"c{i}" }));
        }

        // Records stored by an older version, before crons were checked: one that never fires, one Cronos cannot parse.
        var broken = new[] { created[0], created[3] };
        await repository.UpdateAuditAsync(created[0].Uuid, a => a with { Interval = "0 0 31 2 *" });
        await repository.UpdateAuditAsync(created[3].Uuid, a => a with { Interval = "99 * * * *" });

        var started = await audits.RunDueContinuousAsync();

        Assert.Equal(4, started);
        Assert.Equal(created.Except(broken).Select(a => $"audit:{a.Uuid}:1").Order(), engine.Scheduled.Order());
        foreach (var audit in broken)
        {
            var stored = await repository.GetAuditAsync(audit.Uuid);
            Assert.Equal(AuditState.Failed, stored.State);
            Assert.Null(stored.NextRunTime);
            Assert.Contains("could not schedule the next run", stored.StatusMessage, StringComparison.Ordinal);
        }

        Assert.Contains("never fires", (await repository.GetAuditAsync(created[0].Uuid)).StatusMessage, StringComparison.Ordinal);
        Assert.Equal(0, await audits.RunDueContinuousAsync());
    }
}
