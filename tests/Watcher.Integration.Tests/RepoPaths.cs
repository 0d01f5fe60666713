namespace Watcher.Integration.Tests;

/// <summary>Finds the repository root and tools the tests start.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Azurite => Path.Combine(Root, "node_modules", "azurite", "dist", "src", "azurite.js");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (with Directory.Build.props) not found above " + AppContext.BaseDirectory);
    }
}
