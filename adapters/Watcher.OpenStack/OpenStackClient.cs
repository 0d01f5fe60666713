using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.OpenStack;

/// <summary>
/// Calls OpenStack's REST APIs with a Keystone v3 token: authenticates with a password or an application credential,
/// caches the token and refreshes it before it expires (or once when a service answers 401), finds each service's
/// endpoint in the token's catalog (configured interface and region) and sends Nova's microversion on compute calls.
/// The <see cref="HttpClient"/> comes from the factory with the retry and timeout policy registered in
/// <see cref="OpenStackServiceCollectionExtensions"/>. Errors become <see cref="OpenStackApiException"/> carrying the
/// service's own message.
/// </summary>
public sealed class OpenStackClient
{
    /// <summary>Nova's service type in the catalog.</summary>
    public const string Compute = "compute";

    /// <summary>Placement's service type in the catalog.</summary>
    public const string Placement = "placement";

    /// <summary>Cinder v3's service type in the catalog.</summary>
    public const string VolumeV3 = "volumev3";

    private const string PlacementMicroversion = "1.14";

    private readonly HttpClient _http;
    private readonly OpenStackOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private KeystoneToken? _token;

    public OpenStackClient(HttpClient http, OpenStackOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The settings this client uses.</summary>
    public OpenStackOptions Options => _options;

    /// <summary>How many tokens this client has obtained from Keystone (tests check the cache with it).</summary>
    public int TokensIssued { get; private set; }

    /// <summary>True when the catalog lists <paramref name="serviceType"/> for the configured interface and region.</summary>
    public async Task<bool> HasServiceAsync(string serviceType, CancellationToken cancellationToken = default) =>
        (await TokenAsync(cancellationToken)).Endpoint(serviceType, _options.Interface, _options.Region) is not null;

    /// <summary>GET <paramref name="path"/> on <paramref name="serviceType"/>; the parsed body.</summary>
    public async Task<JsonObject> GetAsync(string serviceType, string path, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, serviceType, path, null, cancellationToken) ?? [];

    /// <summary>Sends a request and returns the parsed JSON body (null when there is none).</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string serviceType, string path, JsonNode? body, CancellationToken cancellationToken = default) =>
        await SendAsync(method, serviceType, path, body, null, cancellationToken);

    /// <summary>Sends a request with a compute microversion other than the configured one (null: the configured one).</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string serviceType, string path, JsonNode? body, string? microversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        for (var attempt = 1; ; attempt++)
        {
            var token = await TokenAsync(cancellationToken);
            var endpoint = token.Endpoint(serviceType, _options.Interface, _options.Region)
                ?? throw new OpenStackApiException(HttpStatusCode.NotFound, $"The Keystone catalog has no {_options.Interface} '{serviceType}' endpoint in region {_options.Region ?? "(any)"}.");
            using var request = new HttpRequestMessage(method, new Uri(endpoint, path.TrimStart('/')));
            request.Headers.Add("X-Auth-Token", token.Value);
            AddMicroversion(request, serviceType, microversion);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout * (_options.MaxRetries + 2));
            using var response = await _http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                // The token was revoked or expired early: get a new one and try once more.
                await InvalidateAsync(token);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new OpenStackApiException(response.StatusCode, ErrorMessage(method, path, response.StatusCode, text));
            }

            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
    }

    /// <summary>The service's own message from an error body (Nova: <c>{"badRequest": {"message": ...}}</c>; Placement and Keystone: <c>errors</c>/<c>error</c>).</summary>
    internal static string ErrorMessage(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        string? message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject json)
            {
                message = json["errors"] is JsonArray errors && errors.Count > 0 ? (string?)errors[0]?["detail"] ?? (string?)errors[0]?["title"]
                    : json.Select(p => p.Value).OfType<JsonObject>().Select(o => (string?)o["message"]).FirstOrDefault(m => m is not null);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: use the text as it is.
        }

        message ??= body.Length > 300 ? body[..300] : body;
        return $"{method} {path} -> {(int)status}: {message.Trim()}";
    }

    private void AddMicroversion(HttpRequestMessage request, string serviceType, string? microversion)
    {
        if (serviceType == Compute)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + (microversion ?? _options.ComputeMicroversion));
            request.Headers.Add("X-OpenStack-Nova-API-Version", microversion ?? _options.ComputeMicroversion);
        }
        else if (serviceType == Placement)
        {
            request.Headers.Add("OpenStack-API-Version", "placement " + PlacementMicroversion);
        }
    }

    private async Task<KeystoneToken> TokenAsync(CancellationToken cancellationToken)
    {
        var current = _token;
        if (current is not null && _time.GetUtcNow() < current.ExpiresAt - _options.TokenRefreshMargin)
        {
            return current;
        }

        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && _time.GetUtcNow() < fresh.ExpiresAt - _options.TokenRefreshMargin)
            {
                return fresh;
            }

            _token = await IssueAsync(cancellationToken);
            TokensIssued++;
            return _token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task InvalidateAsync(KeystoneToken stale)
    {
        await _tokenLock.WaitAsync();
        try
        {
            if (ReferenceEquals(_token, stale))
            {
                _token = null;
            }
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<KeystoneToken> IssueAsync(CancellationToken cancellationToken)
    {
        var problems = _options.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var authUrl = _options.AuthUrl.ToString().TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(authUrl + "/auth/tokens"))
        {
            // A string body, not JsonContent: its chunked stream is not read by Keystone's uwsgi ("Expecting to find auth").
            Content = new StringContent(AuthBody().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout * (_options.MaxRetries + 2));
        using var response = await _http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new OpenStackApiException(response.StatusCode, "Keystone refused the credentials: " + ErrorMessage(HttpMethod.Post, "/v3/auth/tokens", response.StatusCode, text));
        }

        var value = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.First() : throw new OpenStackApiException(response.StatusCode, "Keystone answered without X-Subject-Token.");
        var token = JsonNode.Parse(text)?["token"] as JsonObject ?? throw new OpenStackApiException(response.StatusCode, "Keystone answered without a token body.");
        var expires = (string?)token["expires_at"] is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : _time.GetUtcNow().AddHours(1);
        return new KeystoneToken(value, expires, token["catalog"] as JsonArray ?? []);
    }

    private JsonObject AuthBody()
    {
        JsonObject identity;
        JsonObject? scope = null;
        if (!string.IsNullOrWhiteSpace(_options.ApplicationCredentialId))
        {
            // An application credential is scoped to its project already.
            identity = new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = new JsonObject { ["id"] = _options.ApplicationCredentialId, ["secret"] = _options.ApplicationCredentialSecret },
            };
        }
        else
        {
            identity = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject
                    {
                        ["name"] = _options.Username,
                        ["domain"] = new JsonObject { ["name"] = _options.UserDomainName },
                        ["password"] = _options.Password,
                    },
                },
            };
            scope = new JsonObject { ["project"] = new JsonObject { ["name"] = _options.ProjectName, ["domain"] = new JsonObject { ["name"] = _options.ProjectDomainName } } };
        }

        var auth = new JsonObject { ["identity"] = identity };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }

        return new JsonObject { ["auth"] = auth };
    }
}
