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
    [InlineData("0 9 * * MON", "2026-11-30T09:00:00+00:00")]
    [InlineData("0 */5 * * * *", "2026-11-25T10:10:00+00:00")]
    [InlineData("45 7 10 * * *", "2026-11-25T10:07:45+00:00")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00+00:00")]
    public void Next_Cron_ReturnsFirstMatchAfter(string cron, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ContinuousSchedule.Next(Continuous(cron), T0));

    [Theory]
    [InlineData("*/15 * * * *")]
    [InlineData("0 */5 * * * *")]
    public void Validate_FiveOrSixFieldCron_Accepts(string cron) =>
        ContinuousSchedule.Validate(cron);

    [Fact]
    public void Validate_CronThatNeverFires_ThrowsNamingIt()
    {
        var e = Assert.Throws<ValidationException>(() => ContinuousSchedule.Validate("0 0 30 2 *"));
        Assert.Contains("'0 0 30 2 *'", e.Message, StringComparison.Ordinal);
        Assert.Contains("never fires", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("61 * * * *", "Minutes")]
    [InlineData("0 0 25 * * *", "Hours")]
    public void Validate_FieldOutOfRange_NamesTheField(string cron, string field) =>
        Assert.Contains(field, Assert.Throws<ValidationException>(() => ContinuousSchedule.Validate(cron)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("* * * *")]
    public void Validate_InvalidCron_ThrowsNamingExpression(string cron) =>
        Assert.Contains($"'{cron}'", Assert.Throws<ValidationException>(() => ContinuousSchedule.Validate(cron)).Message, StringComparison.Ordinal);

    [Fact]
    public void Next_Seconds_AddsInterval() =>
        Assert.Equal(T0.AddSeconds(600), ContinuousSchedule.Next(new Audit { Uuid = "a", Name = "a", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", Interval = "600" }, T0));

    [Theory]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("61 * * * *")]
    [InlineData("every hour")]
    [InlineData("0 0 30 2 *")]
    [InlineData("* * * * * * *")]
    public void Validate_BadInterval_Throws(string? interval) =>
        Assert.Throws<ValidationException>(() => ContinuousSchedule.Validate(interval));

    private static Audit Continuous(string interval) =>
        new() { Uuid = "a", Name = "a", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", Interval = interval };
}
