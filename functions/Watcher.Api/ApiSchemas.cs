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
                    // Required: a request record's members marked [Required] (documentation only: the handler checks them, with
                    // Watcher's message) and a response record's C# required members, except those only detail views carry.
                    var required = context.TypeInfo.Properties
                        .Where(p => (p.IsRequired || Has<RequiredAttribute>(p)) && !Has<DetailOnlyAttribute>(p))
                        .Select(p => (JsonNode)JsonValue.Create(p.Name)!).ToArray();
                    if (node is JsonObject type && context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                    {
                        type.Remove("required");
                        if (required.Length > 0)
                        {
                            type["required"] = new JsonArray(required);
                        }
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

                if (Has<DetailOnlyAttribute>(property))
                {
                    schema["description"] = ((string?)schema["description"] + " Detail views only.").TrimStart();
                }

                return schema;
            },
        };
        var schema = options.GetJsonSchemaAsNode(type, exporter);
        return Inline(schema, schema.DeepClone(), depth: 0);
    }

    /// <summary>
    /// Replaces the exporter's references to a type met before (<c>{"$ref": "#/properties/a/properties/b"}</c>, pointers
    /// into the root schema) with a copy of what they point to: once the schema is a component of the OpenAPI document,
    /// "#" is the document, not the record. Hand-written: the exporter has no option to inline repeated types.
    /// </summary>
    private static JsonNode Inline(JsonNode node, JsonNode root, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException("A response or request record is recursive; its schema can't be inlined.");
        }

        switch (node)
        {
            case JsonObject o when o["$ref"] is JsonValue r && r.GetValue<string>() is ['#', '/', ..] pointer:
                var target = pointer[2..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
                    .Aggregate((JsonNode?)root, (at, segment) => at is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : at?[segment])
                    ?? throw new InvalidOperationException($"The schema reference {pointer} points nowhere.");
                return Inline(target.DeepClone(), root, depth + 1);
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is { } child)
                    {
                        var inlined = Inline(child, root, depth + 1);
                        if (!ReferenceEquals(inlined, child))
                        {
                            o[key] = inlined;
                        }
                    }
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } child)
                    {
                        var inlined = Inline(child, root, depth + 1);
                        if (!ReferenceEquals(inlined, child))
                        {
                            a[i] = inlined;
                        }
                    }
                }

                return a;
            default:
                return node;
        }
    }

    private static bool Has<T>(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property)
        where T : Attribute => property.AttributeProvider?.IsDefined(typeof(T), inherit: false) == true;

    /// <summary>The schema of <paramref name="type"/> read into Microsoft.OpenApi's model, for <paramref name="document"/>.</summary>
    public static IOpenApiSchema For(Type type, JsonSerializerOptions options, OpenApiDocument document)
    {
        var json = Export(type, options).ToJsonString();
        return OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
            ?? throw new InvalidOperationException($"The schema of {type.Name} could not be read: {json}");
    }
}
