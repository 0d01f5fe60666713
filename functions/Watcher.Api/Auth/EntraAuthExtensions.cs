using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Watcher.Api.Auth;

/// <summary>Registers the <c>entra</c> mode of the identity seam: ASP.NET Core's JWT bearer handler as a scheme named <c>entra</c>.</summary>
public static class EntraAuthExtensions
{
    /// <summary>
    /// Adds the <c>entra</c> scheme and its options (<c>Watcher:Auth:Entra</c>); it serves requests only when
    /// <c>Watcher:Auth:Mode</c> is <c>entra</c>. <see cref="WatcherAuthExtensions.AddWatcherAuth"/> calls it, so both hosts get it.
    /// Tokens are checked for issuer, audience, lifetime and signature, the keys coming from the issuer's metadata.
    /// </summary>
    public static IServiceCollection AddEntraAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Always registered (the scheme costs nothing until a request authenticates with it), so configuration added
        // after this call still selects it; the settings are read, and checked by WatcherAuthSettings, at start-up.
        services.AddOptions<EntraAuthOptions>().Bind(configuration.GetSection(EntraAuthOptions.Section));
        services.AddAuthentication().AddJwtBearer(AuthModes.Entra);
        services.AddOptions<JwtBearerOptions>(AuthModes.Entra).Configure<IOptions<EntraAuthOptions>, ILoggerFactory>((jwt, options, loggers) =>
        {
            var entra = options.Value;
            if (entra.ResolvedAuthority() is not { } authority)
            {
                return; // WatcherAuthSettings refuses to start, naming the key
            }

            jwt.Authority = authority.ToString();
            jwt.RequireHttpsMetadata = !EntraAuthOptions.AllowsHttpMetadata(authority);
            jwt.BackchannelTimeout = TimeSpan.FromSeconds(entra.MetadataTimeoutSeconds);
            jwt.MapInboundClaims = false; // claims keep the token's names (roles, scp, oid), which the role map reads
            jwt.IncludeErrorDetails = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuers = entra.ValidIssuers.Count == 0 ? null : entra.ValidIssuers,
                ValidateAudience = true,
                ValidAudiences = entra.Audiences(),
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(entra.ClockSkewSeconds),
            };
            jwt.Events = new EntraBearerEvents(entra, loggers.CreateLogger("Watcher.Auth.Entra"));
        });
        return services;
    }
}
