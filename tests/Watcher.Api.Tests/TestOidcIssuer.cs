using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Watcher.Api.Tests;

/// <summary>
/// A tiny OpenID Connect issuer shaped like Entra ID's v2.0 endpoint, on a loopback Kestrel port: it serves
/// <c>{tenant}/v2.0/.well-known/openid-configuration</c> and its JWKS, and signs RS256 access tokens with its RSA key
/// (Microsoft.IdentityModel's own token handler), so the API's <c>entra</c> mode is tested with real metadata, keys
/// and signatures and no Azure.
/// </summary>
internal sealed class TestOidcIssuer : IAsyncDisposable
{
    public const string Audience = "api://watcher-tests";

    /// <summary>The tenant id in the issuer's paths.</summary>
    public const string Tenant = "00000000-0000-4000-8000-0000000000aa";
    private const string KeyId = "watcher-test-key";

    private readonly WebApplication app;
    private readonly RSA key = RSA.Create(2048);
    private int metadataRequests;

    private TestOidcIssuer(WebApplication app) => this.app = app;

    /// <summary>The authority (and the <c>iss</c> of its tokens), as Entra's <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>How many times the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref metadataRequests);

    /// <param name="port">The loopback port; 0 for any free one.</param>
    public static async Task<TestOidcIssuer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app);
        app.MapGet($"/{Tenant}/v2.0/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref issuer.metadataRequests);
            var root = issuer.Authority[..issuer.Authority.IndexOf($"/{Tenant}/", StringComparison.Ordinal)];
            return Results.Content(new JsonObject
            {
                ["issuer"] = issuer.Authority,
                ["authorization_endpoint"] = $"{root}/{Tenant}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{root}/{Tenant}/oauth2/v2.0/token",
                ["jwks_uri"] = $"{root}/{Tenant}/discovery/v2.0/keys",
                ["response_types_supported"] = new JsonArray("code", "id_token", "token id_token"),
                ["subject_types_supported"] = new JsonArray("pairwise"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }.ToJsonString(), "application/json");
        });
        app.MapGet($"/{Tenant}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer.key.ExportParameters(false)) { KeyId = KeyId });
            return Results.Content(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = jwk.Kid,
                    ["n"] = jwk.N,
                    ["e"] = jwk.E,
                }),
            }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.Authority = $"{address.TrimEnd('/')}/{Tenant}/v2.0";
        return issuer;
    }

    /// <summary>The configuration of an API host trusting this issuer (mode entra).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Watcher:Auth:Mode"] = "entra",
        ["Watcher:Auth:Entra:Authority"] = Authority,
        ["Watcher:Auth:Entra:Audience"] = Audience,
        ["Watcher:Auth:Entra:ClockSkewSeconds"] = "0",
    };

    /// <summary>
    /// An access token holding the app roles <paramref name="roles"/>; each other part can be made wrong: the audience,
    /// the issuer, the lifetime, or the key it is signed with (same key id, another key: a forged signature).
    /// </summary>
    public string Token(
        IEnumerable<string> roles,
        string audience = Audience,
        string? issuer = null,
        TimeSpan? expiresIn = null,
        RSA? signWith = null,
        string? scopes = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var claims = new Dictionary<string, object>
        {
            ["roles"] = roles.ToArray(),
            ["oid"] = "11111111-2222-4333-8444-555555555555",
            ["tid"] = Tenant,
            ["preferred_username"] = "ada@example.test",
        };
        if (scopes is not null)
        {
            claims["scp"] = scopes;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddHours(-1) : now,
            NotBefore = expires < now ? expires.AddHours(-1) : now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        key.Dispose();
    }
}
