using System.Globalization;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;

namespace Watcher.Api;

/// <summary>Watcher's list parameters: <c>limit</c>, <c>marker</c>, <c>sort_key</c>, <c>sort_dir</c>, and the <c>next</c> link.</summary>
public static class Paging
{
    public const int MaxLimit = 1000;

    public static JsonObject Page<T>(ApiRequest request, string collection, IEnumerable<T> items, Func<T, string> uuid, IReadOnlyDictionary<string, Func<T, IComparable?>> sortKeys, Func<T, JsonObject> view, bool detail)
    {
        var limit = MaxLimit;
        if (request.Query("limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit <= 0)
            {
                throw new ValidationException($"limit must be a positive integer, got '{limitText}'.");
            }

            limit = Math.Min(limit, MaxLimit);
        }

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
        var body = new JsonObject { [collection] = new JsonArray(page.Select(i => (JsonNode)view(i)).ToArray()) };
        if (page.Count == limit && ordered.Count > limit)
        {
            var path = detail ? $"/v1/{collection}/detail" : $"/v1/{collection}";
            body["next"] = $"{request.BaseUrl}{path}?sort_key={sortKey}&sort_dir={sortDir}&limit={limit}&marker={uuid(page[^1])}";
        }

        return body;
    }
}
