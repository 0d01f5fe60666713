using Watcher.Domain.Errors;
using Watcher.Domain.Execution;

namespace Watcher.Domain.Tests.Execution;

/// <summary>An execution policy is checked when a template or audit is created, not when its plan starts.</summary>
public sealed class ExecutionPolicyTests
{
    [Fact]
    public void Validate_SensiblePolicy_Accepts() =>
        new ExecutionPolicy
        {
            MaxConcurrentMigrations = 2, MaxConcurrentMigrationsPerHost = 1, MaxActionsPerHour = 30,
            Window = new MaintenanceWindow { Cron = "0 22 * * *", DurationSeconds = 3600, TimeZone = "Europe/Berlin" },
        }.Validate();

    [Fact]
    public void Validate_ZeroCap_RejectedNamingIt()
    {
        var ex = Assert.Throws<ValidationException>(() => new ExecutionPolicy { MaxConcurrentMigrationsPerHost = 0 }.Validate());

        Assert.Contains("max_concurrent_migrations_per_host", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnreadableWindow_Rejected()
    {
        var ex = Assert.Throws<ValidationException>(() => new ExecutionPolicy { Window = new MaintenanceWindow { Cron = "0 25 * * *", DurationSeconds = 60 } }.Validate());

        Assert.Contains("0 25 * * *", ex.Message, StringComparison.Ordinal);
    }
}
