namespace Watcher.BlobStorage;

/// <summary>Where documents are stored (configuration section <c>Watcher</c>).</summary>
public sealed class BlobStorageOptions
{
    /// <summary>Blob storage connection string; the default is the local Azurite emulator.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// The account's blob endpoint (<c>https://ACCOUNT.blob.core.windows.net/</c>). When set, the stores reach it with
    /// <c>DefaultAzureCredential</c> (a managed identity in Azure) and <see cref="StorageConnectionString"/> is not used:
    /// no account key is needed (infra-bicep sets it).
    /// </summary>
    public string? StorageBlobServiceUri { get; set; }

    /// <summary>The blob container holding audits, plans, actions, journals and the simulator state.</summary>
    public string Container { get; set; } = "watcher";

    /// <summary>The blob container of the history cache and the audit runs' series chunks (compact binary blobs).</summary>
    public string SeriesContainer { get; set; } = "watcher-series";

    /// <summary>Keep the document index (list, filter and sort in O(page), the continuous-audit due index) in this Azure table.</summary>
    public bool UseIndex { get; set; } = true;

    /// <summary>The Azure table of the document index (letters and digits only).</summary>
    public string IndexTable { get; set; } = "watcherindex";

    /// <summary>
    /// Answer index queries from a copy of the index held in this process (<c>MirroredDocumentIndex</c>), which follows
    /// this process's writes at once and other processes' writes within <see cref="IndexMirrorMaxStaleness"/>. Off, every
    /// list is a table query (on Azurite, a scan of the whole table).
    /// </summary>
    public bool IndexMirror { get; set; } = true;

    /// <summary>How old the copy of the index may be when it answers a list; another replica's writes show within about this long.</summary>
    public TimeSpan IndexMirrorMaxStaleness { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the copy reads each partition whole (dropping rows another process deleted) instead of only its changes.</summary>
    public TimeSpan IndexMirrorReloadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rebuild missing or stale index rows from the documents at start-up, in the background (stores written by older versions).</summary>
    public bool RepairIndexOnStart { get; set; } = true;
}
