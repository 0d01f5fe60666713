using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: The cluster data model and snapshot, orchestration status and the simulator controls. Adding a route of this resource touches only this list.</summary>
public static class ClusterRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GetDataModel", "GET", "v1/data_model", ClusterHandlers.DataModel) { Summary = "The cluster data model, scoped to an audit with audit_uuid.", Query = ["data_model_type", "audit_uuid"], MinVersion = Microversions.DataModel },
        new("GetClusterSnapshot", "GET", "v1/cluster_snapshot", ClusterHandlers.Snapshot) { Summary = "The cluster in the offline snapshot format; include=series embeds raw history (metrics, period and granularity in seconds).", Query = ["include", "metrics", "period", "granularity"] },
        new("GetOrchestration", "GET", "v1/orchestrations/{instanceId}", OrchestrationHandlers.Get) { Summary = "Status of an orchestration instance." },
        new("GetSimulator", "GET", "v1/simulator", ClusterHandlers.SimulatorState) { Summary = "The simulated cloud: faults and counters." },
        new("SetSimulatorFaults", "PUT", "v1/simulator/faults", ClusterHandlers.SetFaults) { Summary = "Set the simulated cloud's fault injection.", Body = ApiBody.Object },
        new("ResetSimulator", "POST", "v1/simulator/reset", ClusterHandlers.ResetSimulator) { Summary = "Reset the simulated cloud to its generated state.", Body = ApiBody.OptionalObject },
    ];
}
