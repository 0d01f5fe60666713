using System.ComponentModel.DataAnnotations;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>How audits collect raw history (configuration section <c>Watcher:History</c>).</summary>
public sealed class HistoryOptions
{
    public const string Section = "Watcher:History";

    /// <summary>Length of one time chunk, hours (rounded down to whole steps). Chunks are aligned to the Unix epoch, so runs share them.</summary>
    [Range(1, 24 * 31)]
    public int ChunkHours { get; set; } = 24;

    /// <summary>Resources per chunk query (Azure Monitor's batch limit is 50).</summary>
    [Range(1, 1000)]
    public int ResourcesPerChunk { get; set; } = 50;

    /// <summary>At most this many chunk queries in flight per audit run.</summary>
    [Range(1, 256)]
    public int MaxParallelChunks { get; set; } = 8;

    /// <summary>An audit refuses a history requirement of more samples per series than this.</summary>
    [Range(1, 10_000_000)]
    public int MaxSamplesPerSeries { get; set; } = 100_000;
}
