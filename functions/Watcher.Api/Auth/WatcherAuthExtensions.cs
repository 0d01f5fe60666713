using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Watcher.Api.Auth;

/// <summary>Registers the identity seam: the options, the <c>none</c>, <c>api_key</c> and <c>entra</c> schemes, and <see cref="WatcherAuthSettings"/>.</summary>
public static class WatcherAuthExtensions
{
    /// <summary>
    /// Adds the seam, with Entra ID (<see cref="EntraAuthExtensions.AddEntraAuth"/>, a JwtBearer scheme named
    /// <c>entra</c>) when configured. Other modes are schemes of the same name added beside it (the Keystone adapter's
    /// <c>AddKeystoneAuth</c>). Resolving
    /// <see cref="WatcherAuthSettings"/> (each host does so at start-up) fails when the configured mode has no scheme.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The configuration holding <c>Watcher:Auth</c>.</param>
    /// <param name="allowOpenMode">False where mode <c>none</c> must be refused outright (the Functions app outside development).</param>
    public static IServiceCollection AddWatcherAuth(this IServiceCollection services, IConfiguration configuration, bool allowOpenMode = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(WatcherAuthOptions.Section);
        services.AddOptions<WatcherAuthOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(AuthModes.None, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthModes.ApiKey, null);
        services.AddEntraAuth(configuration);
        services.AddSingleton(sp =>
        {
            var options = section.Get<WatcherAuthOptions>() ?? new WatcherAuthOptions();
            var mode = options.Mode.Trim().ToLowerInvariant();
            if (!AuthModes.All.Contains(mode))
            {
                throw new InvalidOperationException($"Watcher:Auth:Mode '{options.Mode}' is not a mode; use one of {string.Join(", ", AuthModes.All)}.");
            }

            if (mode == AuthModes.None && !allowOpenMode)
            {
                throw new InvalidOperationException("Watcher:Auth:Mode 'none' (no authentication) is for local development only; this host requires keystone, api_key or entra (docs/security.md).");
            }

            if (mode == AuthModes.ApiKey && options.ApiKeys.Count == 0)
            {
                throw new InvalidOperationException("Watcher:Auth:Mode is 'api_key' but Watcher:Auth:ApiKeys lists no key.");
            }

            // Options validation does not reach into list items, so each key's hash is checked here.
            if (options.ApiKeys.FirstOrDefault(k => k.Sha256.Length != 64 || !k.Sha256.All(Uri.IsHexDigit)) is { } bad)
            {
                throw new InvalidOperationException($"Watcher:Auth:ApiKeys entry '{bad.Name}': Sha256 must be the key's SHA-256 as 64 hex digits.");
            }

            if (mode == AuthModes.Entra && (section.GetSection("Entra").Get<EntraAuthOptions>() ?? new EntraAuthOptions()).Problem() is { } problem)
            {
                throw new InvalidOperationException(problem + " See docs/security.md.");
            }

            var schemes = sp.GetRequiredService<IAuthenticationSchemeProvider>();
            if (schemes.GetSchemeAsync(mode).GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException($"Watcher:Auth:Mode is '{mode}' but this host registered no authenticator for it (for keystone: AddKeystoneAuth).");
            }

            return new WatcherAuthSettings(mode, new ApiPolicy(options.Policy));
        });
        return services;
    }
}
