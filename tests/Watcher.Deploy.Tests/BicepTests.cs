using System.Text.Json.Nodes;

namespace Watcher.Deploy.Tests;

/// <summary>The Azure template in <c>infra-bicep/</c>: it compiles and lints clean, and declares what the app needs.</summary>
public sealed class BicepTests(BicepTemplateFixture fixture) : IClassFixture<BicepTemplateFixture>
{
    private static readonly string InfraDirectory = RepoPaths.Combine("infra-bicep");

    [Fact]
    public void Bicep_Build_SucceedsWithoutWarnings()
    {
        var outputDirectory = Directory.CreateTempSubdirectory("watcher-bicep-").FullName;
        try
        {
            var runs = new[]
            {
                BicepCli.Run(InfraDirectory, "build", "main.bicep", "--outfile", Path.Combine(outputDirectory, "main.json")),
                BicepCli.Run(InfraDirectory, "lint", "main.bicep"),
                BicepCli.Run(InfraDirectory, "build-params", "main.bicepparam", "--outfile", Path.Combine(outputDirectory, "main.parameters.json")),
                BicepCli.Run(InfraDirectory, "lint", "main.bicepparam"),
            };

            foreach (var run in runs)
            {
                Assert.True(run.ExitCode == 0, $"bicep failed: {run}");
                Assert.True(BicepCli.Diagnostics(run).Count == 0, $"bicep reported diagnostics: {run}");
            }
        }
        finally
        {
            Directory.Delete(outputDirectory, recursive: true);
        }
    }

    [Fact]
    public void BicepLint_TemplateWithUnusedParameter_ReportsWarning()
    {
        // Proves the check above can fail: the same lint on a copy with an unused parameter must report it.
        var copy = RepoPaths.CopyToTemp("infra-bicep");
        try
        {
            File.AppendAllText(Path.Combine(copy, "main.bicep"), "\n@description('Never used.')\nparam unusedOnPurpose string = 'x'\n");

            var run = BicepCli.Run(copy, "lint", "main.bicep");

            Assert.Contains(BicepCli.Diagnostics(run), line => line.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Bicep_MainTemplate_DeclaresFunctionAppWithManagedIdentity()
    {
        var site = Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.Web/sites");

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]?["type"]);
        var config = site["properties"]?["functionAppConfig"];
        Assert.Equal("dotnet-isolated", (string?)config?["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config?["runtime"]?["version"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config?["deployment"]?["storage"]?["authentication"]?["type"]);
        var settings = site["properties"]?["siteConfig"]?["appSettings"]?.AsArray().OfType<JsonObject>()
            .ToDictionary(s => (string)s["name"]!, s => (string?)s["value"]) ?? [];
        foreach (var name in new[]
        {
            "AzureWebJobsStorage__accountName", "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "Watcher__StorageBlobServiceUri", "Watcher__Container", "Watcher__TaskHub",
        })
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing; have {string.Join(", ", settings.Keys)}");
        }

        // Identity-based storage: an account name and an endpoint, never a connection string with a key.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("Watcher__StorageConnectionString", settings.Keys);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("WEBSITE_CONTENT", StringComparison.Ordinal));
        Assert.Contains("primaryEndpoints.blob", settings["Watcher__StorageBlobServiceUri"], StringComparison.Ordinal);

        var plan = Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.Web/serverfarms");
        Assert.True((bool?)plan["properties"]?["reserved"], "the plan must be Linux (reserved: true)");
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);

        var parameters = fixture.Template!["parameters"]!;
        Assert.Equal("watcher", (string?)parameters["containerName"]?["defaultValue"]);
        Assert.Equal("watcher", (string?)parameters["taskHubName"]?["defaultValue"]);
        Assert.Equal("[resourceGroup().location]", (string?)parameters["location"]?["defaultValue"]);
        var outputs = fixture.Template["outputs"]!.AsObject().Select(o => o.Key).Order();
        Assert.Equal(["functionAppDefaultHostName", "functionAppName", "storageAccountName"], outputs);
    }

    [Fact]
    public void Bicep_CompiledTemplate_HoldsNoKeyOrKeyedConnectionString()
    {
        var json = fixture.Template!.ToJsonString();

        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", json, StringComparison.OrdinalIgnoreCase);
        var account = Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.Storage/storageAccounts");
        Assert.False((bool?)account["properties"]?["allowSharedKeyAccess"] ?? true, "shared key access must be off");
    }

    [Fact]
    public void BicepBuild_TemplateReadingAccountKey_IsCaughtByTheKeyScan()
    {
        // Proves the scan above can fail: a copy whose app settings read a key compiles to listKeys.
        var copy = RepoPaths.CopyToTemp("infra-bicep");
        var outFile = Path.Combine(copy, "main.json");
        try
        {
            var module = Path.Combine(copy, "modules", "functionapp.bicep");
            File.WriteAllText(module, File.ReadAllText(module).Replace(
                "value: storage.properties.primaryEndpoints.blob",
                "value: 'AccountKey=${storage.listKeys().keys[0].value}'",
                StringComparison.Ordinal));

            var run = BicepCli.Run(copy, "build", "main.bicep", "--outfile", outFile);

            Assert.True(run.ExitCode == 0, $"bicep failed: {run}");
            Assert.Contains("listKeys", File.ReadAllText(outFile), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Bicep_MainTemplate_GrantsStorageDataRolesToAppIdentity()
    {
        // Built-in role definition ids: Storage Blob Data Owner, Storage Queue Data Contributor, Storage Table Data Contributor.
        string[] required = ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"];
        var module = Assert.Single(fixture.AllTemplates(), t => BicepTemplateFixture.Resources(t).Any(r => Type(r) == "Microsoft.Authorization/roleAssignments"));
        var assignment = Assert.Single(BicepTemplateFixture.Resources(module), r => Type(r) == "Microsoft.Authorization/roleAssignments");

        var roleIds = module["variables"]?["roles"]?.AsObject().Select(p => (string)p.Value!).ToHashSet() ?? [];
        Assert.Subset(roleIds, required.ToHashSet());
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]?["principalType"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)assignment["scope"], StringComparison.Ordinal);

        // The principal is the function app's system-assigned identity (the functionapp module's principalId output).
        var deployment = Assert.Single(BicepTemplateFixture.Resources(fixture.Template!),
            r => Type(r) == "Microsoft.Resources/deployments" && r["properties"]?["template"] == module);
        var principal = (string?)deployment["properties"]?["parameters"]?["principalId"]?["value"];
        Assert.Contains("outputs.principalId", principal, StringComparison.Ordinal);
        var identityOutput = fixture.AllTemplates().Select(t => (string?)t["outputs"]?["principalId"]?["value"]).Single(v => v is not null);
        Assert.Contains("identity.principalId", identityOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_MainTemplate_DeclaresLockedDownStorageAndWatcherContainer()
    {
        var account = Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.Storage/storageAccounts");
        Assert.Equal("StorageV2", (string?)account["kind"]);
        Assert.Equal("TLS1_2", (string?)account["properties"]?["minimumTlsVersion"]);
        Assert.False((bool?)account["properties"]?["allowBlobPublicAccess"] ?? true, "public blob access must be off");
        Assert.True((bool?)account["properties"]?["supportsHttpsTrafficOnly"], "HTTPS only");

        var containers = fixture.AllResources().Where(r => Type(r) == "Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Equal(2, containers.Count); // the Watcher documents and the deployment package
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]?["publicAccess"]));
        Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.OperationalInsights/workspaces");
        var insights = Assert.Single(fixture.AllResources(), r => Type(r) == "Microsoft.Insights/components");
        Assert.NotNull((string?)insights["properties"]?["WorkspaceResourceId"]);
    }

    private static string? Type(JsonObject resource) => (string?)resource["type"];
}
