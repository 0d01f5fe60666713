using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Application.Tests;

/// <summary>
/// An action type that is not built in, defined here to prove the seam: <c>suspend</c> an active instance (it keeps
/// its place); revert resumes it. Registered with <c>AddAction&lt;SuspendDefinition&gt;()</c>, with no other edit anywhere.
/// </summary>
public sealed class SuspendDefinition : ActionDefinition
{
    public const string Type = "suspend";
    public const string Suspended = "suspended";

    public override string ActionType => Type;

    public override string Description => "Suspend an active instance.";

    public override int Weight => 33;

    public override int Parallelization => 3;

    protected override string SchemaJson => """
        {
          "type": "object",
          "properties": { "resource_id": { "type": "string", "minLength": 1 } },
          "required": ["resource_id"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.OnResource(Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        if (instance.State != InstanceState.Active)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is {instance.State}; only an active instance can be suspended.");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) => RequireInstance(state, Required(input, "resource_id")).State == Suspended;

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input) =>
        new() { ["state"] = RequireInstance(state, Required(input, "resource_id")).State };

    public override string Apply(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        if (instance.State != InstanceState.Active)
        {
            throw new ActionFailedException($"Instance {instance.Uuid} is {instance.State}; cannot suspend.");
        }

        state.SetInstance(instance with { State = Suspended });
        return "suspended";
    }

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        state.SetInstance(instance with { State = Text(revertData ?? [], "state") ?? InstanceState.Active });
        return "resumed";
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        RequireInstance(state, Required(input, "resource_id")).State == (Text(revertData ?? [], "state") ?? InstanceState.Active);
}
