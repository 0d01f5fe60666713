namespace Watcher.Api.Handlers;

/// <summary>The dashboard: one static page that drives the API (cluster, audits, plans with start/cancel/rollback).</summary>
public static class UiHandlers
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(UiHandlers).Assembly.GetManifestResourceStream("Watcher.Api.Ui.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static Task<ApiResponse> Dashboard(ApiRequest request) =>
        Task.FromResult(new ApiResponse(200) { Raw = ("text/html; charset=utf-8", Page.Value) });
}
