namespace Watcher.Domain.Model;

/// <summary>One measured benefit of an action plan, as Watcher reports it.</summary>
public sealed record EfficacyIndicator(string Name, string Description, string? Unit, double Value);
