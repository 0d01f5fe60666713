using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Api.Auth;

namespace Watcher.Keystone;

/// <summary>Registers the <c>keystone</c> mode of the API's identity seam.</summary>
public static class KeystoneAuthExtensions
{
    /// <summary>
    /// Adds the <c>keystone</c> authentication scheme, its validator and options (<c>Watcher:Auth:Keystone</c>, checked at
    /// start-up) when <c>Watcher:Auth:Mode</c> is <c>keystone</c>; otherwise nothing, so a host can always call it.
    /// </summary>
    public static IServiceCollection AddKeystoneAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration[WatcherAuthOptions.Section + ":Mode"]?.Trim(), AuthModes.Keystone, StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.AddOptions<KeystoneAuthOptions>().Bind(configuration.GetSection(KeystoneAuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(KeystoneTokenValidator.HttpClientName);
        services.AddSingleton<KeystoneTokenValidator>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KeystoneAuthenticationHandler>(AuthModes.Keystone, null);
        return services;
    }
}
