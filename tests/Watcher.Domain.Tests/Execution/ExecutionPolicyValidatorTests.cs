using Watcher.Domain.Errors;
using Watcher.Domain.Execution;

namespace Watcher.Domain.Tests.Execution;

/// <summary>An execution policy is checked before it is stored: budgets, the window's cron, duration and time zone.</summary>
public sealed class ExecutionPolicyValidatorTests
{
    private static readonly MaintenanceWindow Nightly = new() { Cron = "0 2 * * *", DurationSeconds = 3600 };

    [Fact]
    public void Problems_FullValidPolicyWithSixFieldCronAndIanaZone_None() =>
        Assert.Empty(ExecutionPolicyValidator.Problems(new ExecutionPolicy
        {
            Compensation = CompensationPolicy.Branch,
            MaxConcurrentMigrations = 1,
            MaxConcurrentMigrationsPerHost = 1,
            MaxActionsPerHour = 1,
            Window = Nightly with { Cron = "30 0 2 * * 6", TimeZone = "America/New_York" },
        }));

    [Fact]
    public void Validate_SeveralProblems_OneMessageNamingEachField()
    {
        var ex = Assert.Throws<ValidationException>(() => ExecutionPolicyValidator.Validate(new ExecutionPolicy
        {
            MaxConcurrentMigrations = 0,
            MaxActionsPerHour = -3,
            Window = Nightly with { DurationSeconds = 0, TimeZone = "Atlantis/Capital" },
        }));

        Assert.Contains("'execution_policy.max_concurrent_migrations' must be at least 1, got 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'execution_policy.max_actions_per_hour' must be at least 1, got -3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'execution_policy.window.duration_seconds' must be at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'execution_policy.window.time_zone' 'Atlantis/Capital'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 31 4 *", "never fires")]
    [InlineData("61 * * * *", "is not a valid cron expression")]
    [InlineData("* * *", "must have 5 fields")]
    public void Problems_BadCron_NamesTheCron(string cron, string expected) =>
        Assert.Contains(ExecutionPolicyValidator.Problems(new ExecutionPolicy { Window = Nightly with { Cron = cron } }), p => p.Contains(expected, StringComparison.Ordinal) && p.Contains("'execution_policy.window.cron'", StringComparison.Ordinal));

    [Fact]
    public void Validate_NullPolicy_Accepted() => ExecutionPolicyValidator.Validate(null);

    [Fact]
    public void Problems_QuietestWindowAlone_None() =>
        Assert.Empty(ExecutionPolicyValidator.Problems(new ExecutionPolicy { QuietestWindow = new QuietestWindowRequest { DurationSeconds = 7200 } }));

    [Fact]
    public void Problems_QuietestWindowWithCronWindow_NamesBothFields()
    {
        var problems = ExecutionPolicyValidator.Problems(new ExecutionPolicy { Window = Nightly, QuietestWindow = new QuietestWindowRequest { DurationSeconds = 7200 } });

        Assert.Contains(problems, p => p.Contains("'execution_policy.window.cron' cannot be combined with 'execution_policy.window.quietest'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(604801)]
    public void Problems_QuietestWindowDurationOutOfRange_NamesDurationField(int seconds)
    {
        var problems = ExecutionPolicyValidator.Problems(new ExecutionPolicy { QuietestWindow = new QuietestWindowRequest { DurationSeconds = seconds } });

        Assert.Contains(problems, p => p.Contains("'execution_policy.window.duration_seconds' must be between 1 and 604800", StringComparison.Ordinal));
    }
}
