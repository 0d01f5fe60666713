using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>The parameters of <see cref="ActuatorStrategy"/> (Watcher's <c>actuator</c>) and their JSON Schema, as strict as Watcher's <c>get_schema()</c> or stricter.</summary>
public sealed record ActuatorParameters
{
    /// <summary>The schema published as <c>parameters_spec</c>: validation, defaults, documentation.</summary>
    public static ParameterSchema Schema { get; } = ParameterSchema.FromJson("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "actions": {
              "description": "The actions to plan, in order.",
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "action_type": {
                    "description": "The action type, such as migrate or change_nova_service_state.",
                    "type": "string",
                    "minLength": 1
                  },
                  "resource_id": {
                    "description": "The resource acted on; copied into input_parameters.",
                    "type": "string"
                  },
                  "input_parameters": {
                    "description": "The action's input parameters.",
                    "type": "object",
                    "properties": {},
                    "additionalProperties": true
                  }
                },
                "required": [
                  "action_type",
                  "input_parameters"
                ],
                "additionalProperties": false
              }
            }
          },
          "required": [
            "actions"
          ]
        }
        """);

    /// <summary>The actions to plan, in order.</summary>
    [JsonPropertyName("actions")]
    public required IReadOnlyList<ActuatorAction> Actions { get; init; }
}
