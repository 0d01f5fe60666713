using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Watcher.Api.Contracts;

namespace Watcher.Api;

/// <summary>
/// The OpenAPI schema of a typed request or response record, from System.Text.Json's own schema exporter (so the
/// document describes exactly what is bound and written), with each property's <see cref="DescriptionAttribute"/>.
/// </summary>
public static class ApiSchemas
{
    /// <summary>The JSON schema of <paramref name="type"/> as serialised with <paramref name="options"/>.</summary>
    public static JsonNode Export(Type type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (context.PropertyInfo is not { } property)
                {
                    // A record's members marked [Required] (documentation only: the handler checks them, with Watcher's message).
                    var required = context.TypeInfo.Properties
                        .Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: false) == true)
                        .Select(p => (JsonNode)JsonValue.Create(p.Name)!).ToArray();
                    if (required.Length > 0 && node is JsonObject type)
                    {
                        type["required"] = new JsonArray(required);
                    }

                    return node;
                }

                var schema = node as JsonObject ?? [];
                switch (property.CustomConverter)
                {
                    case StringOrNumberConverter:
                        schema["type"] = new JsonArray("string", "number", "null");
                        break;
                    case LenientBooleanConverter:
                        schema["type"] = new JsonArray("boolean", "string", "null");
                        break;
                }

                if (property.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).OfType<DescriptionAttribute>().FirstOrDefault() is { } description)
                {
                    schema["description"] = description.Description;
                }

                return schema;
            },
        };
        return options.GetJsonSchemaAsNode(type, exporter);
    }

    /// <summary>The schema of <paramref name="type"/> read into Microsoft.OpenApi's model, for <paramref name="document"/>.</summary>
    public static IOpenApiSchema For(Type type, JsonSerializerOptions options, OpenApiDocument document)
    {
        var json = Export(type, options).ToJsonString();
        return OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
            ?? throw new InvalidOperationException($"The schema of {type.Name} could not be read: {json}");
    }
}
