namespace Watcher.Orchestrations;

/// <summary>One orchestrator or activity class: the name it is registered under (its <c>Name</c> constant), its type, input and output.</summary>
public sealed record WatcherTask(string Name, Type Type, Type Input, Type Output);
