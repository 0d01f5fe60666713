using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>resize</c>: changes an instance's flavor. Its schema, footprint and weights are Watcher's, so planners order
/// it; its effect needs the target flavor's size, and the cluster model carries no flavor catalogue yet, so the
/// pre-condition refuses it with that reason (the verifier then rejects such a plan up front).
/// </summary>
public sealed class ResizeDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.Resize;

    public override string Description => "Change an instance's flavor (not executable until the model carries flavors).";

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

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.OnResource(Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        RequireInstance(state, Required(input, "resource_id"));
        throw new ActionPreconditionException($"resize to flavor '{Required(input, "flavor")}' cannot run: the cluster model carries no flavor catalogue to size it.");
    }

    public override string Apply(ClusterState state, JsonObject input)
    {
        CheckPrecondition(state, input);
        return "resized";
    }
}
