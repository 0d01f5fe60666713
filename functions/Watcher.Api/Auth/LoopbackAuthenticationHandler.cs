using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Watcher.Api.Auth;

/// <summary>
/// Mode <c>none</c>: no credentials, every caller is an admin, but only a caller on loopback (or an in-process one
/// with no remote address, such as a test server). The local host also refuses to listen on another address in this mode.
/// </summary>
public sealed class LoopbackAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(AuthenticateResult.Fail("Authentication is off (Watcher:Auth:Mode=none), which serves loopback callers only."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            WatcherClaims.Principal(Scheme.Name, "local", [WatcherRole.Admin]), Scheme.Name)));
    }
}
