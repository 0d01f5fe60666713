using Watcher.Domain.Persistence;

namespace Watcher.ServiceDefaults;

/// <summary>Ready when the document store answers a read (a missing probe document is fine: the store answered).</summary>
internal sealed class StorageHealthCheck(IDocumentStore store) : ProbeHealthCheck
{
    protected override string Subject => "The document store";

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        await store.GetAsync<System.Text.Json.JsonElement>("health", "probe", cancellationToken);
        return "The document store answered.";
    }
}
