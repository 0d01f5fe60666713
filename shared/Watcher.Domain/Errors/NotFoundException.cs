namespace Watcher.Domain.Errors;

/// <summary>A named resource does not exist. Maps to HTTP 404.</summary>
public sealed class NotFoundException(string kind, string id) : Exception($"{kind} {id} could not be found.")
{
    public string Kind { get; } = kind;
    public string Id { get; } = id;
}
