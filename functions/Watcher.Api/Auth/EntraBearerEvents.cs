using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Watcher.Api.Auth;

/// <summary>
/// The <c>entra</c> scheme's hooks into ASP.NET Core's JWT bearer handler: a token is only checked once the issuer's
/// metadata is at hand (otherwise 503, since no key could be trusted); a valid token becomes a Watcher principal with
/// the roles its app roles (and mapped scopes) grant; a rejected one gets a message naming the reason. Nothing here
/// logs or returns the token's text.
/// </summary>
internal sealed class EntraBearerEvents(EntraAuthOptions entra, ILogger logger) : JwtBearerEvents
{
    public override async Task MessageReceived(MessageReceivedContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length;
        if (!bearer && string.IsNullOrEmpty(authorization) && context.Request.Headers["X-Auth-Token"].ToString() is { Length: > 0 } header)
        {
            // As in the other modes, so Watcher's CLI works: watcher --os-endpoint-override URL --os-auth-token "$(az account get-access-token ...)".
            context.Token = header.Trim();
            bearer = true;
        }

        if (!bearer || context.Options.ConfigurationManager is not { } metadata)
        {
            return; // no token: the handler answers NoResult, the seam 401
        }

        try
        {
            // Cached by the configuration manager (refreshed daily, or when a token names an unknown key), so this
            // costs a request to the issuer only on the first call and after a failure.
            await metadata.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Entra ID metadata at {Metadata} cannot be read ({Error}); bearer tokens are answered 503 until it can.", context.Options.MetadataAddress ?? context.Options.Authority, ex.GetBaseException().Message);
            context.Fail(new BadHttpRequest(503, "The identity provider's metadata cannot be reached, so the bearer token cannot be checked; try again later."));
        }
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.Principal!;
        var roles = new List<WatcherRole>();
        roles.AddRange(token.FindAll(entra.RoleClaim).Select(c => c.Value).Where(entra.RoleMap.ContainsKey).Select(v => entra.RoleMap[v]));
        if (entra.ScopeMap.Count > 0)
        {
            roles.AddRange(token.FindAll(entra.ScopeClaim)
                .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(entra.ScopeMap.ContainsKey)
                .Select(s => entra.ScopeMap[s]));
        }

        // A user's name, else the calling application's id, else the subject.
        var name = First(token, "preferred_username", "upn", "name", "azp", "appid", "oid", "sub") ?? "entra caller";
        var extra = new[] { "oid", "tid", "azp", "appid" }
            .Select(type => token.FindFirst(type))
            .OfType<Claim>()
            .Select(c => new Claim("entra:" + c.Type, c.Value));
        context.Principal = WatcherClaims.Principal(context.Scheme.Name, name, roles, extra);
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var reason = Describe(context.Exception);
        logger.LogInformation("Entra ID bearer token rejected: {Reason} ({Kind}).", reason, context.Exception.GetType().Name);
        context.Fail(reason);
        return Task.CompletedTask;
    }

    /// <summary>A message for the caller naming why the token was refused, without the library's internal text.</summary>
    public string Describe(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: > 0 } many => Describe(many.InnerExceptions[0]),
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet (nbf is in the future).",
        SecurityTokenNoExpirationException => "The bearer token has no expiry (exp).",
        SecurityTokenInvalidAudienceException => $"The bearer token was issued for another audience; this API accepts {string.Join(", ", entra.Audiences())}.",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer is not one this API trusts (Watcher:Auth:Entra).",
        SecurityTokenInvalidSignatureException => "The bearer token's signature does not verify with the issuer's published keys.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        _ => "The bearer token is not valid.",
    };

    private static string? First(ClaimsPrincipal principal, params string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
