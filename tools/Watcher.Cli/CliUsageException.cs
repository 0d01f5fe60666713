namespace Watcher.Cli;

/// <summary>A problem with what the user asked for (unknown strategy, bad parameter, unreadable snapshot): exit code 2, message only.</summary>
public sealed class CliUsageException(string message) : Exception(message);
