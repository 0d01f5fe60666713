using System.Text.Json.Nodes;

namespace Watcher.Deploy.Tests;

/// <summary>
/// <c>.github/workflows/ci.yml</c>: valid YAML (yamllint strict, parsed with js-yaml) whose job runs <c>.ci/run</c> with
/// the SDK global.json pins and Node 20, within 90 minutes, and uploads the test results even when tests fail.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly string Workflow = RepoPaths.Combine(".github", "workflows", "ci.yml");

    [Fact]
    public void Workflow_Yamllint_ReportsNothing()
    {
        var run = ProcessRunner.Run("yamllint", ["--strict", "--format", "parsable", "--config-file", RepoPaths.Combine("deploy", "validate", "yamllint.yaml"), Workflow], RepoPaths.Root);

        Assert.True(run.ExitCode == 0, $"yamllint: {run}");
    }

    [Fact]
    public void Workflow_TestJob_RunsCiEntryPointAndUploadsResults()
    {
        var jobs = Parse(File.ReadAllText(Workflow))["jobs"]!.AsObject();
        var job = Assert.Single(jobs).Value!;
        Assert.StartsWith("ubuntu-", (string?)job["runs-on"], StringComparison.Ordinal);
        Assert.Equal(90, (int?)job["timeout-minutes"]);
        var steps = job["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var uses = steps.Select(s => (string?)s["uses"]).OfType<string>().ToList();
        Assert.Contains(uses, u => u.StartsWith("actions/checkout@", StringComparison.Ordinal));
        var dotnet = Assert.Single(steps, s => ((string?)s["uses"])?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        Assert.Equal("global.json", (string?)dotnet["with"]?["global-json-file"]);
        var node = Assert.Single(steps, s => ((string?)s["uses"])?.StartsWith("actions/setup-node@", StringComparison.Ordinal) == true);
        Assert.Equal("20", (string?)node["with"]?["node-version"]);

        var runIndex = steps.FindIndex(s => ((string?)s["run"])?.Contains("bash .ci/run", StringComparison.Ordinal) == true);
        Assert.True(runIndex > steps.IndexOf(dotnet) && runIndex > steps.IndexOf(node), "bash .ci/run must run after the SDK and Node are set up");
        Assert.Contains("--results-directory", (string)steps[runIndex]["run"]!, StringComparison.Ordinal);
        Assert.True(File.Exists(RepoPaths.Combine(".ci", "run")), ".ci/run is missing");

        var upload = Assert.Single(steps, s => ((string?)s["uses"])?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.True(steps.IndexOf(upload) > runIndex);
        Assert.Equal("always()", (string?)upload["if"]);
        Assert.StartsWith("TestResults", (string?)upload["with"]?["path"], StringComparison.Ordinal);
    }

    [Fact]
    public void Workflow_CiRun_ForwardsItsArgumentsToTheTests()
    {
        // The workflow's --logger trx only reaches dotnet test when .ci/run and scripts/test.sh pass their arguments on.
        Assert.Contains("./scripts/test.sh \"$@\"", File.ReadAllText(RepoPaths.Combine(".ci", "run")), StringComparison.Ordinal);
        Assert.Contains("dotnet test Watcher.sln -c Release --no-build -m:1 \"$@\"", File.ReadAllText(RepoPaths.Combine("scripts", "test.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void Workflow_BrokenIndentation_IsNotYaml()
    {
        // Proves the parse can fail: a step list item indented under a scalar.
        var broken = File.ReadAllText(Workflow).Replace("    steps:\n", "    steps: x\n", StringComparison.Ordinal);
        var file = Path.Combine(Directory.CreateTempSubdirectory("watcher-workflow-").FullName, "ci.yml");
        try
        {
            File.WriteAllText(file, broken);
            var run = ProcessRunner.Run("node", [RepoPaths.Combine("deploy", "validate", "yaml-to-json.mjs"), file], RepoPaths.Root);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("yaml-to-json", run.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static JsonObject Parse(string yaml)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("watcher-workflow-").FullName, "ci.yml");
        try
        {
            File.WriteAllText(file, yaml);
            var run = ProcessRunner.Run("node", [RepoPaths.Combine("deploy", "validate", "yaml-to-json.mjs"), file], RepoPaths.Root);
            Assert.True(run.ExitCode == 0, $"not YAML: {run}");
            return JsonNode.Parse(run.StdOut)!.AsArray().Single()!.AsObject();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
