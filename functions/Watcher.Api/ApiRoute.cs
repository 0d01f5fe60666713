namespace Watcher.Api;

/// <summary>
/// One HTTP route: its name (also its OpenAPI operationId), method, template and handler, and what the OpenAPI document
/// says about it (summary, success status, query parameters, request body). Both hosts and the document read this.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<ApiRequest, Task<ApiResponse>> Handler)
{
    /// <summary>One line for the OpenAPI document.</summary>
    public required string Summary { get; init; }

    /// <summary>The status a successful call returns.</summary>
    public int Success { get; init; } = 200;

    /// <summary>The query parameters the handler reads, besides Watcher's paging ones when <see cref="Paged"/>.</summary>
    public IReadOnlyList<string> Query { get; init; } = [];

    /// <summary>Whether the route takes Watcher's <c>limit</c>, <c>marker</c>, <c>sort_key</c> and <c>sort_dir</c>.</summary>
    public bool Paged { get; init; }

    /// <summary>The microversion that added the route (older requests get a 406), or null for 1.0.</summary>
    public Version? MinVersion { get; init; }

    /// <summary>The request body the route reads.</summary>
    public ApiBody Body { get; init; } = ApiBody.None;

    /// <summary>The record the request body binds to (<c>Contracts/*Request.cs</c>); the OpenAPI document takes its schema from it.</summary>
    public Type? RequestType { get; init; }

    /// <summary>The record a successful response is written from (a list route's items); the OpenAPI document takes its schema from it.</summary>
    public Type? ResponseType { get; init; }

    /// <summary>Other successful answers by status, each with the record it is written from (a dry run's 200, say).</summary>
    public IReadOnlyDictionary<int, Type> AlsoReturns { get; init; } = new Dictionary<int, Type>();
}
