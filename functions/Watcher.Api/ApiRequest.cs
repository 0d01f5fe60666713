using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Errors;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations;

namespace Watcher.Api;

/// <summary>A request as handlers see it: route values, query, body, and the services of whichever host serves it.</summary>
public sealed class ApiRequest(HttpContext http, DurableTaskClient durable, IReadOnlyDictionary<string, string?> routeValues)
{
    /// <summary>The default body limit (Watcher:Http:MaxBodyBytes sets the one in force).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public HttpContext Http { get; } = http;

    public DurableTaskClient Durable { get; } = durable;

    /// <summary>The negotiated microversion (1.0 when the request names none).</summary>
    public Version Version { get; internal set; } = new(1, 0);

    public WatcherRepository Repository => Http.RequestServices.GetRequiredService<WatcherRepository>();

    public StrategyRegistry Strategies => Http.RequestServices.GetRequiredService<StrategyRegistry>();

    /// <summary>The workflow engine on the Durable client this request came with (each host binds its own).</summary>
    public IWorkflowEngine Workflows => new DurableWorkflowEngine(Durable);

    public AuditService Audits => ActivatorUtilities.CreateInstance<AuditService>(Http.RequestServices, Workflows);

    public AuditTemplateService Templates => Http.RequestServices.GetRequiredService<AuditTemplateService>();

    public ActionPlanService Plans => ActivatorUtilities.CreateInstance<ActionPlanService>(Http.RequestServices, Workflows);

    public RollbackService Rollbacks => ActivatorUtilities.CreateInstance<RollbackService>(Http.RequestServices, Workflows);

    /// <summary>Return plans after maintenance; they start through <see cref="Plans"/> on this request's engine.</summary>
    public ReturnPlanService Returns => ActivatorUtilities.CreateInstance<ReturnPlanService>(Http.RequestServices, Plans);

    /// <summary>The base URL for links: Watcher:Http:PublicBaseUrl, else the request's scheme and (allowed) Host; never an unchecked Host or X-Forwarded-* header.</summary>
    public string BaseUrl => Hardening.WatcherHttp.For(Http).BaseUrl(Http);

    public string Route(string name)
    {
        var value = routeValues.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : throw new ValidationException($"Missing route value '{name}'.");
        JsonInput.CheckText(value, name);
        return value;
    }

    /// <summary>As Watcher: a request field newer than the negotiated microversion is a 406 naming the version it needs.</summary>
    public void RequireVersion(Version since, string what)
    {
        ArgumentNullException.ThrowIfNull(since);
        if (Version < since)
        {
            throw new BadHttpRequest(406, $"{what} requires microversion {since.Major}.{since.Minor} or later; {Version.Major}.{Version.Minor} was requested.");
        }
    }

    public string? Query(string name)
    {
        var value = Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;
        JsonInput.CheckText(value, name);
        return value;
    }

    /// <summary>Reads the body as a JSON value of the expected kind; anything else is a 400 naming the problem.</summary>
    public async Task<T> ReadJsonAsync<T>()
        where T : JsonNode
    {
        var settings = Hardening.WatcherHttp.For(Http).Options;
        var maxBodyBytes = settings.MaxBodyBytes;
        if (Http.Request.ContentLength > maxBodyBytes)
        {
            throw new ValidationException($"The request body is larger than {maxBodyBytes} bytes (Watcher:Http:MaxBodyBytes).");
        }

        // Read at most maxBodyBytes + 1 bytes into a buffer that grows with the body (not a fixed 1 MiB one per request).
        using var buffer = new MemoryStream(Http.Request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await Http.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBodyBytes + 1 - buffer.Length)), Http.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBodyBytes)
                {
                    throw new ValidationException($"The request body is larger than {maxBodyBytes} bytes (Watcher:Http:MaxBodyBytes).");
                }
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            // Kestrel's framing errors (a bad chunk, a body shorter than its Content-Length, ...): the client's fault.
            throw new BadHttpRequest(ex.StatusCode, "The request body could not be read: " + ex.Message);
        }

        var bytes = new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ValidationException("The request body is empty; a JSON " + (typeof(T) == typeof(JsonArray) ? "array" : "object") + " is required.");
        }

        // Syntax, UTF-8, duplicate members, lone surrogates, depth and control characters: a 400 naming the member.
        var node = JsonInput.Parse(bytes);
        Hardening.BodyLimits.Check(bytes, settings);
        return node as T ?? throw new ValidationException("The request body must be a JSON " + (typeof(T) == typeof(JsonArray) ? "array" : "object") + ".");
    }
}
