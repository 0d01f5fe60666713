namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// Where compact series blobs live (the history cache and the per-run series an audit passes by reference):
/// opaque bytes by name, with a few metadata strings. Adapters: Azure Blob Storage; in memory for tests and the CLI.
/// Writes are idempotent: writing a name twice keeps equal content (blobs are derived from their key).
/// </summary>
public interface ISeriesStore
{
    /// <summary>Whether a blob of this name exists.</summary>
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The blob's bytes, or null when there is none.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Writes (or overwrites) a blob with its metadata.</summary>
    Task PutAsync(string name, byte[] content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default);
}
