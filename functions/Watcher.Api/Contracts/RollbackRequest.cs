using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The optional body of <c>POST /v1/action_plans/{uuid}/rollback</c>: which executed actions to roll back.</summary>
public sealed record RollbackRequest
{
    [JsonPropertyName("actions")]
    [Description("The uuids of the actions to roll back (their dependents follow); all executed actions when absent.")]
    public IReadOnlyList<string>? Actions { get; init; }
}
