using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Api;

namespace Watcher.Keystone;

/// <summary>
/// Validates tokens as keystonemiddleware does: <c>GET /v3/auth/tokens</c> with the token in <c>X-Subject-Token</c> and
/// the service user's own token in <c>X-Auth-Token</c> (obtained with a password, kept until shortly before it expires,
/// renewed when Keystone refuses it). Answers, valid or not, are cached for <see cref="KeystoneAuthOptions.CacheSeconds"/>,
/// never past the token's expiry, keyed by the token's SHA-256; tokens are never logged. Keystone unreachable or failing
/// is a 503, not a 401.
/// </summary>
public sealed class KeystoneTokenValidator : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> the validator uses.</summary>
    public const string HttpClientName = "keystone";

    private readonly IHttpClientFactory clients;
    private readonly KeystoneAuthOptions options;
    private readonly ILogger<KeystoneTokenValidator> logger;
    private readonly TimeProvider time;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly SemaphoreSlim serviceLock = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? serviceToken;
    private int validations;

    /// <summary>Creates the validator.</summary>
    public KeystoneTokenValidator(IHttpClientFactory clients, IOptions<KeystoneAuthOptions> options, ILogger<KeystoneTokenValidator> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clients = clients;
        this.options = options.Value;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How many validations went to Keystone (the rest came from the cache).</summary>
    public int KeystoneValidations => Volatile.Read(ref validations);

    /// <summary>The token's identity, or null when Keystone says it is not valid (unknown, expired or revoked).</summary>
    public async Task<KeystoneToken?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > 8192 || token.Any(c => c is < '!' or > '~'))
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (cache.TryGetValue(key, out Cached? cached) && cached is not null)
        {
            return cached.Token is { } hit && hit.ExpiresAt > time.GetUtcNow() ? hit : null;
        }

        var result = await FetchAsync(token, cancellationToken);
        var ttl = TimeSpan.FromSeconds(options.CacheSeconds);
        if (result is not null && result.ExpiresAt - time.GetUtcNow() < ttl)
        {
            ttl = result.ExpiresAt - time.GetUtcNow();
        }

        if (ttl > TimeSpan.Zero)
        {
            cache.Set(key, new Cached(result), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        cache.Dispose();
        serviceLock.Dispose();
    }

    private async Task<KeystoneToken?> FetchAsync(string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var service = await ServiceTokenAsync(renew: attempt > 0, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("auth/tokens"));
            request.Headers.TryAddWithoutValidation("X-Auth-Token", service);
            request.Headers.TryAddWithoutValidation("X-Subject-Token", token);
            Interlocked.Increment(ref validations);
            using var response = await SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                continue; // The service token itself was refused (expired or revoked): renew it once.
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                logger.LogDebug("Keystone: a token was presented that is not valid.");
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"Keystone answered {(int)response.StatusCode} to a token validation.");
            }

            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
                ?? throw Unavailable("Keystone's token validation had no body.");
            var parsed = Parse(body["token"] as JsonObject);
            logger.LogDebug("Keystone: token of user {User} (project {Project}) validated with roles {Roles}.", parsed.UserName, parsed.ProjectName, parsed.Roles);
            return parsed;
        }
    }

    private async Task<string> ServiceTokenAsync(bool renew, CancellationToken cancellationToken)
    {
        await serviceLock.WaitAsync(cancellationToken);
        try
        {
            if (!renew && serviceToken is { } current && current.ExpiresAt > time.GetUtcNow().AddSeconds(60))
            {
                return current.Token;
            }

            var auth = new JsonObject
            {
                ["auth"] = new JsonObject
                {
                    ["identity"] = new JsonObject
                    {
                        ["methods"] = new JsonArray("password"),
                        ["password"] = new JsonObject
                        {
                            ["user"] = new JsonObject
                            {
                                ["name"] = options.Username,
                                ["domain"] = new JsonObject { ["name"] = options.UserDomainName },
                                ["password"] = options.Password,
                            },
                        },
                    },
                    ["scope"] = new JsonObject
                    {
                        ["project"] = new JsonObject
                        {
                            ["name"] = options.ProjectName,
                            ["domain"] = new JsonObject { ["name"] = options.ProjectDomainName },
                        },
                    },
                },
            };
            // A string body (with Content-Length): Keystone under uwsgi does not read a chunked one (it answers 400).
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("auth/tokens")) { Content = new StringContent(auth.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
            using var response = await SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("X-Subject-Token", out var values))
            {
                // The service user's credentials are wrong: an operator's problem, not the caller's.
                logger.LogError("Keystone refused Watcher's service user {User} ({Status}); check Watcher:Auth:Keystone.", options.Username, (int)response.StatusCode);
                throw Unavailable("Watcher could not authenticate to Keystone to validate tokens.");
            }

            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var expires = DateTimeOffset.TryParse(body?["token"]?["expires_at"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : time.GetUtcNow().AddMinutes(5);
            serviceToken = (values.First(), expires);
            return serviceToken.Value.Token;
        }
        finally
        {
            serviceLock.Release();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            return await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Keystone at {AuthUrl} could not be reached: {Error}", options.AuthUrl, ex.Message);
            throw Unavailable("The identity service (Keystone) could not be reached to validate the token.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Keystone at {AuthUrl} did not answer within {Seconds} s.", options.AuthUrl, options.TimeoutSeconds);
            throw Unavailable("The identity service (Keystone) did not answer in time to validate the token.");
        }
    }

    private static KeystoneToken Parse(JsonObject? token)
    {
        if (token is null || token["user"] is not JsonObject user || !DateTimeOffset.TryParse(token["expires_at"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires))
        {
            throw Unavailable("Keystone's token validation lacked the user or expires_at.");
        }

        var roles = (token["roles"] as JsonArray ?? [])
            .Select(r => r?["name"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        return new KeystoneToken(
            user["id"]?.GetValue<string>() ?? string.Empty,
            user["name"]?.GetValue<string>() ?? string.Empty,
            token["project"]?["id"]?.GetValue<string>(),
            token["project"]?["name"]?.GetValue<string>(),
            roles,
            expires);
    }

    private static BadHttpRequest Unavailable(string message) => new(503, message);

    private Uri Url(string path) => new(options.AuthUrl.TrimEnd('/') + "/" + path);

    private sealed record Cached(KeystoneToken? Token);
}
