using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Api.Auth;

namespace Watcher.LocalHost.Tests;

/// <summary>The local host composes the identity seam: mode none only on loopback, keystone and api_key wired and validated at start-up.</summary>
public sealed class LocalHostAuthTests
{
    private const string AnyAddress = "--Watcher:Local:Url=http://0.0.0.0:18123";

    [Fact]
    public void Build_NoneModeOnANonLoopbackAddress_RefusesToStart()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LocalHostApp.Build([AnyAddress, "--Watcher:Local:SidecarPort=0"]));

        Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ApiKeyModeOnAnyAddress_Builds()
    {
        await using var app = LocalHostApp.Build(
        [
            AnyAddress, "--Watcher:Local:SidecarPort=0", "--Watcher:Auth:Mode=api_key",
            "--Watcher:Auth:ApiKeys:0:Name=ci", "--Watcher:Auth:ApiKeys:0:Role=operator", "--Watcher:Auth:ApiKeys:0:Sha256=" + new string('a', 64),
        ]);

        Assert.Equal(AuthModes.ApiKey, app.Services.GetRequiredService<WatcherAuthSettings>().Mode);
    }

    [Fact]
    public async Task Build_KeystoneModeWithoutServiceCredentials_StartupValidationNamesThem()
    {
        await using var app = LocalHostApp.Build(["--Watcher:Local:SidecarPort=0", "--Watcher:Auth:Mode=keystone"]);

        var ex = Assert.Throws<OptionsValidationException>(app.Services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains(ex.Failures, f => f.Contains("AuthUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Password", StringComparison.Ordinal));
    }
}
