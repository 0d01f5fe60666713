using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>
/// Rebuilds the document index from the documents once at start-up, in the background (so a store written by an older
/// version, or a row a crash left behind, is repaired); retried every 30 s while storage is unreachable.
/// Reads the blob listing and the index, then only the documents whose rows are missing or stale.
/// </summary>
internal sealed class IndexRepairService(IDocumentStore store, ILogger<IndexRepairService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not IndexedDocumentStore indexed)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                var changed = await indexed.RepairAsync(stoppingToken);
                logger.LogInformation("Document index checked against the documents in {Elapsed}: {Changed} row(s) repaired", TimeProvider.System.GetElapsedTime(started), changed);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Document index repair failed; retrying in 30 s");
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
    }
}
