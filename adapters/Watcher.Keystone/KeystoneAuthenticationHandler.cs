using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Api.Auth;

namespace Watcher.Keystone;

/// <summary>
/// Mode <c>keystone</c>: the token in <c>X-Auth-Token</c>, validated by <see cref="KeystoneTokenValidator"/>, becomes a
/// principal with the Watcher roles its Keystone roles map to (<see cref="KeystoneAuthOptions.RoleMap"/>) and its project.
/// </summary>
public sealed class KeystoneAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeystoneTokenValidator validator,
    IOptions<KeystoneAuthOptions> keystone)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The header carrying the token, as in every OpenStack API.</summary>
    public const string Header = "X-Auth-Token";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        KeystoneToken? identity;
        try
        {
            identity = await validator.ValidateAsync(token, Context.RequestAborted);
        }
        catch (Api.BadHttpRequest unavailable)
        {
            return AuthenticateResult.Fail(unavailable);
        }

        if (identity is null)
        {
            return AuthenticateResult.Fail("The token is not valid (Keystone does not know it, or it expired or was revoked).");
        }

        var settings = keystone.Value;
        if (!string.IsNullOrEmpty(settings.ProjectId) && identity.ProjectId != settings.ProjectId)
        {
            return AuthenticateResult.Fail("The token is not scoped to the project this Watcher serves (Watcher:Auth:Keystone:ProjectId).");
        }

        var roles = identity.Roles
            .Where(settings.RoleMap.ContainsKey)
            .Select(r => settings.RoleMap[r]);
        var extra = identity.ProjectId is null ? Array.Empty<Claim>() : [new Claim(WatcherClaims.ProjectId, identity.ProjectId)];
        var principal = WatcherClaims.Principal(Scheme.Name, identity.UserName, roles, extra);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
