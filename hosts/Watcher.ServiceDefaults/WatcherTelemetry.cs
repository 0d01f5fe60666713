using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Watcher.ServiceDefaults;

/// <summary>Watcher's own <see cref="ActivitySource"/> and <see cref="Meter"/>, and the Durable Task sources the hosts export.</summary>
public static class WatcherTelemetry
{
    /// <summary>The name of Watcher's activity source and meter.</summary>
    public const string Name = "Watcher";

    /// <summary>
    /// Activity sources of the Durable Task SDK and engine, read from the 1.28.0 / 3.11.2 assemblies:
    /// <c>Microsoft.DurableTask</c> (Microsoft.DurableTask.Client.Grpc and Worker.Grpc: create_orchestration, orchestration
    /// and activity spans) and <c>DurableTask.Core</c> (the Azure Storage engine's dispatchers).
    /// </summary>
    public static readonly IReadOnlyList<string> DurableTaskSources = ["Microsoft.DurableTask", "DurableTask.Core"];

    /// <summary>Spans Watcher code starts itself.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Instruments Watcher code records itself.</summary>
    public static readonly Meter Meter = new(Name);
}
