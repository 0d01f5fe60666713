using Watcher.Domain.Errors;
using Watcher.Domain.Model;

namespace Watcher.Domain.Tests;

/// <summary>Continuous audit intervals: seconds or cron.</summary>
public sealed class ScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("*/15 * * * *", "2026-11-25T10:15:00+00:00")]
    [InlineData("0 * * * *", "2026-11-25T11:00:00+00:00")]
    [InlineData("30 2 * * *", "2026-11-26T02:30:00+00:00")]
    [InlineData("0 0 1 * *", "2026-12-01T00:00:00+00:00")]
    [InlineData("0 9 * * 1", "2026-11-30T09:00:00+00:00")]
    public void Next_Cron_ReturnsFirstMatchAfter(string cron, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronExpression.Parse(cron).Next(T0));

    [Fact]
    public void Next_Seconds_AddsInterval() =>
        Assert.Equal(T0.AddSeconds(600), ContinuousSchedule.Next(new Audit { Uuid = "a", Name = "a", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", Interval = "600" }, T0));

    [Theory]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("61 * * * *")]
    [InlineData("every hour")]
    public void Validate_BadInterval_Throws(string? interval) =>
        Assert.Throws<ValidationException>(() => ContinuousSchedule.Validate(interval));
}
