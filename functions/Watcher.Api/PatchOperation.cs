using System.Text.Json.Nodes;

namespace Watcher.Api;

/// <summary>One operation of a Watcher JSON patch on a top-level field: <c>add</c>/<c>replace</c> with a value, or <c>remove</c>.</summary>
public sealed record PatchOperation(string Op, string Field, JsonNode? Value)
{
    public bool IsRemove => Op == "remove";
}
