using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Watcher.Deploy.Tests;

/// <summary>
/// <c>deploy/docker/Dockerfile</c> (the local host), <c>deploy/docker/Dockerfile.functions</c> (the Functions app) and
/// <c>/.dockerignore</c>, checked by parsing (no Docker engine here): each runtime stage runs its app as a non-root user
/// from a pinned official image, every COPY source is in the build context, and the context keeps every project the
/// apps need.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string LocalHostProject = "hosts/Watcher.LocalHost/Watcher.LocalHost.csproj";
    private const string FunctionsProject = "functions/Watcher.Functions/Watcher.Functions.csproj";

    private static readonly Dockerfile Parsed = Load("Dockerfile");

    private static readonly Dockerfile Functions = Load("Dockerfile.functions");

    public static TheoryData<string, string> Dockerfiles => new()
    {
        { "Dockerfile", LocalHostProject },
        { "Dockerfile.functions", FunctionsProject },
    };

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_EveryStage_BaseImageFromMicrosoftRegistryWithPinnedTag(string file, string project)
    {
        var parsed = Load(file);

        Assert.True(parsed.Stages.Count >= 2, $"{file}: multi-stage (SDK build, runtime) expected");
        foreach (var stage in parsed.Stages)
        {
            Assert.StartsWith("mcr.microsoft.com/", stage.Image, StringComparison.Ordinal);
            var tag = stage.Image.Contains('@', StringComparison.Ordinal) ? "digest" : stage.Image.Split(':').ElementAtOrDefault(1);
            Assert.False(string.IsNullOrEmpty(tag) || tag == "latest", $"{file}: stage {stage.Name} uses {stage.Image} without a pinned tag");
            Assert.DoesNotContain("$", stage.Image, StringComparison.Ordinal);
        }

        // The SDK image's major.minor is the one global.json pins.
        var sdk = (string)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("global.json")))!["sdk"]!["version"]!;
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{string.Join('.', sdk.Split('.').Take(2))}", parsed.Stages[0].Image);
        Assert.Contains(parsed.Stages[0].All("RUN"), r => r.Contains($"dotnet publish {project}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_CopySources_ExistInTheBuildContext(string file, string project)
    {
        var parsed = Load(file);
        var stageNames = parsed.Stages.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var copy in parsed.Stages.SelectMany(s => s.All("COPY")))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal)) is { } from)
            {
                Assert.Contains(from["--from=".Length..], stageNames);
                continue;
            }

            foreach (var source in parts.Where(p => !p.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            {
                Assert.True(Path.Exists(RepoPaths.Combine(source)), $"{file}: COPY source {source} is not in the repository");
            }
        }

        Assert.True(File.Exists(RepoPaths.Combine(project)), $"{project} does not exist");
        foreach (var needed in ProjectClosure(project))
        {
            Assert.DoesNotContain(DroppedFolders(), d => needed.StartsWith(d, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void FunctionsDockerfile_RuntimeStage_RunsPublishedAppOnFunctionsHostAsNonRoot()
    {
        var runtime = Functions.Stages[^1];

        Assert.Equal("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", runtime.Image);
        var env = string.Join(' ', runtime.All("ENV"));
        Assert.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", env, StringComparison.Ordinal);
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME=dotnet-isolated", env, StringComparison.Ordinal);
        var publish = Assert.Single(Functions.Stages[0].All("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("--output /home/site/wwwroot", publish, StringComparison.Ordinal);
        Assert.Contains(runtime.All("COPY"), c => c.Contains($"--from={Functions.Stages[0].Name} ", StringComparison.Ordinal) && c.EndsWith(" /home/site/wwwroot", StringComparison.Ordinal));
        var user = runtime.Last("USER") ?? throw new Xunit.Sdk.XunitException("the Functions runtime stage sets no USER, so it runs as root");
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // Port 8080: a non-root process cannot bind 80.
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", env, StringComparison.Ordinal);
        Assert.Contains("8080", runtime.All("EXPOSE"));
        // host.json (the Durable hub and partition count) is published with the app: it lives at the repo root.
        Assert.DoesNotContain(DroppedFolders(), d => "host.json".StartsWith(d, StringComparison.Ordinal));
    }

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
        var dropped = DroppedFolders();
        foreach (var needed in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "host.json" }
                     .Concat(ProjectClosure(LocalHostProject)).Concat(ProjectClosure(FunctionsProject)))
        {
            Assert.DoesNotContain(dropped, d => needed.StartsWith(d, StringComparison.Ordinal));
        }
    }

    private static Dockerfile Load(string file) => Dockerfile.Parse(File.ReadAllText(RepoPaths.Combine("deploy", "docker", file)));

    /// <summary>Top-level folders <c>/.dockerignore</c> drops from the build context.</summary>
    private static List<string> DroppedFolders() => File.ReadAllLines(RepoPaths.Combine(".dockerignore"))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("**", StringComparison.Ordinal) && l.EndsWith('/'))
        .ToList();

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
