using System.Globalization;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;

namespace Watcher.Domain.Tests.Execution;

/// <summary>Maintenance windows: cron occurrences that stay open for a duration, in a time zone.</summary>
public sealed class MaintenanceWindowScheduleTests
{
    // Nightly 22:00 for 4 hours: spans midnight.
    private static readonly MaintenanceWindowSchedule Nightly = new(new MaintenanceWindow { Cron = "0 22 * * *", DurationSeconds = 4 * 3600 });

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-25T21:59:59Z", false)]
    [InlineData("2026-11-25T22:00:00Z", true)]
    [InlineData("2026-11-25T23:59:59Z", true)]
    [InlineData("2026-11-26T00:30:00Z", true)]
    [InlineData("2026-11-26T01:59:59Z", true)]
    [InlineData("2026-11-26T02:00:00Z", false)]
    [InlineData("2026-11-26T12:00:00Z", false)]
    public void IsOpen_WindowSpanningMidnight_OpenFromOpeningUntilDurationEnds(string now, bool open) =>
        Assert.Equal(open, Nightly.IsOpen(At(now)));

    [Fact]
    public void NextOpen_OutsideWindow_ReturnsNextOccurrence() =>
        Assert.Equal(At("2026-11-26T22:00:00Z"), Nightly.NextOpen(At("2026-11-26T12:00:00Z")));

    [Fact]
    public void NextOpen_InsideWindow_ReturnsNow() =>
        Assert.Equal(At("2026-11-26T01:00:00Z"), Nightly.NextOpen(At("2026-11-26T01:00:00Z")));

    [Fact]
    public void ClosesAt_AfterMidnightInsideWindow_ReturnsEndOfPreviousEveningsWindow() =>
        Assert.Equal(At("2026-11-26T02:00:00Z"), Nightly.ClosesAt(At("2026-11-26T00:30:00Z")));

    [Fact]
    public void ClosesAt_OutsideWindow_ReturnsNull() =>
        Assert.Null(Nightly.ClosesAt(At("2026-11-26T12:00:00Z")));

    [Fact]
    public void ClosesAt_OverlappingWindows_ReturnsEndOfTheLastChainedWindow()
    {
        // Opens at the top of every hour from 08:00 to 10:00 and lasts 90 minutes: one window 08:00-11:30.
        var schedule = new MaintenanceWindowSchedule(new MaintenanceWindow { Cron = "0 8-10 * * *", DurationSeconds = 5400 });

        Assert.Equal(At("2026-11-25T11:30:00Z"), schedule.ClosesAt(At("2026-11-25T08:10:00Z")));
    }

    [Fact]
    public void IsOpen_TimeZone_ReadsCronInLocalTime()
    {
        // 22:00 in Berlin is 21:00 UTC in winter (CET, +01:00) and 20:00 UTC in summer (CEST, +02:00).
        var berlin = new MaintenanceWindowSchedule(new MaintenanceWindow { Cron = "0 22 * * *", DurationSeconds = 3600, TimeZone = "Europe/Berlin" });

        Assert.True(berlin.IsOpen(At("2026-11-25T21:30:00Z")));
        Assert.False(berlin.IsOpen(At("2026-11-25T22:30:00Z")));
        Assert.Equal(At("2026-07-01T20:00:00Z"), berlin.NextOpen(At("2026-07-01T12:00:00Z")));
    }

    [Fact]
    public void NextOpen_SixFieldCron_OpensOnTheSecond()
    {
        var schedule = new MaintenanceWindowSchedule(new MaintenanceWindow { Cron = "*/20 * * * * *", DurationSeconds = 5 });

        Assert.False(schedule.IsOpen(At("2026-11-25T10:00:07Z")));
        Assert.Equal(At("2026-11-25T10:00:20Z"), schedule.NextOpen(At("2026-11-25T10:00:07Z")));
        Assert.Equal(At("2026-11-25T10:00:25Z"), schedule.ClosesAt(At("2026-11-25T10:00:21Z")));
    }

    [Theory]
    [InlineData("not a cron", 60, null)]
    [InlineData("0 22 * * *", 0, null)]
    [InlineData("0 22 * * *", 60, "Mars/Olympus_Mons")]
    [InlineData("0 0 30 2 *", 60, null)]
    public void Constructor_InvalidWindow_ThrowsValidationException(string cron, int duration, string? zone) =>
        Assert.Throws<ValidationException>(() => new MaintenanceWindowSchedule(new MaintenanceWindow { Cron = cron, DurationSeconds = duration, TimeZone = zone }));
}
