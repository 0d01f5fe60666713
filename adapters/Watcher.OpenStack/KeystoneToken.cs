using System.Text.Json.Nodes;

namespace Watcher.OpenStack;

/// <summary>A Keystone token with its expiry and the endpoints its catalog lists.</summary>
internal sealed record KeystoneToken(string Value, DateTimeOffset ExpiresAt, JsonArray Catalog)
{
    /// <summary>The endpoint of <paramref name="serviceType"/> for the interface and region, or null when the catalog has none.</summary>
    public Uri? Endpoint(string serviceType, string @interface, string? region)
    {
        foreach (var service in Catalog.OfType<JsonObject>())
        {
            if ((string?)service["type"] != serviceType || service["endpoints"] is not JsonArray endpoints)
            {
                continue;
            }

            var match = endpoints.OfType<JsonObject>().FirstOrDefault(e =>
                (string?)e["interface"] == @interface
                && (region is null || (string?)e["region_id"] == region || (string?)e["region"] == region));
            if (match?["url"] is JsonValue url)
            {
                var text = url.GetValue<string>();
                return new Uri(text.EndsWith('/') ? text : text + "/");
            }
        }

        return null;
    }
}
