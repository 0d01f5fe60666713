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

    /// <summary>
    /// The Azure table of the document index (letters and digits only). Unset, it follows <see cref="Container"/>:
    /// <c>watcherindex</c> for the default container <c>watcher</c>, else <c>watcherindex</c> and the container's name
    /// without hyphens (a hash when that is too long). One index per container: two services sharing a storage account
    /// with their own containers would otherwise list each other's records, and each one's start-up repair would delete
    /// the other's rows. A service moved to a new table rebuilds it from its documents at start (<see cref="RepairIndexOnStart"/>).
    /// </summary>
    public string? IndexTable { get; set; }

    /// <summary>The index table in use: <see cref="IndexTable"/>, or the name derived from <see cref="Container"/>.</summary>
    public string IndexTableName => string.IsNullOrWhiteSpace(IndexTable) ? IndexTableFor(Container) : IndexTable;

    /// <summary>The index table of a container: <c>watcherindex</c> for <c>watcher</c>, else <c>watcherindex</c> + the name's letters and digits.</summary>
    public static string IndexTableFor(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        const string Prefix = "watcherindex";
        if (container == "watcher")
        {
            return Prefix;
        }

        var alnum = new string(container.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return Prefix.Length + alnum.Length <= 63 && alnum.Length > 0
            ? Prefix + alnum
            : Prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(container)))[..32];
    }

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

    /// <summary>How long a storage request may go without receiving anything before it is retried on a new connection (the Azure SDK's default is 100 s).</summary>
    public TimeSpan StorageNetworkTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one refresh of the copy may take before it is given up and started again (<c>IndexMirrorOptions.RefreshTimeout</c>).</summary>
    public TimeSpan IndexMirrorRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rebuild missing or stale index rows from the documents at start-up, in the background (stores written by older versions).</summary>
    public bool RepairIndexOnStart { get; set; } = true;
}
