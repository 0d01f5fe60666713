using System.Globalization;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Persistence;

namespace Watcher.Api;

/// <summary>Watcher's list parameters: <c>limit</c>, <c>marker</c>, <c>sort_key</c>, <c>sort_dir</c>, and the <c>next</c> link.</summary>
public static class Paging
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// A page of a stored collection, filtered by the store's index. The default order (created_at or id, ascending) is
    /// a range query on the index, O(page); other sort keys and directions sort the index's list views in memory (the
    /// index rows, never every document). Same parameters, errors and <c>next</c> link as <see cref="Page{T}"/>.
    /// </summary>
    public static async Task<JsonObject> PageAsync<T>(ApiRequest request, string collection, IReadOnlyList<IndexFilter> filters, Func<T, string> uuid, IReadOnlyDictionary<string, Func<T, IComparable?>> sortKeys, Func<T, JsonObject> view, bool detail)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, sortKey, _, sortDir) = Parse(request, sortKeys);
        if (sortKey is not ("created_at" or "id") || sortDir != "asc")
        {
            var all = await request.Repository.QueryAllAsync<T>(collection, filters, request.Http.RequestAborted);
            return Page(request, collection, all, uuid, sortKeys, view, detail);
        }

        var marker = request.Query("marker");
        var page = await request.Repository.QueryPageAsync<T>(collection, filters, marker, limit, request.Http.RequestAborted)
            ?? throw new ValidationException($"marker '{marker}' is not a known {collection} uuid.");
        return Body(request, collection, page.Items, page.More, uuid, view, detail, limit, sortKey, sortDir);
    }

    /// <summary>
    /// A page in the default order (created_at, then insertion) from a source that pages itself: <paramref name="fetch"/>
    /// gets the marker and the limit and returns up to that many items after the marker and whether more follow, or null
    /// when the marker is not one of the items (a 400, as for every list). The caller has seen that the request asks
    /// for the default order (no <c>sort_key</c> other than created_at or id, no <c>sort_dir</c> other than asc).
    /// </summary>
    public static async Task<JsonObject> PageInDefaultOrderAsync<T>(ApiRequest request, string collection, Func<string?, int, Task<(IReadOnlyList<T> Items, bool More)?>> fetch, Func<T, string> uuid, Func<T, JsonObject> view, bool detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fetch);
        var limit = ParseLimit(request);
        var marker = request.Query("marker");
        var (items, more) = await fetch(marker, limit) ?? throw new ValidationException($"marker '{marker}' is not a known {collection} uuid.");
        return Body(request, collection, items, more, uuid, view, detail, limit, "created_at", "asc");
    }

    /// <summary>A page of items already in memory (the actions of listed plans).</summary>
    public static JsonObject Page<T>(ApiRequest request, string collection, IEnumerable<T> items, Func<T, string> uuid, IReadOnlyDictionary<string, Func<T, IComparable?>> sortKeys, Func<T, JsonObject> view, bool detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, sortKey, key, sortDir) = Parse(request, sortKeys);
        var ordered = (sortDir == "asc"
            ? items.OrderBy(key, Comparer<IComparable?>.Default)
            : items.OrderByDescending(key, Comparer<IComparable?>.Default)).ThenBy(uuid, StringComparer.Ordinal).ToList();
        if (request.Query("marker") is { } marker)
        {
            var index = ordered.FindIndex(i => uuid(i) == marker);
            if (index < 0)
            {
                throw new ValidationException($"marker '{marker}' is not a known {collection} uuid.");
            }

            ordered = ordered.Skip(index + 1).ToList();
        }

        var page = ordered.Take(limit).ToList();
        return Body(request, collection, page, page.Count == limit && ordered.Count > limit, uuid, view, detail, limit, sortKey, sortDir);
    }

    private static int ParseLimit(ApiRequest request)
    {
        if (request.Query("limit") is not { } limitText)
        {
            return MaxLimit;
        }

        if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            throw new ValidationException($"limit must be a positive integer, got '{limitText}'.");
        }

        return Math.Min(limit, MaxLimit);
    }

    private static (int Limit, string SortKey, Func<T, IComparable?> Key, string SortDir) Parse<T>(ApiRequest request, IReadOnlyDictionary<string, Func<T, IComparable?>> sortKeys)
    {
        var limit = ParseLimit(request);

        // Watcher's default key is the row id (insertion order, here created_at); deleted_at is null on every listed row.
        var sortKey = request.Query("sort_key") ?? "created_at";
        if (!sortKeys.TryGetValue(sortKey == "id" ? "created_at" : sortKey, out var key) && sortKey == "deleted_at")
        {
            key = _ => null;
        }

        if (key is null)
        {
            throw new ValidationException($"sort_key '{sortKey}' is not supported; use one of {string.Join(", ", sortKeys.Keys)}.");
        }

        var sortDir = request.Query("sort_dir") ?? "asc";
        if (sortDir is not ("asc" or "desc"))
        {
            throw new ValidationException($"sort_dir must be 'asc' or 'desc', got '{sortDir}'.");
        }

        return (limit, sortKey, key, sortDir);
    }

    private static JsonObject Body<T>(ApiRequest request, string collection, IReadOnlyList<T> page, bool more, Func<T, string> uuid, Func<T, JsonObject> view, bool detail, int limit, string sortKey, string sortDir)
    {
        var body = new JsonObject { [collection] = new JsonArray(page.Select(i => (JsonNode)view(i)).ToArray()) };
        if (more && page.Count > 0)
        {
            var path = detail ? $"/v1/{collection}/detail" : $"/v1/{collection}";
            body["next"] = $"{request.BaseUrl}{path}?sort_key={sortKey}&sort_dir={sortDir}&limit={limit}&marker={uuid(page[^1])}";
        }

        return body;
    }
}
