namespace Watcher.Domain.Persistence;

/// <summary>Read-modify-write helpers over <see cref="IDocumentStore"/> that retry when another writer wins.</summary>
public static class DocumentStoreExtensions
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Applies <paramref name="mutate"/> to the current document and writes it back conditionally, re-reading and
    /// re-applying on a conflict. <paramref name="mutate"/> must be a pure function of its input; it may throw to abort.
    /// Returns the document as written, or null when the document does not exist.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(this IDocumentStore store, string collection, string id, Func<T, T> mutate, CancellationToken cancellationToken = default)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync<T>(collection, id, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var next = mutate(current.Value);
            if (ReferenceEquals(next, current.Value))
            {
                return next;
            }

            try
            {
                await store.ReplaceAsync(collection, id, next, current.ETag, cancellationToken);
                return next;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
        }
    }
}
