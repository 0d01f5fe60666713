using System.Text;
using System.Text.Json.Nodes;
using Watcher.Application.Ports;
using Watcher.Domain.Errors;

namespace Watcher.Api.Handlers;

/// <summary>Status of any orchestration instance: runtime status, progress (custom status) and failure details, in the API's snake_case.</summary>
public static class OrchestrationHandlers
{
    public static async Task<ApiResponse> Get(ApiRequest r)
    {
        var id = r.Route("instanceId");
        var status = await r.Workflows.GetStatusAsync(id, r.Http.RequestAborted) ?? throw new NotFoundException("Orchestration", id);
        return ApiResponse.Ok(Describe(status));
    }

    public static JsonObject Describe(WorkflowStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new JsonObject
        {
            ["instance_id"] = status.InstanceId,
            ["name"] = status.Name,
            ["runtime_status"] = status.RuntimeStatus,
            ["created_at"] = Views.Time(status.CreatedAt),
            ["last_updated_at"] = Views.Time(status.LastUpdatedAt),
            ["progress"] = SnakeCase(Parse(status.CustomStatus)),
            ["output"] = SnakeCase(Parse(status.Output)),
            ["failure"] = status.FailureType is null && status.FailureMessage is null ? null : new JsonObject
            {
                ["error_type"] = status.FailureType,
                // Watcher's own errors keep their message; infrastructure text stays in the engine's history and the logs.
                ["error_message"] = Watcher.Domain.Errors.SafeMessages.Of(status.FailureType, status.FailureMessage),
            },
        };
    }

    /// <summary>
    /// Orchestration payloads are serialised by the Durable data converter with .NET property names (PascalCase);
    /// the API speaks snake_case everywhere, so object keys are converted recursively (values are left alone).
    /// </summary>
    internal static JsonNode? SnakeCase(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(ToSnake(kv.Key), SnakeCase(kv.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(item => SnakeCase(item?.DeepClone())).ToArray()),
        _ => node,
    };

    internal static string ToSnake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLower || (nextIsLower && char.IsUpper(name[i - 1]))))
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
