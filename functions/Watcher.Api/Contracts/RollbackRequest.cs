using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The optional body of <c>POST /v1/action_plans/{uuid}/rollback</c>: which executed actions to roll back, a dry run, or force.</summary>
public sealed record RollbackRequest
{
    [JsonPropertyName("actions")]
    [Description("The uuids of the actions to roll back (their dependents follow); all executed actions when absent.")]
    public IReadOnlyList<string>? Actions { get; init; }

    [JsonPropertyName("dry_run")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    [Description("Preview only: answer 200 with the reverse plan and each revert's verdict against the cluster now; nothing runs.")]
    public bool? DryRun { get; init; }

    [JsonPropertyName("force")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    [Description("Roll back even though some reverts drifted (409 otherwise): those actions are skipped, left as they are, and reported.")]
    public bool? Force { get; init; }
}
