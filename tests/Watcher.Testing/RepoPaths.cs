namespace Watcher.Testing;

/// <summary>Locates the repository (the nearest folder above the test assembly holding <c>Directory.Build.props</c>) and the tools tests start.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Azurite's entry point in the repository's node_modules (installed by <c>npm ci</c>).</summary>
    public static string Azurite => Combine("node_modules", "azurite", "dist", "src", "azurite.js");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Copies a repository folder to a fresh temporary folder (for tests that break a copy on purpose).</summary>
    public static string CopyToTemp(string relativeDirectory)
    {
        var source = Combine(relativeDirectory);
        var target = Directory.CreateTempSubdirectory("watcher-test-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Directory.Build.props above {AppContext.BaseDirectory}: cannot find the repository root.");
    }
}
