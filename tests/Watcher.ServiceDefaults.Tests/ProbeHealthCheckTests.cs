using Microsoft.Extensions.Diagnostics.HealthChecks;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>The readiness checks' shared probe logic (<see cref="ProbeHealthCheck"/>), through the cloud check.</summary>
public sealed class ProbeHealthCheckTests
{
    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("cloud", check, HealthStatus.Degraded, null) };

    [Fact]
    public async Task CheckHealthAsync_ProbeThrows_RegistrationFailureStatusNamingOnlyTheExceptionType()
    {
        var check = new CloudHealthCheck(new StubCloud(() => throw new InvalidOperationException("https://account.example/secret refused")));

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("The cloud did not answer (InvalidOperationException).", result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_ProbeAnswers_HealthyWithTheProbesDescription()
    {
        var check = new CloudHealthCheck(new StubCloud(() => new ClusterModel([], [])));

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("The cloud answered: 0 hosts.", result.Description);
    }

    private sealed class StubCloud(Func<ClusterModel> cluster) : ICloud
    {
        public string Name => "stub";

        public Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(cluster());
    }
}
