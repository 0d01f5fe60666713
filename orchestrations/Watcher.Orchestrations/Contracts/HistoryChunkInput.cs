namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of one history chunk collection: the run (whose manifest names the resources) and the chunk.</summary>
public sealed record HistoryChunkInput(string AuditUuid, string PlanUuid, HistoryChunk Chunk);
