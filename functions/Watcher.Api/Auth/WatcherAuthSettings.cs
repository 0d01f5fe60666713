using System.Net;
using Microsoft.Extensions.Logging;

namespace Watcher.Api.Auth;

/// <summary>The identity seam as configured: the mode (the authentication scheme that serves it) and the policy table.</summary>
public sealed record WatcherAuthSettings(string Mode, ApiPolicy Policy)
{
    /// <summary>Whether authentication is off (mode <c>none</c>).</summary>
    public bool IsOpen => Mode == AuthModes.None;

    /// <summary>Refuses an open (mode <c>none</c>) service on any address but loopback.</summary>
    public void RequireLoopbackWhenOpen(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsOpen && !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException(
                $"Watcher:Auth:Mode is 'none' (no authentication), so the API may listen on loopback only, not on {address}. " +
                "Choose keystone or api_key (docs/security.md), or listen on 127.0.0.1.");
        }
    }

    /// <summary>Says at start-up which mode serves the API; a clear warning when it is <c>none</c>.</summary>
    public void LogMode(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (IsOpen)
        {
            logger.LogWarning("API authentication is OFF (Watcher:Auth:Mode=none): every loopback caller is an admin. Local development only; see docs/security.md.");
        }
        else
        {
            logger.LogInformation("API authentication: {Mode} (Watcher:Auth:Mode).", Mode);
        }
    }
}
