using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Watcher.Api.Auth;

/// <summary>
/// Mode <c>api_key</c>: a key from <c>Watcher:Auth:ApiKeys</c> in <c>X-Api-Key</c>, or in <c>X-Auth-Token</c> so that
/// Watcher's own CLI works with <c>--os-endpoint-override URL --os-auth-token KEY</c>. Keys are compared by SHA-256 in
/// fixed time; configuration holds only the hashes, and logs name the key's holder, never the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<WatcherAuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The header that carries the key (<c>X-Auth-Token</c> is read as well).</summary>
    public const string Header = "X-Api-Key";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            key = Request.Headers["X-Auth-Token"].ToString();
        }

        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        foreach (var entry in auth.CurrentValue.ApiKeys)
        {
            if (entry.Sha256.Length == 64 && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entry.Sha256)))
            {
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                    WatcherClaims.Principal(Scheme.Name, entry.Name, [entry.Role]), Scheme.Name)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
    }
}
