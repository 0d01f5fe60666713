namespace Watcher.Api;

/// <summary>A request matched to a route of the table, with the values its template captured.</summary>
public sealed record ApiRouteMatch(ApiRoute Route, IReadOnlyDictionary<string, string?> Values);
