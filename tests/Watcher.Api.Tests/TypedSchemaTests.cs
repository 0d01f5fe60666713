using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>The OpenAPI document describes every typed request body and response with its record's own fields.</summary>
public sealed class TypedSchemaTests
{
    public static TheoryData<string> TypedRoutes => [.. WatcherApi.Routes.Where(r => r.RequestType is not null || r.ResponseType is not null).Select(r => r.Name)];

    [Fact]
    public void Routes_WithObjectBody_AllHaveARequestType()
    {
        // The simulator's routes (faults, reset) still read their bodies untyped.
        var untyped = WatcherApi.Routes.Where(r => r.Body is ApiBody.Object or ApiBody.OptionalObject && r.RequestType is null && !r.Template.StartsWith("v1/simulator", StringComparison.Ordinal));

        Assert.Empty(untyped.Select(r => r.Name));
    }

    [Fact]
    public async Task OpenApiDocument_RouteWithBody_HasResolvableRequestBodySchema()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("functions", "Watcher.Api", "openapi.json")))!;
        foreach (var route in WatcherApi.Routes.Where(r => r.Body != ApiBody.None))
        {
            var schema = document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!["requestBody"]?["content"]?["application/json"]?["schema"];
            Assert.True(schema is not null, $"{route.Name} reads a body but its operation has no request body schema.");
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                Assert.True(document["components"]!["schemas"]![reference.Split('/')[^1]] is not null, $"{route.Name}'s request body refers to {reference}, which is missing.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TypedRoutes))]
    public async Task OpenApiDocument_TypedRoute_HasRecordSchemaWithItsFields(string name)
    {
        var route = WatcherApi.Find(name);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("functions", "Watcher.Api", "openapi.json")))!;
        var operation = document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!;

        if (route.RequestType is { } request)
        {
            var reference = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
            Assert.Equal($"#/components/schemas/{request.Name}", reference);
            AssertFields(document, request, ApiRequestBodies.BindOptions);
        }

        if (route.ResponseType is { } response)
        {
            var schema = operation["responses"]![route.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!["application/json"]!["schema"]!;
            var reference = route.Paged ? schema["properties"]![route.Template.Split('/')[1]]!["items"]!["$ref"] : schema["$ref"];
            Assert.Equal($"#/components/schemas/{response.Name}", reference?.GetValue<string>());
            AssertFields(document, response, Views.ViewOptions);
        }
    }

    private static void AssertFields(JsonNode document, Type record, JsonSerializerOptions options)
    {
        var component = document["components"]!["schemas"]![record.Name];
        Assert.True(component is not null, $"No components schema {record.Name} in openapi.json; regenerate it.");
        var documented = component["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        var fields = options.GetTypeInfo(record).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(fields, documented);
    }
}
