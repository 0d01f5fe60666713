using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Watcher.Api.Auth;

/// <summary>
/// The check every host runs before a route's handler (<see cref="WatcherApi.InvokeAsync"/>): public routes pass;
/// otherwise the configured mode's scheme authenticates the caller (no or bad credentials: 401 with Watcher's error
/// body) and the policy table decides (a role below the route's: 403). A host that registered no seam serves only the
/// public routes (fail closed).
/// </summary>
public static class ApiAuthorization
{
    /// <summary>Null when <paramref name="http"/> may call <paramref name="route"/>; else the 401 or 403 to send. Sets <see cref="HttpContext.User"/>.</summary>
    public static async Task<ApiResponse?> AuthorizeAsync(ApiRoute route, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(http);
        var settings = http.RequestServices.GetService<WatcherAuthSettings>();
        var rule = (settings?.Policy ?? ApiPolicy.Defaults).For(route);
        if (rule.Public)
        {
            return null;
        }

        if (settings is null)
        {
            return Unauthorized("This host has no authentication configured (Watcher:Auth); only health and the dashboard's files are served.", null);
        }

        var result = await http.AuthenticateAsync(settings.Mode);
        if (result.Failure is BadHttpRequest unavailable)
        {
            return ApiErrors.Error(unavailable.Status, unavailable.Message);
        }

        if (!result.Succeeded)
        {
            return Unauthorized(
                result.Failure?.Message ?? settings.Mode switch
                {
                    AuthModes.ApiKey => "Authentication required: send an API key in X-Api-Key or X-Auth-Token.",
                    AuthModes.Entra => "Authentication required: send an Entra ID access token in Authorization: Bearer.",
                    _ => "Authentication required: send a token in X-Auth-Token.",
                },
                settings.Mode,
                tokenRejected: result.Failure is not null);
        }

        http.User = result.Principal!;
        var role = WatcherClaims.HighestRole(result.Principal!);
        if (role is null || role < rule.MinRole)
        {
            return ApiErrors.Error(403, $"{route.Method} /{route.Template} ({route.Name}) needs the {ApiPolicy.RoleName(rule.MinRole)} role; "
                + (role is null ? "the caller holds no Watcher role." : $"the caller is a {ApiPolicy.RoleName(role.Value)}."));
        }

        return null;
    }

    /// <summary>
    /// The 401, its <c>WWW-Authenticate</c> naming the mode's scheme (the dashboard reads it to offer the right sign-in).
    /// For bearer tokens, RFC 6750's <c>error="invalid_token"</c> when a token was sent and refused.
    /// </summary>
    private static ApiResponse Unauthorized(string message, string? mode, bool tokenRejected = false)
    {
        var error = ApiErrors.Error(401, message);
        var challenge = mode switch
        {
            AuthModes.Keystone => "Keystone",
            AuthModes.ApiKey => "ApiKey",
            AuthModes.Entra when tokenRejected => $"Bearer error=\"invalid_token\", error_description=\"{QuotedText(message)}\"",
            AuthModes.Entra => "Bearer",
            _ => null,
        };
        return challenge is null ? error : error with { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = challenge } };
    }

    /// <summary>Text safe inside a quoted header parameter: printable ASCII without quotes or backslashes.</summary>
    private static string QuotedText(string text) =>
        new(text.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : ' ').ToArray());
}
