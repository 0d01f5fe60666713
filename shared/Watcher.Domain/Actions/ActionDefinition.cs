using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions;

/// <summary>
/// Base class for action definitions: the schema is given once as JSON text, and helpers read typed input values.
/// Subclasses implement the effect; the defaults suit actions with nothing to capture or undo.
/// </summary>
public abstract class ActionDefinition : IActionDefinition
{
    private JsonObject? _schema;

    public abstract string ActionType { get; }

    public abstract string Description { get; }

    public JsonObject InputSchema => (JsonObject)(_schema ??= JsonNode.Parse(SchemaJson)!.AsObject()).DeepClone();

    public abstract int Weight { get; }

    public abstract int Parallelization { get; }

    public virtual bool ChangesCluster => true;

    /// <summary>The input schema as JSON text (draft 2020-12).</summary>
    protected abstract string SchemaJson { get; }

    public abstract ActionFootprint Footprint(JsonObject input);

    public virtual void CheckPrecondition(ClusterState state, JsonObject input)
    {
    }

    public virtual bool IsApplied(ClusterState state, JsonObject input) => false;

    /// <summary>
    /// By default: not needed when the instance or volume a migration or in-place change names no longer exists, or
    /// when <see cref="IsApplied"/> already holds. A definition whose reading of the cluster throws (a missing host)
    /// leaves the verdict to its pre-condition.
    /// </summary>
    public virtual string? NotNeededReason(ClusterState state, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!ChangesCluster)
        {
            return null;
        }

        var footprint = Footprint(input);
        if (footprint.Kind is FootprintKind.Migration or FootprintKind.Resource && footprint.Resource is { } resource
            && state.FindInstance(resource) is null && state.FindVolume(resource) is null)
        {
            return $"{resource} no longer exists.";
        }

        try
        {
            return IsApplied(state, input) ? $"Already done: the effect of {ActionType} is in place before it ran." : null;
        }
        catch (ActionPreconditionException)
        {
            return null;
        }
    }

    public virtual JsonObject? CaptureRevertData(ClusterState state, JsonObject input) => null;

    public abstract string Apply(ClusterState state, JsonObject input);

    public virtual string Revert(ClusterState state, JsonObject input, JsonObject? revertData) => "nothing to revert";

    public virtual bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) => true;

    public virtual void CheckRevertPrecondition(ClusterState state, JsonObject input, JsonObject? revertData)
    {
    }

    /// <summary>A string input, or null when absent or not a non-empty string.</summary>
    protected static string? Text(JsonObject input, string name) => Json.JsonText.NonEmpty(input, name);

    /// <summary>A required string input; its absence is a failed pre-condition naming the parameter.</summary>
    protected string Required(JsonObject input, string name) =>
        Text(input, name) ?? throw new ActionPreconditionException($"{ActionType} has no '{name}' input parameter.");

    /// <summary>A number input, or null when absent or not a number (parsed JSON text or a CLR int, long, double built in code).</summary>
    protected static double? Number(JsonObject input, string name) => Json.JsonNumbers.AsDouble(input?[name]);

    /// <summary>The node named by <paramref name="name"/> (uuid or hostname) or a failed pre-condition.</summary>
    protected static ComputeNode RequireNode(ClusterState state, string name) =>
        state.FindNode(name) ?? throw new ActionPreconditionException($"Compute node {name} does not exist.");

    /// <summary>The instance <paramref name="uuid"/> or a failed pre-condition.</summary>
    protected static Instance RequireInstance(ClusterState state, string uuid) =>
        state.FindInstance(uuid) ?? throw new ActionPreconditionException($"Instance {uuid} does not exist.");

    /// <summary>The volume <paramref name="uuid"/> or a failed pre-condition.</summary>
    protected static Volume RequireVolume(ClusterState state, string uuid) =>
        state.FindVolume(uuid) ?? throw new ActionPreconditionException($"Volume {uuid} does not exist.");

    /// <summary>Formats a number for messages.</summary>
    protected static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
