using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Json;

namespace Watcher.OpenStack;

/// <summary>Reading action inputs for Nova: node names become the compute service's host name, which Nova's actions take (never the hypervisor id).</summary>
internal static class OpenStackHandlerInput
{
    public static string Required(JsonObject input, string name) =>
        JsonText.NonEmpty(input, name) ?? throw new ActionFailedException($"The action has no '{name}' input parameter.");

    public static string? Text(JsonObject? input, string name) => input is null ? null : JsonText.NonEmpty(input, name);

    /// <summary>The compute service host of the node named by uuid or hostname in the context's cluster (the name itself when unknown).</summary>
    public static string HostName(ActionContext context, string uuidOrHostname) =>
        context.Cluster.FindNode(uuidOrHostname)?.Hostname ?? uuidOrHostname;
}
