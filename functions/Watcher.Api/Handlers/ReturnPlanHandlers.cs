using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Services;

namespace Watcher.Api.Handlers;

/// <summary>Move back after maintenance: the return plan of a host_maintenance plan.</summary>
public static class ReturnPlanHandlers
{
    /// <summary>
    /// <c>POST /v1/action_plans/{uuid}/return</c>: 201 with the new RECOMMENDED return plan (its <c>warnings</c> list
    /// the instances it leaves where they are, and why); 409 when the plan is not a SUCCEEDED host_maintenance plan,
    /// already has a live return plan, or its node is down or disabled by someone else; 404 for an unknown plan.
    /// </summary>
    public static async Task<ApiResponse> CreateReturnPlan(ApiRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plan = await r.Returns.CreateAsync(r.Route("uuid"), r.Http.RequestAborted);
        return ApiResponse.Created(Views.Plan(plan, r.BaseUrl, detail: true), $"{r.BaseUrl}/v1/action_plans/{plan.Uuid}");
    }
}
