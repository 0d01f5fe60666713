using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>resize</c>: changes an active or stopped instance's flavor to one of the cluster's flavor catalogue
/// (<see cref="ClusterModel.Flavors"/>, by id or name). The instance stays on its host, which must be up and have room
/// for the growth (a shrink always fits). Revert resizes it back to the flavor and size recorded before it ran, if
/// the host has room then; a revert with nothing recorded, or of an instance already back, changes nothing.
/// </summary>
public sealed class ResizeDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.Resize;

    public override string Description => "Change an instance's flavor (revert restores the recorded flavor).";

    public override int Weight => 20;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The instance's uuid." },
            "resource_name": { "type": "string" },
            "flavor": { "type": "string", "minLength": 1, "description": "The target flavor's name or id." }
          },
          "required": ["resource_id", "flavor"],
          "additionalProperties": false
        }
        """;

    /// <summary>The instance; a resize changes its host's use, so planners also order it against that host's migrations.</summary>
    public override ActionFootprint Footprint(JsonObject input) =>
        Text(input, "resource_id") is { } id ? ActionFootprint.OnResource(id) with { UsesHostCapacity = true } : ActionFootprint.Barrier;

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var flavor = RequireFlavor(state, Required(input, "flavor"));
        if (instance.State is not (InstanceState.Active or InstanceState.Stopped))
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is {instance.State}; Nova resizes active or stopped instances only.");
        }

        var host = state.FindNode(instance.HostUuid) ?? throw new ActionPreconditionException($"Instance {instance.Uuid} is on unknown node {instance.HostUuid}.");
        if (host.State != NodeState.Up)
        {
            throw new ActionPreconditionException($"Compute node {host.Hostname} of instance {instance.Uuid} is down.");
        }

        if (!Fits(state, host, instance, flavor.Demand))
        {
            throw new ActionPreconditionException($"Compute node {host.Hostname} has no room to resize instance {instance.Uuid} to {flavor.Name}.");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is { } id && state.FindInstance(id) is { } instance
        && Text(input, "flavor") is { } name && state.FindFlavor(name) is { } flavor
        && flavor.Matches(instance.Flavor) && instance.Demand == flavor.Demand;

    /// <summary>The instance's flavor name and size before the resize.</summary>
    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        return new JsonObject { ["flavor"] = instance.Flavor, ["vcpus"] = instance.VCpus, ["memory"] = instance.MemoryMb, ["disk"] = instance.DiskGb };
    }

    public override string Apply(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var flavor = state.FindFlavor(Required(input, "flavor")) ?? throw new ActionFailedException($"Flavor {Required(input, "flavor")} does not exist.");
        return ResizeTo(state, instance, flavor.Name, flavor.Demand);
    }

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        if (Recorded(revertData) is not { } previous)
        {
            return $"{instance.Uuid}: no previous flavor recorded, nothing to revert";
        }

        return IsAt(instance, previous.Flavor, previous.Size)
            ? $"{instance.Uuid} already at {previous.Flavor ?? "its previous size"}"
            : ResizeTo(state, instance, previous.Flavor, previous.Size);
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        Recorded(revertData) is not { } previous || IsAt(RequireInstance(state, Required(input, "resource_id")), previous.Flavor, previous.Size);

    private static string ResizeTo(ClusterState state, Instance instance, string? flavorName, Resources size)
    {
        if (IsAt(instance, flavorName, size))
        {
            return $"{instance.Uuid} already at {flavorName}";
        }

        var host = state.FindNode(instance.HostUuid) ?? throw new ActionFailedException($"Instance {instance.Uuid} is on unknown node {instance.HostUuid}.");
        if (host.State != NodeState.Up)
        {
            throw new ActionFailedException($"Compute node {host.Hostname} is down.");
        }

        if (!Fits(state, host, instance, size))
        {
            throw new ActionFailedException($"No valid host: {host.Hostname} has no room to resize instance {instance.Uuid} to {flavorName ?? "its previous size"}.");
        }

        state.SetInstance(instance with { Flavor = flavorName, VCpus = (int)size.VCpus, MemoryMb = (int)size.MemoryMb, DiskGb = (int)size.DiskGb });
        return $"{instance.Uuid} {instance.Flavor ?? Describe(instance.Demand)} -> {flavorName ?? Describe(size)}";
    }

    /// <summary>True when the host has room for what the instance grows by (a component that shrinks needs no room).</summary>
    private static bool Fits(ClusterState state, ComputeNode host, Instance instance, Resources target)
    {
        var growth = new Resources(
            Math.Max(0, target.VCpus - instance.VCpus),
            Math.Max(0, target.MemoryMb - instance.MemoryMb),
            Math.Max(0, target.DiskGb - instance.DiskGb));
        return growth == Resources.Zero || growth.FitsIn(state.Free(host));
    }

    private static bool IsAt(Instance instance, string? flavorName, Resources size) =>
        instance.Demand == size && string.Equals(instance.Flavor, flavorName, StringComparison.Ordinal);

    /// <summary>The recorded flavor and size (numbers held as CLR values before the action is stored, as JSON after).</summary>
    private static (string? Flavor, Resources Size)? Recorded(JsonObject? revertData) =>
        revertData is null || JsonNumbers.AsDouble(revertData["vcpus"]) is not { } vcpus
        || JsonNumbers.AsDouble(revertData["memory"]) is not { } memory || JsonNumbers.AsDouble(revertData["disk"]) is not { } disk
            ? null
            : (Text(revertData, "flavor"), new Resources(vcpus, memory, disk));

    private static Flavor RequireFlavor(ClusterState state, string name)
    {
        if (state.Original.Flavors.Count == 0)
        {
            throw new ActionPreconditionException($"resize to flavor '{name}' cannot run: the cluster model carries no flavor catalogue to size it.");
        }

        return state.FindFlavor(name) ?? throw new ActionPreconditionException($"Flavor {name} does not exist.");
    }

    private static string Describe(Resources size) => $"{Format(size.VCpus)} vCPU/{Format(size.MemoryMb)} MB/{Format(size.DiskGb)} GB";
}
