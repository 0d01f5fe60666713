using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>stop</c>: stops an instance (it keeps its place and its flavor's allocation); revert starts it again if it was
/// running (it returns it to the state recorded before the stop). With nothing recorded (the stop never started),
/// revert changes nothing.
/// </summary>
public sealed class StopDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.Stop;

    public override string Description => "Stop an instance.";

    public override int Weight => 35;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The instance's uuid." },
            "resource_name": { "type": "string" }
          },
          "required": ["resource_id"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.OnResource(Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input) => RequireInstance(state, Required(input, "resource_id"));

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        RequireInstance(state, Required(input, "resource_id")).State == InstanceState.Stopped;

    public override string? NotNeededReason(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is not { } id ? null
        : state.FindInstance(id) is not { } instance ? $"Instance {id} no longer exists."
        : instance.State == InstanceState.Stopped ? $"Instance {id} is already stopped."
        : null;

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input) =>
        new() { ["state"] = RequireInstance(state, Required(input, "resource_id")).State };

    public override string Apply(ClusterState state, JsonObject input) =>
        SetState(state, RequireInstance(state, Required(input, "resource_id")), InstanceState.Stopped);

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        return Previous(revertData) is { } previous ? SetState(state, instance, previous) : $"{instance.Uuid}: no previous state recorded, nothing to revert";
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        Previous(revertData) is not { } previous || RequireInstance(state, Required(input, "resource_id")).State == previous;

    /// <summary>The instance must still exist and still be stopped, as the action left it.</summary>
    public override void CheckRevertPrecondition(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        if (instance.State != InstanceState.Stopped)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is {instance.State}, not stopped as the action left it.");
        }
    }

    private static string SetState(ClusterState state, Instance instance, string target)
    {
        if (instance.State == target)
        {
            return $"{instance.Uuid} already {target}";
        }

        state.SetInstance(instance with { State = target });
        return $"{instance.State} -> {target}";
    }

    /// <summary>The state recorded before the stop, or null when nothing was recorded.</summary>
    private static string? Previous(JsonObject? revertData) => Text(revertData ?? [], "state");
}
