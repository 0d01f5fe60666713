using System.Text.Json.Nodes;

namespace Watcher.Api;

/// <summary>What a handler returns: a status code, an optional JSON body and extra headers.</summary>
public sealed record ApiResponse(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A non-JSON body (the dashboard's files), sent byte for byte, and its content type; used instead of <see cref="Body"/> when set.</summary>
    public (string ContentType, ReadOnlyMemory<byte> Content)? Raw { get; init; }

    public static ApiResponse Ok(JsonNode body) => new(200, body);

    public static ApiResponse Created(JsonNode body, string location) => new(201, body, new Dictionary<string, string> { ["Location"] = location });

    public static ApiResponse Accepted(JsonNode body) => new(202, body);

    public static ApiResponse NoContent() => new(204);
}
