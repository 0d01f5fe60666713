namespace Watcher.Api;

/// <summary>One HTTP route: its name (also the Functions function name), method, template and handler.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, Func<ApiRequest, Task<ApiResponse>> Handler);
