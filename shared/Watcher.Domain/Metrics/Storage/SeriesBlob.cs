namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// The decoded content of one series blob: the canonical key it was written for, its grid (start, step, samples) and
/// one value array per resource that had data (NaN = gap). Resources without any sample are absent.
/// </summary>
public sealed record SeriesBlob(string Key, DateTimeOffset Start, TimeSpan Step, int Samples, IReadOnlyDictionary<string, double[]> Series);
