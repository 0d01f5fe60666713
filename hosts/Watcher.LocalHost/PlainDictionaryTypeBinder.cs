using DurableTask.AzureStorage;

namespace Watcher.LocalHost;

/// <summary>
/// Type binder for the Azure Storage provider's queue messages that writes any string-to-string dictionary as a plain
/// <see cref="Dictionary{TKey, TValue}"/>, so messages the gRPC sidecar produces can be read back.
/// </summary>
/// <remarks>
/// What was wrong (issue 7, auto_trigger): when an orchestration starts a sub-orchestration, the sidecar
/// (Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1) copies the gRPC request's <c>tags</c> field, a protobuf
/// <c>Google.Protobuf.Collections.MapField&lt;string, string&gt;</c>, into the child's <c>ExecutionStartedEvent.Tags</c>
/// as it is, even when the orchestrator passes no tags (the map is then empty). The provider serialises queue messages
/// with Newtonsoft <c>TypeNameHandling</c>, so the message named that protobuf type in <c>$type</c>, which the provider
/// then could not resolve (it looks the name up without an assembly): the control queue retried the message forever
/// ("Error resolving type specified in JSON 'Google.Protobuf.Collections.MapField...'. Path 'TaskMessage.Event.Tags.$type'")
/// and the plan never started. Our orchestrator cannot avoid it (passing no tags still sends an empty map), so the
/// local host fixes it where the type name is written: a dictionary of strings is named as a plain
/// <see cref="Dictionary{TKey, TValue}"/> (same JSON body), and a message already stored with the protobuf name (a
/// durable Azurite left by an older build) is read as one too. The Functions host does not use this sidecar.
/// Every other type keeps the provider's default naming (full name, no assembly) and resolution.
/// </remarks>
internal sealed class PlainDictionaryTypeBinder : ICustomTypeBinder
{
    private const string ProtobufMapField = "Google.Protobuf.Collections.MapField`2";

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = null;
        typeName = IsForeignStringDictionary(serializedType) ? typeof(Dictionary<string, string>).FullName : serializedType.FullName;
    }

    public Type BindToType(string? assemblyName, string typeName) =>
        typeName.StartsWith(ProtobufMapField, StringComparison.Ordinal)
            ? typeof(Dictionary<string, string>)
            : Type.GetType(typeName, throwOnError: true)!;

    /// <summary>A string-to-string dictionary from outside the base library (such as protobuf's MapField).</summary>
    internal static bool IsForeignStringDictionary(Type type) =>
        type != typeof(Dictionary<string, string>)
        && type.Assembly != typeof(Dictionary<string, string>).Assembly
        && typeof(IDictionary<string, string>).IsAssignableFrom(type);
}
