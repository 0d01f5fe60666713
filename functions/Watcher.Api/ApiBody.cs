namespace Watcher.Api;

/// <summary>The kind of request body a route reads, for the OpenAPI document.</summary>
public enum ApiBody
{
    /// <summary>No body.</summary>
    None,

    /// <summary>A JSON object, required.</summary>
    Object,

    /// <summary>A JSON object, optional.</summary>
    OptionalObject,

    /// <summary>A JSON patch: an array of <c>{"op", "path", "value"}</c> operations (Watcher's PATCH).</summary>
    JsonPatch,
}
