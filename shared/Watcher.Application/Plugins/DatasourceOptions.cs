using Microsoft.Extensions.Configuration;

namespace Watcher.Application.Plugins;

/// <summary>
/// The datasources an audit may use, in order, and each one's metric map (configuration section
/// <c>Watcher:Datasources</c>):
/// <code>
/// Watcher:Datasources:Order = prometheus,simulator          (or Order:0, Order:1, ...; Watcher's "datasources" list)
/// Watcher:Datasources:prometheus:MetricMap:host_power = my_ipmi_power   (a key of that source's own catalogue)
/// Watcher:Datasources:azuremonitor:MetricMap:host_airflow =             (empty: this source does not serve it)
/// </code>
/// Without <c>Order</c> the list is the one source <c>Watcher:MetricsSource</c> names, so older settings keep working.
/// </summary>
public sealed class DatasourceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Watcher:Datasources";

    /// <summary>Datasource names, most preferred first; empty means <c>Watcher:MetricsSource</c> alone.</summary>
    public IList<string> Order { get; } = new List<string>();

    /// <summary>Per datasource name (case-insensitive): Watcher metric → the name that source knows it by.</summary>
    public IDictionary<string, IDictionary<string, string>> MetricMaps { get; } =
        new Dictionary<string, IDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The metric map of one datasource (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> MetricMapFor(string datasource) =>
        MetricMaps.TryGetValue(datasource, out var map)
            ? new Dictionary<string, string>(map, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The order to use: <see cref="Order"/>, or <paramref name="single"/> when it is empty.</summary>
    public IReadOnlyList<string> Effective(string single) => Order.Count > 0 ? [.. Order] : [single];

    /// <summary>Reads the section: <c>Order</c> as a comma-separated value or a list (or the section's own value, as Watcher's <c>datasources = a,b</c>), and every other child's <c>MetricMap</c>.</summary>
    public void Load(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Order.Clear();
        MetricMaps.Clear();
        var order = section.GetSection("Order");
        IEnumerable<string> names = order.Value is { Length: > 0 } list ? list.Split(',')
            : order.GetChildren().Any() ? order.GetChildren().Select(c => c.Value ?? string.Empty)
            : section.Value is { Length: > 0 } own ? own.Split(',')
            : [];
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            if (!Order.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Order.Add(name);
            }
        }

        foreach (var child in section.GetChildren().Where(c => !string.Equals(c.Key, "Order", StringComparison.OrdinalIgnoreCase)))
        {
            var map = child.GetSection("MetricMap");
            if (map.GetChildren().Any())
            {
                MetricMaps[child.Key] = map.GetChildren().ToDictionary(c => c.Key, c => c.Value ?? string.Empty, StringComparer.Ordinal);
            }
        }
    }
}
