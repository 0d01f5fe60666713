using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Watcher.Deploy.Tests;

/// <summary>
/// Runs the Bicep CLI that <c>tools/bicep-cli/BicepCli.csproj</c> downloads from NuGet (restored with this project,
/// which references it) from the NuGet packages folder: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.
/// </summary>
internal static partial class BicepCli
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    private static readonly Lazy<string> LazyPath = new(Find);

    public static string ExecutablePath => LazyPath.Value;

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory);

    /// <summary>Lines of bicep output that report a diagnostic (bicep exits 0 on warnings, so the text is checked).</summary>
    public static IReadOnlyList<string> Diagnostics(ProcessResult result) =>
        result.Output.Split('\n').Where(line => DiagnosticLine().IsMatch(line)).ToList();

    private static string Find()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException($"{PackageId} runs on 64-bit Linux only.");
        }

        var project = RepoPaths.Combine("tools", "bicep-cli", "BicepCli.csproj");
        var range = XDocument.Load(project).Descendants("PackageDownload")
            .Single(e => (string?)e.Attribute("Include") == PackageId)
            .Attribute("Version")?.Value ?? throw new InvalidOperationException($"No version for {PackageId} in {project}.");
        var version = range.Trim('[', ']');
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, PackageId.ToLowerInvariant(), version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Bicep CLI {version} not found at {path}. Restore it with `dotnet restore tools/bicep-cli/BicepCli.csproj` " +
                "(restoring tests/Watcher.Deploy.Tests does it too).", path);
        }

        // NuGet does not always keep the executable bit of files in a package.
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }

    [GeneratedRegex(@"\b(Warning|Error)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticLine();
}
