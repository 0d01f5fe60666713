namespace Watcher.Api.Tests;

/// <summary>Locates the repository root (the nearest folder above the test assembly holding <c>Directory.Build.props</c>).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Directory.Build.props above {AppContext.BaseDirectory}: cannot find the repository root.");
    });

    public static string Root => LazyRoot.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
