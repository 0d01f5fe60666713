using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Watcher.Deploy.Tests;

/// <summary>
/// <c>deploy/docker/Dockerfile</c> and <c>/.dockerignore</c>, checked by parsing (no Docker engine here): the runtime
/// stage runs the local host as a non-root user on port 7071 with a health check, and the build context keeps every
/// project the host needs.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly Dockerfile Parsed = Dockerfile.Parse(File.ReadAllText(RepoPaths.Combine("deploy", "docker", "Dockerfile")));

    [Fact]
    public void Dockerfile_RuntimeStage_RunsAsNonRootAndExposesApiPort()
    {
        var runtime = Parsed.Stages[^1];

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", runtime.Image);
        var user = runtime.Last("USER") ?? throw new Xunit.Sdk.XunitException("the runtime stage sets no USER, so it runs as root");
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0", "root:root" });
        Assert.Contains("7071", runtime.All("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.Split('/')[0]));
        var healthcheck = runtime.Last("HEALTHCHECK") ?? throw new Xunit.Sdk.XunitException("no HEALTHCHECK");
        Assert.Contains("127.0.0.1:7071/health/live", healthcheck, StringComparison.Ordinal);
        Assert.Contains(runtime.All("ENV"), e => e.Contains("Watcher__Local__Url=http://0.0.0.0:7071", StringComparison.Ordinal));
        Assert.Equal("[\"dotnet\", \"Watcher.LocalHost.dll\"]", runtime.Last("ENTRYPOINT"));
    }

    [Fact]
    public void Dockerfile_BuildStage_PublishesLocalHostFromSdkImage()
    {
        var build = Parsed.Stages[0];

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", build.Image);
        Assert.True(Parsed.Stages.Count >= 2, "multi-stage: an SDK build stage and an ASP.NET runtime stage");
        var publish = Assert.Single(build.All("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        var project = ProjectPath().Match(publish).Value;
        Assert.Equal("hosts/Watcher.LocalHost/Watcher.LocalHost.csproj", project);
        Assert.True(File.Exists(RepoPaths.Combine(project)), $"{project} does not exist");
        Assert.Contains(Parsed.Stages[^1].All("COPY"), c => c.Contains($"--from={build.Name} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerignore_BuildContext_KeepsEveryProjectTheHostNeeds()
    {
        var patterns = File.ReadAllLines(RepoPaths.Combine(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains("**/node_modules/", patterns);

        // Top-level folders the context drops must not hold any project the local host references, even transitively.
        var dropped = patterns.Where(p => !p.StartsWith("**", StringComparison.Ordinal) && p.EndsWith('/')).ToList();
        foreach (var needed in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }.Concat(ProjectClosure("hosts/Watcher.LocalHost/Watcher.LocalHost.csproj")))
        {
            Assert.DoesNotContain(dropped, d => needed.StartsWith(d, StringComparison.Ordinal));
        }
    }

    /// <summary>Repository-relative paths of a project and every project it references, transitively.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var fullPath = RepoPaths.Combine(current);
            foreach (var reference in XDocument.Load(fullPath).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fullPath)!, (string)reference.Attribute("Include")!));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, target).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"[\w./-]+\.csproj")]
    private static partial Regex ProjectPath();
}
