namespace Watcher.Simulator;

/// <summary>One operation the simulator actually applied, kept so tests can prove nothing ran twice.</summary>
public sealed record ExecutionEntry(string OperationKey, string Operation, string Target, string Detail, DateTimeOffset At);
