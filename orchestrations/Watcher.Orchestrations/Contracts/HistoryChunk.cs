using Watcher.Domain.Metrics;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// One unit of history collection: one metric of the resources [<see cref="First"/>, <see cref="First"/> + <see cref="Count"/>)
/// of the run's sorted resource list over [<see cref="Start"/>, <see cref="End"/>). <see cref="Cacheable"/> chunks lie
/// entirely in the past and are shared between runs; the open chunk (containing "now") is always queried again.
/// </summary>
public sealed record HistoryChunk(string Metric, MetricResource Resource, int First, int Count, DateTimeOffset Start, DateTimeOffset End, long StepSeconds, bool Cacheable);
