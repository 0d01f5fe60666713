using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Tests.Metrics.Analysis;

public sealed class DecompositionTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void Decompose_NoisySeriesWithGaps_ValueEqualsTrendPlusSeasonalPlusResidual()
    {
        var series = SyntheticSeries.WithGaps(SyntheticSeries.Make(30, FiveMinutes, daily: 10, weekend: 12, trendPerDay: 0.5, noise: 3), from: 100, length: 500, every: 11);

        var d = TimeSeriesAnalysis.Decompose(series);

        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromDays(7)], d.Periods);
        Assert.Equal(2, d.Seasonal.Count);
        for (var i = 0; i < series.Count; i++)
        {
            var sum = d.Trend[i] + d.Seasonal[0][i] + d.Seasonal[1][i] + d.Residual[i];
            if (double.IsNaN(series.Values[i]))
            {
                Assert.True(double.IsNaN(d.Residual[i]));
                Assert.False(double.IsNaN(d.Trend[i] + d.Seasonal[0][i] + d.Seasonal[1][i]), "the fit goes through gaps");
            }
            else
            {
                Assert.Equal(series.Values[i], sum, 9);
            }
        }
    }

    [Fact]
    public void Decompose_DailyWeeklyAndTrend_RecoversEachComponent()
    {
        const double Slope = 0.5;
        var series = SyntheticSeries.Make(28, TimeSpan.FromMinutes(15), daily: 10, weekend: 12, trendPerDay: Slope, noise: 2);

        var d = TimeSeriesAnalysis.Decompose(series);

        // Away from the edges (where the moving average shrinks), each part matches what was planted.
        var perDay = 96;
        double dailyError = 0, weeklyError = 0, trendError = 0;
        var count = 0;
        for (var i = 7 * perDay; i < series.Count - (7 * perDay); i++)
        {
            var t = series.TimeAt(i);
            var dailyTruth = SyntheticSeries.Signal(t, series.Start, 10, 0, 0) - 50;
            var weeklyTruth = SyntheticSeries.Signal(t, series.Start, 0, 12, 0) - 50;
            var trendTruth = 50 + (Slope * (t - series.Start).TotalDays);
            dailyError = Math.Max(dailyError, Math.Abs(d.Seasonal[0][i] - dailyTruth));
            weeklyError += Math.Abs(d.Seasonal[1][i] - weeklyTruth);
            trendError = Math.Max(trendError, Math.Abs(d.Trend[i] - trendTruth));
            count++;
        }

        Assert.True(dailyError < 2.5, $"daily max error {dailyError}");
        Assert.True(weeklyError / count < 1.5, $"weekly mean error {weeklyError / count}");
        Assert.True(trendError < 2, $"trend max error {trendError}");
    }

    [Fact]
    public void Decompose_IncidentSpike_DoesNotLeakIntoTheSeasonalParts()
    {
        var series = SyntheticSeries.Make(28, TimeSpan.FromHours(1), daily: 10, noise: 1);
        var values = (double[])series.Values.Clone();
        values.AsSpan(300, 3).Fill(500);

        var d = TimeSeriesAnalysis.Decompose(series with { Values = values });

        Assert.True(d.Seasonal[0].Max() < 13, $"daily seasonal max {d.Seasonal[0].Max()}");
        Assert.True(d.Residual[301] > 400, "the incident stays in the residual");
    }

    [Fact]
    public void Decompose_ThreeDaysOfData_DefaultIsDailyOnly()
    {
        var d = TimeSeriesAnalysis.Decompose(SyntheticSeries.Make(3, FiveMinutes));

        Assert.Equal([TimeSpan.FromDays(1)], d.Periods);
        Assert.Single(d.Seasonal);
    }

    [Fact]
    public void Decompose_OneDayOfData_NoSeasonalPartTrendAndResidualOnly()
    {
        var series = SyntheticSeries.Make(1, TimeSpan.FromHours(1));

        var d = TimeSeriesAnalysis.Decompose(series);

        Assert.Empty(d.Periods);
        Assert.Empty(d.Seasonal);
        Assert.Equal(series.Values, d.Trend.Zip(d.Residual, (t, r) => t + r).ToArray());
    }

    [Fact]
    public void Decompose_EmptyOrAllNaN_EmptyArraysOrNaN()
    {
        var empty = TimeSeriesAnalysis.Decompose(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, []));
        var nan = TimeSeriesAnalysis.Decompose(new RegularSeries(SyntheticSeries.Monday, TimeSpan.FromHours(1), Enumerable.Repeat(double.NaN, 24 * 15).ToArray()));

        Assert.Empty(empty.Trend);
        Assert.Empty(empty.Residual);
        Assert.All(nan.Trend.Concat(nan.Residual).Concat(nan.Seasonal.SelectMany(s => s)), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Decompose_RequestedPeriodLongerThanHalfTheSeries_ThrowsArgumentExceptionNamingIt()
    {
        var series = SyntheticSeries.Make(10, TimeSpan.FromHours(1));

        var ex = Assert.Throws<ArgumentException>(() => TimeSeriesAnalysis.Decompose(series, [TimeSpan.FromDays(7)]));

        Assert.Contains("7.00:00:00", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TimeSeriesAnalysis.Decompose(series, [TimeSpan.FromHours(1)]));
    }
}
