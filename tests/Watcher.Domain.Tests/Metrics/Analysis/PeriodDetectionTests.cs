using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Tests.Metrics.Analysis;

public sealed class PeriodDetectionTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void DetectPeriods_DailyAndWeeklyPatternWithNoiseAndGaps_FindsOneDayAndSevenDays()
    {
        var series = SyntheticSeries.WithGaps(SyntheticSeries.Make(30, FiveMinutes, daily: 10, weekend: 12, noise: 3), from: 3000, length: 600, every: 7);

        var periods = TimeSeriesAnalysis.DetectPeriods(series);

        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromDays(7)], periods.Select(p => p.Period).Order().ToArray());
        Assert.All(periods, p => Assert.InRange(p.Strength, 0.3, 1));
    }

    [Theory]
    [InlineData(8, 28)]
    [InlineData(9.5, 26)]
    [InlineData(15, 12)]
    public void DetectPeriods_WeakDailyOnTheSlopeOfAStrongWeekly_ExactlyOneDayAndSevenDays(double daily, double weekend)
    {
        // A strong weekend drop makes r(23) > r(24); the daily bump must still be found at 24 h, and nothing at 23 h or 6 days + 1 h.
        var series = SyntheticSeries.Make(30, FiveMinutes, daily: daily, weekend: weekend, noise: 3, seed: 7);

        var periods = TimeSeriesAnalysis.DetectPeriods(series, minStrength: 0.05);

        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromDays(7)], periods.Select(p => p.Period).Order().ToArray());
    }

    [Fact]
    public void DetectPeriods_Periods_StrongestFirst()
    {
        var series = SyntheticSeries.Make(30, FiveMinutes, daily: 10, weekend: 12, noise: 3);

        var periods = TimeSeriesAnalysis.DetectPeriods(series);

        Assert.True(periods.Count >= 2);
        Assert.Equal(periods.OrderByDescending(p => p.Strength).ToArray(), periods.ToArray());
    }

    [Fact]
    public void DetectPeriods_DailyCycleOnly_FindsOneDayAndNoWeeklyHarmonic()
    {
        var series = SyntheticSeries.Make(30, FiveMinutes, daily: 10, noise: 3);

        var periods = TimeSeriesAnalysis.DetectPeriods(series);

        var period = Assert.Single(periods);
        Assert.Equal(TimeSpan.FromDays(1), period.Period);
        Assert.True(period.Strength > 0.8, $"strength {period.Strength}");
    }

    [Fact]
    public void DetectPeriods_DailyCycleOnTopOfStrongTrend_StillFindsOneDay()
    {
        var series = SyntheticSeries.Make(30, TimeSpan.FromHours(1), daily: 5, trendPerDay: 3, noise: 1);

        var periods = TimeSeriesAnalysis.DetectPeriods(series);

        Assert.Equal(TimeSpan.FromDays(1), periods[0].Period);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void DetectPeriods_WhiteNoise_NothingStrong(int seed)
    {
        var series = SyntheticSeries.Noise(30, FiveMinutes, seed);

        Assert.Empty(TimeSeriesAnalysis.DetectPeriods(series));
        Assert.All(TimeSeriesAnalysis.DetectPeriods(series, minStrength: 0), p => Assert.True(p.Strength < 0.2, $"{p.Period}: {p.Strength}"));
    }

    [Fact]
    public void DetectPeriods_EmptyAllNaNConstantOrShort_Empty()
    {
        Assert.Empty(TimeSeriesAnalysis.DetectPeriods(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, [])));
        Assert.Empty(TimeSeriesAnalysis.DetectPeriods(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, Enumerable.Repeat(double.NaN, 9000).ToArray())));
        Assert.Empty(TimeSeriesAnalysis.DetectPeriods(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, Enumerable.Repeat(42.0, 9000).ToArray())));
        Assert.Empty(TimeSeriesAnalysis.DetectPeriods(new RegularSeries(SyntheticSeries.Monday, TimeSpan.FromHours(1), [1, 5, 2])));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void DetectPeriods_MinStrengthOutsideZeroToOne_ThrowsArgumentOutOfRange(double minStrength)
    {
        var series = SyntheticSeries.Make(3, TimeSpan.FromHours(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesAnalysis.DetectPeriods(series, minStrength));
    }
}
