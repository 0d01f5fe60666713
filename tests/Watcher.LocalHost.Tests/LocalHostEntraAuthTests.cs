using Microsoft.Extensions.DependencyInjection;
using Watcher.Api.Auth;

namespace Watcher.LocalHost.Tests;

/// <summary>The local host composes mode <c>entra</c> from configuration alone (AddWatcherAuth registers the JwtBearer scheme) and refuses it misconfigured.</summary>
public sealed class LocalHostEntraAuthTests
{
    [Fact]
    public async Task Build_EntraModeOnAnyAddress_Builds()
    {
        await using var app = LocalHostApp.Build(
        [
            "--Watcher:Local:Url=http://0.0.0.0:18124", "--Watcher:Local:SidecarPort=0", "--Watcher:Auth:Mode=entra",
            "--Watcher:Auth:Entra:TenantId=00000000-0000-4000-8000-0000000000aa", "--Watcher:Auth:Entra:ClientId=6f1c0c55-0000-4000-8000-00000000c1d0",
        ]);

        Assert.Equal(AuthModes.Entra, app.Services.GetRequiredService<WatcherAuthSettings>().Mode);
    }

    [Fact]
    public void Build_EntraModeWithoutAudience_RefusesToStartNamingTheKey()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LocalHostApp.Build(
            ["--Watcher:Local:SidecarPort=0", "--Watcher:Auth:Mode=entra", "--Watcher:Auth:Entra:TenantId=00000000-0000-4000-8000-0000000000aa"]));

        Assert.Contains("Watcher:Auth:Entra:Audience", ex.Message, StringComparison.Ordinal);
    }
}
