using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Watcher.Api.Auth;

namespace Watcher.Api;

/// <summary>
/// Builds the OpenAPI 3.1 document of <see cref="WatcherApi.Routes"/> with Microsoft.OpenApi's object model: one
/// operation per route, its path and query parameters, the microversion header, its request body, its success
/// response and Watcher's error body for 4xx. The committed <c>functions/Watcher.Api/openapi.json</c> is this
/// document; a test regenerates it and fails when they differ.
/// </summary>
public static partial class WatcherOpenApi
{
    private const string ErrorSchema = "Error";
    private const string ResourceSchema = "Resource";
    private const string JsonPatchSchema = "JsonPatch";
    private const string VersionHeader = "OpenStack-API-Version";

    private static readonly string[] PagingParameters = ["limit", "marker", "sort_key", "sort_dir"];

    /// <summary>The document for <paramref name="routes"/> (by default the whole table).</summary>
    public static OpenApiDocument Build(IEnumerable<ApiRoute>? routes = null)
    {
        var table = (routes ?? WatcherApi.Routes).ToList();
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Watcher (infra-optim) API",
                Version = WatcherApi.MaxVersion,
                Description = "OpenStack Watcher's v1 API as served by this service, generated from the route table (WatcherApi.Routes). "
                    + $"Microversions {WatcherApi.MinVersion} to {WatcherApi.MaxVersion} are negotiated with the '{VersionHeader}: infra-optim X.Y' header.",
            },
            Servers = [new OpenApiServer { Url = "/", Description = "The service itself (local host or Functions app)." }],
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>
                {
                    [ErrorSchema] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "Watcher's error body. error_message holds a JSON-encoded fault: {\"faultcode\": \"Client\"|\"Server\", \"faultstring\": message, \"debuginfo\": null}.",
                        Required = new HashSet<string> { "error_message" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["error_message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                    [ResourceSchema] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "A Watcher v1 resource view; fields newer than the negotiated microversion are left out.",
                    },
                    [JsonPatchSchema] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Description = "A JSON patch (RFC 6902), as Watcher's PATCH takes.",
                        Items = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "op", "path" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["op"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("add"), JsonValue.Create("replace"), JsonValue.Create("remove")] },
                                ["path"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["value"] = new OpenApiSchema(),
                            },
                        },
                    },
                },
            },
        };

        document.Components.Parameters = new Dictionary<string, IOpenApiParameter>
        {
            [VersionHeader] = new OpenApiParameter
            {
                Name = VersionHeader,
                In = ParameterLocation.Header,
                Description = $"The requested microversion, 'infra-optim X.Y' or 'infra-optim latest'; without it, {WatcherApi.MinVersion}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        document.Components.Responses = new Dictionary<string, IOpenApiResponse>
        {
            ["BadRequest"] = ErrorResponse(document, "The request is invalid (body, parameter or header); the message names the problem."),
            ["NotFound"] = ErrorResponse(document, "No such resource; the message names it."),
            ["NotAcceptable"] = ErrorResponse(document, "The requested microversion is outside the supported range."),
            ["Conflict"] = ErrorResponse(document, "The resource is not in a state that allows this; the message names both states."),
            ["Unauthorized"] = ErrorResponse(document, "No credentials, or credentials that are not valid (docs/security.md)."),
            ["Forbidden"] = ErrorResponse(document, "The caller's role is below the one the policy table requires for this operation, or a browser sent it from another site (Origin); the message names it."),
            ["UnsupportedMediaType"] = ErrorResponse(document, "The body is not sent as application/json (UTF-8); docs/security.md \"Web hardening\"."),
            ["TooManyRequests"] = ErrorResponse(document, "The caller's read or mutation budget (Watcher:Http:ReadsPerMinute, MutationsPerMinute) is spent; Retry-After says when to try again."),
        };
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [AuthModes.Keystone] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Auth-Token", Description = "A Keystone token (Watcher:Auth:Mode=keystone)." },
            [AuthModes.ApiKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "An API key (Watcher:Auth:Mode=api_key); X-Auth-Token is read as well." },
            [AuthModes.Entra] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "An Entra ID access token for Watcher's app registration, its app roles mapped to Watcher's (Watcher:Auth:Mode=entra)." },
        };

        document.Tags = new HashSet<OpenApiTag>(table.Select(r => TagOf(r.Template)).Distinct().Order(StringComparer.Ordinal)
            .Select(t => new OpenApiTag { Name = t, Description = $"Operations on {t.Replace('_', ' ')}." }));

        foreach (var group in table.GroupBy(r => "/" + r.Template).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new OpenApiPathItem();
            foreach (var route in group.OrderBy(r => r.Method, StringComparer.Ordinal))
            {
                item.AddOperation(HttpMethod.Parse(route.Method), Operation(document, route));
            }

            document.Paths.Add(group.Key, item);
        }

        return document;
    }

    /// <summary>The document as JSON, indented, with '\n' line ends: the committed file's exact text.</summary>
    public static async Task<string> ToJsonAsync(IEnumerable<ApiRoute>? routes = null)
    {
        var json = await Build(routes).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        return json.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
    }

    private static OpenApiOperation Operation(OpenApiDocument document, ApiRoute route)
    {
        var parameters = new List<IOpenApiParameter> { new OpenApiParameterReference(VersionHeader, document) };
        foreach (Match match in RouteParameter().Matches(route.Template))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = match.Groups[1].Value,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var name in (route.Paged ? PagingParameters : []).Concat(route.Query))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Schema = new OpenApiSchema { Type = name == "limit" ? JsonSchemaType.Integer : JsonSchemaType.String },
            });
        }

        var operation = new OpenApiOperation
        {
            OperationId = route.Name,
            Summary = route.Summary,
            Description = (route.MinVersion is { } min ? $"Since microversion {min.Major}.{min.Minor}; older requests get a 406. " : string.Empty) + $"Policy: {ApiPolicy.Defaults.For(route)}.",
            Tags = new HashSet<OpenApiTagReference> { new(TagOf(route.Template), document) },
            Parameters = parameters,
            Responses = new OpenApiResponses { [route.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Success(document, route) },
        };
        foreach (var (status, type) in route.AlsoReturns)
        {
            operation.Responses.Add(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = $"Answered instead of {route.Success} when the request asks for it ({type.Name}).",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = Component(document, type, Views.ViewOptions) } },
            });
        }

        if (route.Body != ApiBody.None)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = route.Body != ApiBody.OptionalObject,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = RequestSchema(document, route) },
                },
            };
        }

        operation.Responses.Add("400", new OpenApiResponseReference("BadRequest", document));
        if (ApiPolicy.Defaults.For(route).Public)
        {
            operation.Security = [new OpenApiSecurityRequirement()];
        }
        else
        {
            operation.Responses.Add("401", new OpenApiResponseReference("Unauthorized", document));
            operation.Responses.Add("403", new OpenApiResponseReference("Forbidden", document));
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthModes.Keystone, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthModes.ApiKey, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthModes.Entra, document)] = [] },
            ];
        }

        if (route.Template.Contains('{', StringComparison.Ordinal) || route.Query.Any(q => q.EndsWith("_uuid", StringComparison.Ordinal) || q is "goal" or "strategy" or "resource"))
        {
            operation.Responses.Add("404", new OpenApiResponseReference("NotFound", document));
        }

        operation.Responses.Add("406", new OpenApiResponseReference("NotAcceptable", document));
        if (route.Method != "GET" && route.Template.Contains('{', StringComparison.Ordinal))
        {
            operation.Responses.Add("409", new OpenApiResponseReference("Conflict", document));
        }

        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            operation.Responses.Add("415", new OpenApiResponseReference("UnsupportedMediaType", document));
        }

        operation.Responses.Add("429", new OpenApiResponseReference("TooManyRequests", document));

        return operation;
    }

    private static IOpenApiSchema RequestSchema(OpenApiDocument document, ApiRoute route) => route switch
    {
        { Body: ApiBody.JsonPatch } => new OpenApiSchemaReference(JsonPatchSchema, document),
        { RequestType: { } type } => Component(document, type, ApiRequestBodies.BindOptions),
        _ => new OpenApiSchema { Type = JsonSchemaType.Object },
    };

    /// <summary>A reference to the components schema of a typed record, named after it, added on first use.</summary>
    private static OpenApiSchemaReference Component(OpenApiDocument document, Type type, System.Text.Json.JsonSerializerOptions options)
    {
        var schemas = document.Components!.Schemas!;
        if (!schemas.ContainsKey(type.Name))
        {
            schemas[type.Name] = ApiSchemas.For(type, options, document);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    private static OpenApiResponse Success(OpenApiDocument document, ApiRoute route)
    {
        if (route.Success == 204)
        {
            return new OpenApiResponse { Description = "Done; no body." };
        }

        if (route.Name == "Dashboard")
        {
            return new OpenApiResponse
            {
                Description = "The HTML page.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/html"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
        }

        if (route.Name is "DashboardFile" or "DashboardVendorFile")
        {
            return new OpenApiResponse
            {
                Description = "The file, with an ETag (a matching If-None-Match gets a 304).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/javascript"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["text/css"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        IOpenApiSchema schema = route.ResponseType is { } type ? Component(document, type, Views.ViewOptions) : new OpenApiSchemaReference(ResourceSchema, document);
        if (route.Paged)
        {
            schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    [CollectionOf(route.Template)] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema },
                    ["next"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The next page's URL, when there is one." },
                },
            };
        }

        return new OpenApiResponse
        {
            Description = route.Summary,
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                [VersionHeader] = new OpenApiHeader { Description = "The microversion the response follows.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }

    private static OpenApiResponse ErrorResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document) } },
    };

    /// <summary>The resource group of a template: the segment after <c>v1</c> (<c>v1/audits/{ident}</c> is "audits"), else "service".</summary>
    private static string TagOf(string template)
    {
        var segments = template.Split('/');
        return segments.Length > 1 && segments[0] == "v1" ? segments[1] : template is "" or "v1" ? "versions" : "service";
    }

    private static string CollectionOf(string template) => template.Split('/')[1];

    [GeneratedRegex(@"\{\*?(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
