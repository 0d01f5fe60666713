using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>One of a resource's <c>links</c>: its <c>self</c> (versioned) or <c>bookmark</c> URL.</summary>
public sealed record LinkView
{
    [JsonPropertyName("href")]
    public required string Href { get; init; }

    [JsonPropertyName("rel")]
    public required string Rel { get; init; }
}
