using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>The committed OpenAPI document: generated from the route table, complete, and clean under Redocly's linter.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string Committed = RepoPaths.Combine("functions", "Watcher.Api", "openapi.json");

    [Fact]
    public async Task OpenApiDocument_Committed_MatchesRouteTable()
    {
        var generated = await WatcherOpenApi.ToJsonAsync();
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, generated);
        }

        var committed = File.Exists(Committed) ? (await File.ReadAllTextAsync(Committed)).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(committed == generated,
            $"{Committed} differs from the document generated from WatcherApi.Routes. Regenerate it with:\n" +
            "  UPDATE_OPENAPI=1 dotnet test tests/Watcher.Api.Tests -c Release --filter OpenApiDocument_Committed_MatchesRouteTable\nand commit the result.");
    }

    [Fact]
    public async Task OpenApiDocument_EveryRoute_HasOperationWithSuccessAndErrorBodyResponses()
    {
        var document = JsonNode.Parse(await WatcherOpenApi.ToJsonAsync())!;
        foreach (var route in WatcherApi.Routes)
        {
            var operation = document["paths"]?["/" + route.Template]?[route.Method.ToLowerInvariant()];
            Assert.True(operation is not null, $"No operation for {route.Method} /{route.Template}");
            Assert.Equal(route.Name, operation["operationId"]?.GetValue<string>());
            var responses = operation["responses"]!.AsObject();
            Assert.Contains(route.Success.ToString(System.Globalization.CultureInfo.InvariantCulture), responses.Select(r => r.Key));
            var errors = responses.Where(r => r.Key.StartsWith('4')).ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e =>
            {
                var name = e.Value!["$ref"]!.GetValue<string>().Split('/')[^1];
                Assert.Equal("#/components/schemas/Error", document["components"]!["responses"]![name]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
            });
            foreach (var parameter in route.Template.Split('/').Where(s => s.StartsWith('{')))
            {
                Assert.Contains(operation["parameters"]!.AsArray(), p => p!["in"]?.GetValue<string>() == "path" && "{" + p["name"]!.GetValue<string>() + "}" == parameter);
            }
        }
    }

    [Fact]
    public async Task OpenApiDocument_Committed_PassesRedoclyLint()
    {
        var redocly = RepoPaths.Combine("node_modules", ".bin", "redocly");
        if (!File.Exists(redocly))
        {
            // Locally the npm tools may not be installed; CI (REQUIRE_YAMLLINT=1, set by .ci/run after npm ci) must lint.
            Assert.True(Environment.GetEnvironmentVariable("REQUIRE_YAMLLINT") != "1", $"{redocly} is missing: run 'npm ci --no-audit --no-fund'.");
            return;
        }

        var info = new ProcessStartInfo(redocly)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "lint", "--config", RepoPaths.Combine("functions", "Watcher.Api", "redocly.yaml"), "--format", "stylish", Committed })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"redocly lint failed (exit {process.ExitCode}):\n{output}");
        // Warnings do not change redocly's exit code; its summary names them.
        Assert.DoesNotMatch(@"You have \d+ warning", output);
        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
    }
}
