using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="DummyStrategy"/> (Watcher's <c>dummy</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record DummyParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "para1": {
              "description": "number parameter example",
              "type": "number",
              "default": 3.2,
              "minimum": 1.0,
              "maximum": 10.2
            },
            "para2": {
              "description": "string parameter example",
              "type": "string",
              "default": "hello"
            }
          }
        }
        """);

    /// <summary>number parameter example</summary>
    [JsonPropertyName("para1")]
    public required double Para1 { get; init; }

    /// <summary>string parameter example</summary>
    [JsonPropertyName("para2")]
    public required string Para2 { get; init; }
}
