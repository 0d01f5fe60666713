using Watcher.Domain.Persistence;

namespace Watcher.Orchestrations.Activities;

/// <summary>
/// The documents one audit run stores (cluster snapshot, metrics) under one id, written at most once so a replayed
/// activity finds what the first attempt stored instead of collecting again.
/// </summary>
internal static class AuditRunDocuments
{
    /// <summary>The id of a run's snapshot and metrics documents.</summary>
    public static string Id(string auditUuid, string planUuid) => $"{auditUuid}-{planUuid}";

    /// <summary>Returns the stored document, or produces, stores and returns it; a concurrent writer's copy wins.</summary>
    public static async Task<T> GetOrCreateAsync<T>(IDocumentStore store, string collection, string id, Func<Task<T>> produce)
        where T : class
    {
        if ((await store.GetAsync<T>(collection, id))?.Value is { } existing)
        {
            return existing;
        }

        var created = await produce();
        try
        {
            await store.CreateAsync(collection, id, created);
            return created;
        }
        catch (ConcurrencyConflictException)
        {
            return (await store.GetAsync<T>(collection, id))!.Value;
        }
    }

    /// <summary>Reads a document the run stored earlier, failing clearly when it is missing.</summary>
    public static async Task<T> RequireAsync<T>(IDocumentStore store, string collection, string id, string what) =>
        (await store.GetAsync<T>(collection, id) ?? throw new InvalidOperationException($"The {what} of this audit run is missing.")).Value;
}
