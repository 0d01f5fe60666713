using Watcher.Domain.Execution;

namespace Watcher.Domain.Tests.Execution;

public sealed class QuietWindowPickerTests
{
    /// <summary>Monday 2026-03-02 10:20 UTC (hour of week 10).</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 10, 20, 0, TimeSpan.Zero);

    [Fact]
    public void Pick_HostAndInstanceQuietOnWednesdayNight_WindowStartsThereAsWeeklyUtcCron()
    {
        // Busy everywhere except Wednesday 03:00–05:00 UTC (hours of week 51, 52) on both profiles.
        var host = Profile(80, (51, 10), (52, 12));
        var instance = Profile(40, (51, 5), (52, 5));

        var choice = QuietWindowPicker.Pick([host, instance], TimeSpan.FromHours(2), MondayMorning);

        Assert.Equal(51, choice.StartHourOfWeek);
        Assert.Equal("0 3 * * 3", choice.Cron);
        Assert.Equal("Wed 03:00 UTC", choice.Start);
        Assert.Equal(16, choice.Load, 9);
        Assert.Equal(120, choice.BusiestLoad, 9);
        var window = choice.ToMaintenanceWindow("because");
        Assert.Equal(new MaintenanceWindow { Cron = "0 3 * * 3", DurationSeconds = 7200, TimeZone = "UTC", ChosenFrom = "because" }, window);
        Assert.Empty(ExecutionPolicyValidator.Problems(new ExecutionPolicy { Window = window }));
    }

    [Fact]
    public void Pick_QuietHoursOnDifferentResources_LowestCombinedLoadWins()
    {
        // The host is quiet on Tuesday 01:00, the instance on Thursday 01:00, but the instance is much busier overall:
        // Thursday's combined load (80 + 1) beats Tuesday's (2 + 300).
        var host = Profile(80, (25, 2));
        var instance = Profile(300, (73, 1));

        var choice = QuietWindowPicker.Pick([host, instance], TimeSpan.FromMinutes(30), MondayMorning);

        Assert.Equal(73, choice.StartHourOfWeek);
        Assert.Equal("0 1 * * 4", choice.Cron);
    }

    [Fact]
    public void Pick_WindowWrapsFromSundayIntoMonday_CronOnSunday()
    {
        // Quiet Sunday 22:00 – Monday 02:00: a 4-hour window must start Sunday 22:00 (hour 166) and wrap.
        var profile = Profile(50, (166, 1), (167, 1), (0, 1), (1, 1));

        var choice = QuietWindowPicker.Pick([profile], TimeSpan.FromHours(4), MondayMorning);

        Assert.Equal(166, choice.StartHourOfWeek);
        Assert.Equal("0 22 * * 0", choice.Cron);
    }

    [Fact]
    public void Pick_FlatLoad_TheNextHourAfterNow()
    {
        var choice = QuietWindowPicker.Pick([Profile(10)], TimeSpan.FromHours(1), MondayMorning);

        Assert.Equal(11, choice.StartHourOfWeek);
    }

    [Fact]
    public void Pick_UnknownHours_CountAtTheProfileMeanNotAsZero()
    {
        var profile = Profile(50, (100, 20));
        for (var h = 0; h < 24; h++)
        {
            profile[h] = double.NaN;
        }

        var choice = QuietWindowPicker.Pick([profile], TimeSpan.FromHours(1), MondayMorning);

        Assert.Equal(100, choice.StartHourOfWeek);
    }

    [Fact]
    public void Pick_NoProfileOrOnlyNaN_FallbackSundayTwoUtc()
    {
        var none = QuietWindowPicker.Pick([], TimeSpan.FromHours(2), MondayMorning);
        var nan = QuietWindowPicker.Pick([Profile(double.NaN)], TimeSpan.FromHours(2), MondayMorning);

        Assert.True(none.IsFallback);
        Assert.Equal("0 2 * * 0", none.Cron);
        Assert.Equal("Sun 02:00 UTC", none.Start);
        Assert.Equal(7200, none.DurationSeconds);
        Assert.Equal(none, nan);
    }

    [Fact]
    public void Pick_BadDurationOrProfileLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuietWindowPicker.Pick([Profile(1)], TimeSpan.Zero, MondayMorning));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuietWindowPicker.Pick([Profile(1)], TimeSpan.FromDays(8), MondayMorning));
        Assert.Throws<ArgumentException>(() => QuietWindowPicker.Pick([new double[24]], TimeSpan.FromHours(1), MondayMorning));
    }

    private static double[] Profile(double level, params (int Hour, double Load)[] quiet)
    {
        var profile = Enumerable.Repeat(level, 168).ToArray();
        foreach (var (hour, load) in quiet)
        {
            profile[hour] = load;
        }

        return profile;
    }
}
