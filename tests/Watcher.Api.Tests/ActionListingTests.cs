using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.Api.Tests;

/// <summary>
/// <c>GET /v1/actions</c> without a filter, in the default order: plan order (created_at, then uuid), graph order within a
/// plan; pages followed through <c>next</c> give the same list as one big page; deleted plans' actions are left out;
/// and a page reads only the plans it needs (no listing of every plan).
/// </summary>
public sealed class ActionListingTests
{
    [Fact]
    public async Task ListActions_PagesFollowedThroughNext_SameAsOnePageInPlanThenGraphOrder()
    {
        var documents = new CountingStore(new InMemoryDocumentStore());
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Services.AddSingleton<IDocumentStore>(new IndexedDocumentStore(documents, new InMemoryDocumentIndex())));
        var plans = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var audit = (await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" }))["uuid"]!.GetValue<string>();
            await host.WaitForAuditAsync(audit, "SUCCEEDED");
            plans.Add((await host.GetOkAsync($"/v1/action_plans?audit_uuid={audit}"))["action_plans"]![0]!["uuid"]!.GetValue<string>());
        }

        var (deleted, _, _) = await host.SendAsync(HttpMethod.Delete, $"/v1/action_plans/{plans[1]}");
        var expected = new List<string>();
        foreach (var plan in (await host.GetOkAsync("/v1/action_plans"))["action_plans"]!.AsArray().Select(p => p!["uuid"]!.GetValue<string>()))
        {
            expected.AddRange((await host.GetOkAsync($"/v1/actions?action_plan_uuid={plan}"))["actions"]!.AsArray().Select(a => a!["uuid"]!.GetValue<string>()));
        }

        var lists = documents.Lists;
        var whole = (await host.GetOkAsync("/v1/actions"))["actions"]!.AsArray().Select(a => a!["uuid"]!.GetValue<string>()).ToList();
        var paged = new List<string>();
        var pages = 0;
        for (var next = "/v1/actions/detail?limit=2"; next is not null; pages++)
        {
            var body = await host.GetOkAsync(next);
            paged.AddRange(body["actions"]!.AsArray().Select(a => a!["uuid"]!.GetValue<string>()));
            next = body["next"]?.GetValue<string>() is { } link ? new Uri(link).PathAndQuery : null;
        }

        var (badMarker, error, _) = await host.SendAsync(HttpMethod.Get, "/v1/actions?marker=no-such-action");

        Assert.Equal(204, deleted);
        Assert.Equal(3, (await host.GetOkAsync("/v1/action_plans"))["action_plans"]!.AsArray().Count);
        Assert.True(expected.Count >= 3, $"{expected.Count} actions in 3 plans");
        Assert.Equal(expected, whole);
        Assert.Equal(expected, paged);
        Assert.Equal((expected.Count + 1) / 2, pages);
        Assert.Equal(0, documents.Lists - lists);
        Assert.Equal(400, badMarker);
        Assert.Contains("marker 'no-such-action'", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListActions_ManyPlansWithoutActions_ReadsOnlyThePlansWithActions()
    {
        var documents = new CountingStore(new InMemoryDocumentStore());
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Services.AddSingleton<IDocumentStore>(new IndexedDocumentStore(documents, new InMemoryDocumentIndex())));
        var audit = (await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" }))["uuid"]!.GetValue<string>();
        await host.WaitForAuditAsync(audit, "SUCCEEDED");
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        for (var i = 0; i < 100; i++)
        {
            await repository.CreatePlanAsync(new Domain.Model.ActionPlan { Uuid = $"empty-{i:D3}", AuditUuid = audit, StrategyUuid = "s", StrategyName = "dummy", CreatedAt = DateTimeOffset.UtcNow.AddDays(-1) });
        }

        var gets = documents.Gets;
        var actions = (await host.GetOkAsync("/v1/actions"))["actions"]!.AsArray();

        Assert.NotEmpty(actions);
        Assert.True(documents.Gets - gets <= 3, $"{documents.Gets - gets} document reads to list the actions of 1 plan among 101");
    }
}
