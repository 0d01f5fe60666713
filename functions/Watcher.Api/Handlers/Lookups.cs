using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;

namespace Watcher.Api.Handlers;

/// <summary>Finds a resource named in a route or a filter by uuid or name; an unknown one is a 404 naming it, never an empty result.</summary>
internal static class Lookups
{
    public static async Task<Audit> FindAuditAsync(ApiRequest r, string id)
    {
        var direct = await r.Repository.Store.GetAsync<Audit>(WatcherRepository.Audits, id, r.Http.RequestAborted);
        var audit = direct?.Value ?? await r.Repository.FindAuditByNameAsync(id, r.Http.RequestAborted);
        return audit is not null && audit.State != AuditState.Deleted ? audit : throw new NotFoundException("Audit", id);
    }

    public static async Task<AuditTemplate> FindTemplateAsync(ApiRequest r, string id) =>
        await r.Repository.FindTemplateAsync(id, r.Http.RequestAborted)
            ?? await r.Repository.FindTemplateByNameAsync(id, r.Http.RequestAborted)
            ?? throw new NotFoundException("AuditTemplate", id);

    public static async Task<ActionPlan> FindPlanAsync(ApiRequest r, string id) =>
        (await r.Repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, id, r.Http.RequestAborted))?.Value is { State: not ActionPlanState.Deleted } plan
            ? plan
            : throw new NotFoundException("ActionPlan", id);

    /// <summary>Checks that a goal filter names a known goal.</summary>
    public static void RequireGoal(string id)
    {
        if (GoalCatalog.Find(id) is null)
        {
            throw new NotFoundException("Goal", id);
        }
    }

    /// <summary>Checks that a strategy filter names a known strategy.</summary>
    public static void RequireStrategy(ApiRequest r, string id)
    {
        if (r.Strategies.Find(id) is null)
        {
            throw new NotFoundException("Strategy", id);
        }
    }
}
