namespace Watcher.Domain.Model;

/// <summary>The declaration of an efficacy indicator a goal promises (Watcher's efficacy_specification entry).</summary>
public sealed record EfficacySpec(string Name, string Description, string? Unit, string Schema = "Range(min=0, max=None, min_included=True, max_included=True)");
