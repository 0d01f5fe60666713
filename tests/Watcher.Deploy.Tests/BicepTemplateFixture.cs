using System.Text.Json.Nodes;

namespace Watcher.Deploy.Tests;

/// <summary>Builds <c>infra-bicep/main.bicep</c> once into ARM JSON for the tests that inspect the template.</summary>
public sealed class BicepTemplateFixture : IDisposable
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("watcher-bicep-").FullName;

    public BicepTemplateFixture()
    {
        var outFile = Path.Combine(_outputDirectory, "main.json");
        BuildResult = BicepCli.Run(RepoPaths.Combine("infra-bicep"), "build", "main.bicep", "--outfile", outFile);
        Template = BuildResult.ExitCode == 0 && File.Exists(outFile)
            ? JsonNode.Parse(File.ReadAllText(outFile))!.AsObject()
            : null;
    }

    internal ProcessResult BuildResult { get; }

    /// <summary>The compiled ARM template, or null when the build failed (see <see cref="BuildResult"/>).</summary>
    public JsonObject? Template { get; }

    /// <summary>Every resource of the template and of the nested module deployments, depth first.</summary>
    public IEnumerable<JsonObject> AllResources() => AllTemplates().SelectMany(Resources);

    /// <summary>The template and every nested module template, depth first.</summary>
    public IEnumerable<JsonObject> AllTemplates()
    {
        Assert.True(Template is not null, $"bicep build failed: {BuildResult}");
        return Walk(Template);

        static IEnumerable<JsonObject> Walk(JsonObject template)
        {
            yield return template;
            foreach (var resource in Resources(template))
            {
                if (resource["properties"]?["template"] is JsonObject nested)
                {
                    foreach (var inner in Walk(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Resources one template deploys (not its <c>existing</c> references): an array, or with <c>languageVersion</c> 2.0 (which user-defined types bring) an
    /// object keyed by symbolic name.
    /// </summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        IEnumerable<JsonObject> all = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        return all.Where(r => r["existing"]?.GetValue<bool>() != true);
    }

    public void Dispose() => Directory.Delete(_outputDirectory, recursive: true);
}
