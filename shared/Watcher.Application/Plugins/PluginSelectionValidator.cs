using Microsoft.Extensions.Options;

namespace Watcher.Application.Plugins;

/// <summary>Fails start-up when configuration names a cloud or metrics source that is not registered, listing the valid names.</summary>
internal sealed class PluginSelectionValidator(IEnumerable<NamedPlugin> plugins) : IValidateOptions<PluginSelectionOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginSelectionOptions options)
    {
        var failures = new List<string>();
        Check(PluginKinds.Cloud, "Watcher:Cloud", options.Cloud, failures);
        Check(PluginKinds.MetricsSource, "Watcher:MetricsSource", options.MetricsSource, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(string kind, string key, string selected, List<string> failures)
    {
        var valid = plugins.Where(p => p.Kind == kind).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        if (!valid.Contains(selected, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key} '{selected}' is not a registered {kind}; valid: {(valid.Count == 0 ? "(none registered)" : string.Join(", ", valid))}.");
        }
    }
}
