using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Watcher.Domain.Errors;

namespace Watcher.Api.Handlers;

/// <summary>Status of any orchestration instance: runtime status, progress (custom status) and failure details.</summary>
public static class OrchestrationHandlers
{
    public static async Task<ApiResponse> Get(ApiRequest r)
    {
        var id = r.Route("instanceId");
        var meta = await r.Operations.GetOrchestrationAsync(id, r.Http.RequestAborted) ?? throw new NotFoundException("Orchestration", id);
        return ApiResponse.Ok(Describe(meta));
    }

    public static JsonObject Describe(OrchestrationMetadata meta) => new()
    {
        ["instance_id"] = meta.InstanceId,
        ["name"] = meta.Name,
        ["runtime_status"] = meta.RuntimeStatus.ToString(),
        ["created_at"] = Views.Time(meta.CreatedAt),
        ["last_updated_at"] = Views.Time(meta.LastUpdatedAt),
        ["progress"] = Parse(meta.SerializedCustomStatus),
        ["output"] = Parse(meta.SerializedOutput),
        ["failure"] = meta.FailureDetails is null ? null : new JsonObject
        {
            ["error_type"] = meta.FailureDetails.ErrorType,
            ["error_message"] = meta.FailureDetails.ErrorMessage,
        },
    };

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
