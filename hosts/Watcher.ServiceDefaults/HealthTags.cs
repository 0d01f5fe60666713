namespace Watcher.ServiceDefaults;

/// <summary>The tags that put a health check on <c>/health/live</c> or <c>/health/ready</c>.</summary>
public static class HealthTags
{
    /// <summary>The process is up: <c>/health/live</c> (a failing liveness probe restarts the pod).</summary>
    public const string Live = "live";

    /// <summary>Dependencies answer: <c>/health/ready</c> (a failing readiness probe takes the pod out of the Service).</summary>
    public const string Ready = "ready";
}
