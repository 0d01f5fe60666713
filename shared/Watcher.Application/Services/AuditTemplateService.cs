using Watcher.Application.Requests;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Services;

/// <summary>Audit templates: create, update (Watcher's PATCH applied to the current values) and soft-delete, validated before anything is written.</summary>
public sealed class AuditTemplateService(WatcherRepository repository, StrategyRegistry strategies, TimeProvider time)
{
    private readonly CatalogLookup _lookup = new(repository, strategies);

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<AuditTemplate> CreateAsync(AuditTemplateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = await ValidateAsync(request, null, ct);
        var template = new AuditTemplate
        {
            Uuid = Guid.NewGuid().ToString(),
            Name = fields.Name,
            Description = request.Description,
            GoalUuid = fields.Goal.Uuid,
            GoalName = fields.Goal.Name,
            StrategyUuid = fields.Strategy is null ? null : StrategyRegistry.UuidOf(fields.Strategy),
            StrategyName = fields.Strategy?.Name,
            Scope = fields.Scope,
            CreatedAt = Now,
        };
        await repository.CreateTemplateAsync(template, ct);
        return template;
    }

    /// <summary>
    /// Replaces a template's editable fields with <paramref name="desired"/> (the API's PATCH applied to the current
    /// values), validated as on create: name unique, goal known, strategy serving the goal, scope well formed.
    /// </summary>
    public async Task<AuditTemplate> UpdateAsync(string uuid, AuditTemplateRequest desired, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var fields = await ValidateAsync(desired, uuid, ct);
        return await repository.UpdateTemplateAsync(uuid, t => t with
        {
            Name = fields.Name,
            Description = desired.Description,
            GoalUuid = fields.Goal.Uuid,
            GoalName = fields.Goal.Name,
            StrategyUuid = fields.Strategy is null ? null : StrategyRegistry.UuidOf(fields.Strategy),
            StrategyName = fields.Strategy?.Name,
            Scope = fields.Scope,
            UpdatedAt = Now,
        }, ct);
    }

    public Task<AuditTemplate> DeleteAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdateTemplateAsync(uuid, t => t.DeletedAt is null ? t with { DeletedAt = Now } : throw new NotFoundException("AuditTemplate", uuid), ct);

    private async Task<(string Name, Goal Goal, IStrategy? Strategy, System.Text.Json.Nodes.JsonArray Scope)> ValidateAsync(AuditTemplateRequest request, string? self, CancellationToken ct)
    {
        var name = CatalogLookup.Require(request.Name, "name");
        var goal = CatalogLookup.Goal(CatalogLookup.Require(request.Goal, "goal"));
        var strategy = request.Strategy is null ? null : _lookup.Strategy(request.Strategy, goal);
        var scope = ScopeParser.Normalize(request.Scope);
        _ = ScopeParser.Parse(scope);
        if ((await repository.ListTemplatesAsync(ct)).Any(t => t.Name == name && t.Uuid != self))
        {
            throw new ConflictException($"An audit template named '{name}' already exists.");
        }

        return (name, goal, strategy, scope);
    }
}
