namespace Watcher.Domain.Model;

/// <summary>
/// Which part of the cluster an audit may touch. Empty include lists mean "everything";
/// excludes always win. Instances flagged <c>watcher_exclude</c> are never moved.
/// </summary>
public sealed record AuditScope
{
    public IReadOnlyList<string> IncludeHosts { get; init; } = [];
    public IReadOnlyList<string> ExcludeHosts { get; init; } = [];
    public IReadOnlyList<string> IncludeZones { get; init; } = [];
    public IReadOnlyList<string> ExcludeZones { get; init; } = [];
    public IReadOnlyList<string> ExcludeInstances { get; init; } = [];
    public IReadOnlyList<string> ExcludeProjects { get; init; } = [];

    public static AuditScope All { get; } = new();
}
