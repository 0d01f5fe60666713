using System.Text.Json.Nodes;
using Watcher.Application.Requests;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;

namespace Watcher.Application.Services;

/// <summary>Audit templates: create, update (Watcher's PATCH applied to the current values) and soft-delete, validated before anything is written.</summary>
public sealed class AuditTemplateService(WatcherRepository repository, StrategyRegistry strategies, TimeProvider time)
{
    // As Watcher's audit_templates table: name String(63), description String(255).
    private const int MaxNameLength = 63;
    private const int MaxDescriptionLength = 255;
    private readonly CatalogLookup _lookup = new(repository, strategies);

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<AuditTemplate> CreateAsync(AuditTemplateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = await ApplyAsync(new AuditTemplate { Uuid = Guid.NewGuid().ToString(), Name = string.Empty, GoalUuid = string.Empty, GoalName = string.Empty, CreatedAt = Now }, request, ct);
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
        var validated = await ApplyAsync(await repository.GetTemplateAsync(uuid, ct), desired, ct);
        return await repository.UpdateTemplateAsync(uuid, t => t with
        {
            Name = validated.Name,
            Description = validated.Description,
            GoalUuid = validated.GoalUuid,
            GoalName = validated.GoalName,
            StrategyUuid = validated.StrategyUuid,
            StrategyName = validated.StrategyName,
            Scope = validated.Scope,
            DefaultParameters = validated.DefaultParameters,
            ExecutionPolicy = validated.ExecutionPolicy,
            UpdatedAt = Now,
        }, ct);
    }

    public Task<AuditTemplate> DeleteAsync(string uuid, CancellationToken ct = default) =>
        repository.UpdateTemplateAsync(uuid, t => t.DeletedAt is null ? t with { DeletedAt = Now } : throw new NotFoundException("AuditTemplate", uuid), ct);

    /// <summary>Validates <paramref name="request"/> as on create (name unique, goal known, strategy serving it, scope well formed) and applies it to <paramref name="template"/>.</summary>
    private async Task<AuditTemplate> ApplyAsync(AuditTemplate template, AuditTemplateRequest request, CancellationToken ct)
    {
        var name = CatalogLookup.Require(request.Name, "name");
        if (name.Length > MaxNameLength)
        {
            throw new ValidationException($"'name' must be at most {MaxNameLength} characters, got {name.Length}.");
        }

        if (request.Description?.Length > MaxDescriptionLength)
        {
            throw new ValidationException($"'description' must be at most {MaxDescriptionLength} characters, got {request.Description.Length}.");
        }

        var goal = CatalogLookup.Goal(CatalogLookup.Require(request.Goal, "goal"));
        var strategy = request.Strategy is null ? null : _lookup.Strategy(request.Strategy, goal);
        var scope = ScopeParser.Normalize(request.Scope);
        _ = ScopeParser.Parse(scope);
        ExecutionPolicyValidator.Validate(request.ExecutionPolicy);
        JsonObject? defaults = null;
        if (request.DefaultParameters is { Count: > 0 } given)
        {
            if (strategy is null)
            {
                throw new ValidationException("'default_parameters' needs a 'strategy': they are validated against its parameters.");
            }

            // Validated as an audit's parameters would be; the template keeps what was given, not the filled-in defaults.
            var resolved = strategy.Parameters.Resolve(given, strategy.Name);
            if (strategy.CheckParameters(resolved, cluster: null) is { Count: > 0 } problems)
            {
                throw new ValidationException("'default_parameters': " + string.Join(" ", problems));
            }

            defaults = (JsonObject)given.DeepClone();
        }
        if ((await repository.QueryAllAsync<AuditTemplate>(WatcherRepository.AuditTemplates, [IndexFilter.On("name", name)], ct)).Any(t => t.Uuid != template.Uuid))
        {
            throw new ConflictException($"An audit template named '{name}' already exists.");
        }

        return template with
        {
            Name = name,
            Description = request.Description,
            GoalUuid = goal.Uuid,
            GoalName = goal.Name,
            StrategyUuid = strategy is null ? null : StrategyRegistry.UuidOf(strategy),
            StrategyName = strategy?.Name,
            Scope = scope,
            DefaultParameters = defaults,
            ExecutionPolicy = request.ExecutionPolicy,
        };
    }
}
