using Microsoft.Extensions.Configuration;

namespace Watcher.LocalHost.Tests;

/// <summary>The Durable engine settings (Watcher:Durable): defaults, the start-up checks and the activity lock renewal schedule.</summary>
public sealed class DurableOptionsTests
{
    [Fact]
    public void Defaults_FourPartitionsRenewingLocks_HaveNoProblems()
    {
        var options = new DurableOptions();

        Assert.Equal(4, options.PartitionCount);
        Assert.True(options.RenewActivityLocks);
        Assert.Empty(options.Problems(new LocalHostOptions().VisibilityTimeoutSeconds, 3600));
    }

    [Fact]
    public void Problems_NoRenewalAndActionLongerThanVisibilityTimeout_NamesBothSettings()
    {
        var options = new DurableOptions { RenewActivityLocks = false };

        var problem = Assert.Single(options.Problems(30, 900));

        Assert.Contains("Watcher:Local:VisibilityTimeoutSeconds (30)", problem, StringComparison.Ordinal);
        Assert.Contains("900 s", problem, StringComparison.Ordinal);
        Assert.Contains("Watcher:Durable:RenewActivityLocks", problem, StringComparison.Ordinal);
        Assert.Empty(options.Problems(901, 900));
    }

    [Fact]
    public void Problems_LeaseRenewedLessOftenThanHalfItsInterval_IsAProblem()
    {
        var options = new DurableOptions { LeaseIntervalSeconds = 15, LeaseRenewIntervalSeconds = 10 };

        Assert.Contains(options.Problems(30, 3600), p => p.Contains("LeaseRenewIntervalSeconds (10)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Validate_PartitionCountOutOfRange_Fails(int partitions)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new DurableOptions { PartitionCount = partitions };

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(DurableOptions.PartitionCount)));
    }

    [Fact]
    public void Bind_DurableSection_SetsPartitionCount()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Watcher:Durable:PartitionCount"] = "8" }).Build();

        Assert.Equal(8, configuration.GetSection(DurableOptions.Section).Get<DurableOptions>()!.PartitionCount);
    }

    [Fact]
    public void Mismatch_ExistingHubWithOtherCount_SaysHowToFix()
    {
        var message = TaskHubPartitions.Mismatch("watcher", existing: 1, configured: 4);

        Assert.NotNull(message);
        Assert.Contains("created with 1 partition(s)", message, StringComparison.Ordinal);
        Assert.Contains("Watcher:Durable:PartitionCount=1", message, StringComparison.Ordinal);
        Assert.Null(TaskHubPartitions.Mismatch("watcher", existing: 0, configured: 4));
        Assert.Null(TaskHubPartitions.Mismatch("watcher", existing: 4, configured: 4));
    }

    [Theory]
    [InlineData(5, 2.5)]
    [InlineData(300, 30)]
    [InlineData(0.2, 0.5)]
    [InlineData(-3, 0.5)]
    public void RenewEvery_HalfOfTheRemainingLock_Within500msAnd30s(double remainingSeconds, double expectedSeconds)
    {
        var now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ActivityLockRenewal.RenewEvery(now.AddSeconds(remainingSeconds), now));
    }
}
