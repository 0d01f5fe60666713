namespace Watcher.Application.Plugins;

/// <summary>The kinds of plugins selected by name.</summary>
public static class PluginKinds
{
    public const string Cloud = "cloud";
    public const string MetricsSource = "metrics source";
}
