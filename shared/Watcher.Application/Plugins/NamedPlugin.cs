namespace Watcher.Application.Plugins;

/// <summary>A cloud or metrics source registered under a name configuration can select.</summary>
/// <param name="Kind">What it is: <c>cloud</c> or <c>metrics source</c>.</param>
/// <param name="Name">The name it is selected by.</param>
/// <param name="ImplementationType">The type resolved when it is selected.</param>
public sealed record NamedPlugin(string Kind, string Name, Type ImplementationType);
