using Microsoft.Extensions.Options;

namespace Watcher.Application.Plugins;

/// <summary>Fails start-up when <c>Watcher:Datasources:Order</c> names a datasource that is not registered, listing the valid names.</summary>
internal sealed class DatasourceOptionsValidator(IEnumerable<NamedPlugin> plugins) : IValidateOptions<DatasourceOptions>
{
    public ValidateOptionsResult Validate(string? name, DatasourceOptions options)
    {
        var valid = plugins.Where(p => p.Kind == PluginKinds.MetricsSource).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var unknown = options.Order.Where(n => !valid.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Watcher:Datasources:Order names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, not a registered metrics source; valid: {(valid.Count == 0 ? "(none registered)" : string.Join(", ", valid))}.");
    }
}
