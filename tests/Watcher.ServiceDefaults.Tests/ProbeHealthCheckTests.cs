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

    [Fact]
    public async Task CheckHealthAsync_ProbeIgnoresCancellation_AnswersFailureWithinAnswerBound()
    {
        // An SDK call that retries with back-off and does not honour the token: the check must not wait for it.
        var check = new CloudHealthCheck(new SlowCloud(TimeSpan.FromSeconds(20)));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("The cloud did not answer within 1 s.", result.Description);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task CheckHealthAsync_ConcurrentChecks_ShareOneProbe()
    {
        // 50 ms: far inside the 1 s answer bound even on a loaded machine.
        var cloud = new SlowCloud(TimeSpan.FromMilliseconds(50));
        var check = new CloudHealthCheck(cloud);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => check.CheckHealthAsync(Context(check))));

        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal(1, cloud.Calls);
    }

    [Fact]
    public async Task CheckHealthAsync_AfterReuseWindow_ProbesAgainAndSeesRecovery()
    {
        var failing = true;
        var check = new CloudHealthCheck(new StubCloud(() => failing ? throw new TimeoutException("down") : new ClusterModel([], [])));
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(Context(check))).Status);

        failing = false;
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(Context(check))).Status);
        await Task.Delay(ProbeHealthCheck.ReuseFor + TimeSpan.FromMilliseconds(100));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);
    }

    private sealed class StubCloud(Func<ClusterModel> cluster) : ICloud
    {
        public string Name => "stub";

        public Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(cluster());
    }

    private sealed class SlowCloud(TimeSpan delay) : ICloud
    {
        private int _calls;

        public string Name => "slow";

        public int Calls => _calls;

        public async Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(delay, CancellationToken.None);
            return new ClusterModel([], []);
        }
    }
}
