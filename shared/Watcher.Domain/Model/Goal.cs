namespace Watcher.Domain.Model;

/// <summary>An optimization goal (server_consolidation, cluster_maintaining, ...).</summary>
public sealed record Goal(string Name, string DisplayName, IReadOnlyList<EfficacySpec> EfficacySpecification)
{
    public string Uuid => DeterministicGuid.Create("goal:" + Name).ToString();
}
