using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary><c>nop</c>: logs its message and changes nothing; planners treat it as a barrier.</summary>
public sealed class NopDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.Nop;

    public override string Description => "Do nothing but log a message (a barrier between phases of a plan).";

    public override int Weight => 70;

    public override int Parallelization => 1;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "message": { "type": ["string", "null"] }
          },
          "required": ["message"],
          "additionalProperties": false
        }
        """;

    public override bool ChangesCluster => false;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.Barrier;

    public override string Apply(ClusterState state, JsonObject input) => Text(input, "message") ?? "nop";
}
