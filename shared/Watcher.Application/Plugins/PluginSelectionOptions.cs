namespace Watcher.Application.Plugins;

/// <summary>Which registered cloud and metrics source the service uses (configuration section <c>Watcher</c>).</summary>
public sealed class PluginSelectionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Watcher";

    /// <summary>The cloud actions drive, by name (<c>Watcher:Cloud</c>); <c>simulator</c> is the embedded default.</summary>
    public string Cloud { get; set; } = "simulator";

    /// <summary>Where metric history comes from, by name (<c>Watcher:MetricsSource</c>).</summary>
    public string MetricsSource { get; set; } = "simulator";
}
