using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watcher.Api;
using Watcher.Api.Auth;

namespace Watcher.Keystone.Tests;

/// <summary>The validator against the real Keystone: identity and roles, invalid and revoked tokens, the cache, and Keystone out of reach.</summary>
[Collection(KeystoneCollection.Name)]
public sealed class KeystoneTokenValidatorTests(KeystoneCloud keystone)
{
    [Fact]
    public async Task ValidateAsync_OperatorToken_UserProjectAndImpliedRoles()
    {
        using var validator = Validator();

        var token = await validator.ValidateAsync(await keystone.TokenAsync(WatcherRole.Operator), CancellationToken.None);

        Assert.NotNull(token);
        Assert.Equal(keystone.Users[WatcherRole.Operator], token.UserName);
        Assert.Equal(keystone.ProjectId, token.ProjectId);
        Assert.Contains("member", token.Roles);
        Assert.DoesNotContain("admin", token.Roles);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ValidateAsync_UnknownToken_Null()
    {
        using var validator = Validator();

        Assert.Null(await validator.ValidateAsync("gAAAAABnot-a-real-token", CancellationToken.None));
        Assert.Null(await validator.ValidateAsync("bad\r\nheader", CancellationToken.None));
    }

    [Fact]
    public async Task ValidateAsync_SameTokenTwice_KeystoneAskedOnce()
    {
        using var validator = Validator();
        var token = await keystone.TokenAsync(WatcherRole.Reader);

        await validator.ValidateAsync(token, CancellationToken.None);
        var calls = validator.KeystoneValidations;
        var again = await validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal(calls, validator.KeystoneValidations);
        Assert.Equal(keystone.Users[WatcherRole.Reader], again?.UserName);
    }

    [Fact]
    public async Task ValidateAsync_RevokedTokenWithoutCache_Null()
    {
        using var validator = Validator(cacheSeconds: 0);
        var token = await keystone.TokenAsync(WatcherRole.Admin);
        Assert.NotNull(await validator.ValidateAsync(token, CancellationToken.None));

        await keystone.RevokeAsync(token);

        Assert.Null(await validator.ValidateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task ValidateAsync_KeystoneUnreachable_503()
    {
        var settings = keystone.Settings();
        settings["Watcher:Auth:Keystone:AuthUrl"] = $"http://127.0.0.1:{Ports.Free()}/v3";
        using var validator = Validator(settings: settings);

        var ex = await Assert.ThrowsAsync<BadHttpRequest>(() => validator.ValidateAsync("some-token", CancellationToken.None));

        Assert.Equal(503, ex.Status);
        Assert.DoesNotContain("some-token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_WrongServicePassword_503NotTheCallersFault()
    {
        var settings = keystone.Settings();
        settings["Watcher:Auth:Keystone:Password"] = "wrong";
        using var validator = Validator(settings: settings);

        var ex = await Assert.ThrowsAsync<BadHttpRequest>(async () => await validator.ValidateAsync(await keystone.TokenAsync(WatcherRole.Reader), CancellationToken.None));

        Assert.Equal(503, ex.Status);
    }

    private KeystoneTokenValidator Validator(int cacheSeconds = 60, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? keystone.Settings(cacheSeconds)).Build();
        var options = configuration.GetSection(KeystoneAuthOptions.Section).Get<KeystoneAuthOptions>()!;
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new KeystoneTokenValidator(clients, Options.Create(options), NullLogger<KeystoneTokenValidator>.Instance);
    }
}
