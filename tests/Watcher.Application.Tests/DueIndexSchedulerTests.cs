using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.Application.Tests;

/// <summary>The continuous-audit timer finds due audits through the due index: it starts exactly those, and never lists the audits.</summary>
public sealed class DueIndexSchedulerTests
{
    [Fact]
    public async Task RunDueContinuousAsync_ManyStoredAudits_StartsTheDueOneWithoutListing()
    {
        var documents = new CountingStore(new InMemoryDocumentStore());
        var engine = new RecordingWorkflowEngine();
        using var services = ComposedServices.Build(s => s
            .AddSingleton<IDocumentStore>(new IndexedDocumentStore(documents, new InMemoryDocumentIndex()))
            .AddSingleton<IWorkflowEngine>(engine));
        var repository = services.GetRequiredService<WatcherRepository>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 300; i++)
        {
            await repository.CreateAuditAsync(Audit($"oneshot-{i}", now.AddSeconds(-i)));
        }

        var due = Audit("due", now) with { AuditType = AuditType.Continuous, Interval = "3600", NextRunTime = now.AddMinutes(-1) };
        await repository.CreateAuditAsync(due);
        await repository.CreateAuditAsync(Audit("later", now) with { AuditType = AuditType.Continuous, Interval = "3600", NextRunTime = now.AddHours(1) });
        var reads = documents.Gets;

        var started = await services.GetRequiredService<AuditService>().RunDueContinuousAsync();
        var again = await services.GetRequiredService<AuditService>().RunDueContinuousAsync();

        Assert.Equal(1, started);
        Assert.Equal(0, again);
        Assert.Equal([$"audit:{due.Uuid}:1"], engine.Scheduled);
        Assert.Equal(0, documents.Lists);
        Assert.True(documents.Gets - reads < 10, $"{documents.Gets - reads} document reads for one due audit among 302");
    }

    private static Audit Audit(string name, DateTimeOffset createdAt) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Name = name,
        GoalUuid = "dummy",
        GoalName = "dummy",
        StrategyUuid = "dummy",
        StrategyName = "dummy",
        CreatedAt = createdAt,
    };
}
