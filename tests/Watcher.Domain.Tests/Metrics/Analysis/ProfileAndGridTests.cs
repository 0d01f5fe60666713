using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Tests.Metrics.Analysis;

/// <summary>Resample, FillGaps and HourOfWeekProfile.</summary>
public sealed class ProfileAndGridTests
{
    private static readonly DateTimeOffset Monday = SyntheticSeries.Monday;

    [Fact]
    public void HourOfWeekProfile_GridNotAlignedToTheHour_EachSampleCountsInItsOwnHour()
    {
        // Samples at 00:30, 01:30 … for two weeks, each equal to the hour of week it falls in.
        var start = Monday.AddMinutes(30).AddDays(-3);
        var values = new double[14 * 24];
        for (var i = 0; i < values.Length; i++)
        {
            var t = start.AddHours(i).UtcDateTime;
            values[i] = ((((int)t.DayOfWeek + 6) % 7) * 24) + t.Hour;
        }

        var profile = TimeSeriesAnalysis.HourOfWeekProfile(new RegularSeries(start, TimeSpan.FromHours(1), values));

        Assert.Equal(168, profile.Length);
        Assert.Equal(Enumerable.Range(0, 168).Select(h => (double)h).ToArray(), profile);
    }

    [Fact]
    public void HourOfWeekProfile_FiveMinuteStepsWithGaps_MeanPerHourAndNaNWhereNoSample()
    {
        var series = SyntheticSeries.Make(14, TimeSpan.FromMinutes(5), daily: 10, weekend: 12);
        var values = (double[])series.Values.Clone();
        for (var week = 0; week < 2; week++)
        {
            // Tuesday 03:00–04:00 missing in both weeks; a NaN on Monday 00:05 must not poison hour 0.
            values.AsSpan(((week * 168) + 24 + 3) * 12, 12).Fill(double.NaN);
            values[(week * 168 * 12) + 1] = double.NaN;
        }

        var profile = TimeSeriesAnalysis.HourOfWeekProfile(series with { Values = values });

        Assert.True(double.IsNaN(profile[27]));
        Assert.Equal(167, profile.Count(v => !double.IsNaN(v)));
        var expected = Enumerable.Range(0, 12).Average(k => SyntheticSeries.Signal(Monday.AddHours(18).AddMinutes(5 * k), Monday, 10, 12, 0));
        Assert.Equal(expected, profile[18], 6);
        Assert.True(profile[24 * 5 + 18] < profile[18] - 10, "Saturday is lower than Monday");
    }

    [Fact]
    public void HourOfWeekProfile_Empty_All168NaN()
    {
        var profile = TimeSeriesAnalysis.HourOfWeekProfile(new RegularSeries(Monday, TimeSpan.FromHours(1), []));

        Assert.Equal(168, profile.Length);
        Assert.All(profile, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Resample_UnsortedPointsSomeOutsideGrid_AveragedPerStepNaNWhereEmpty()
    {
        var step = TimeSpan.FromMinutes(5);
        MetricPoint[] points =
        [
            new(Monday.AddMinutes(6), 4), new(Monday.AddMinutes(1), 10), new(Monday.AddMinutes(9), 8), new(Monday, 20),
            new(Monday.AddMinutes(-1), 1000), new(Monday.AddMinutes(20), 1000), new(Monday.AddMinutes(16), double.NaN),
        ];

        var series = TimeSeriesAnalysis.Resample(points, Monday, step, 4);

        Assert.Equal(Monday, series.Start);
        Assert.Equal(step, series.Step);
        Assert.Equal(15, series.Values[0]);
        Assert.Equal(6, series.Values[1]);
        Assert.True(double.IsNaN(series.Values[2]));
        Assert.True(double.IsNaN(series.Values[3]));
    }

    [Fact]
    public void Resample_NonPositiveStepOrNegativeCount_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesAnalysis.Resample([], Monday, TimeSpan.Zero, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesAnalysis.Resample([], Monday, TimeSpan.FromMinutes(1), -1));
    }

    [Fact]
    public void FillGaps_ShortInteriorGapAndEdges_LinearInsideNearestAtEdges()
    {
        var series = new RegularSeries(Monday, TimeSpan.FromHours(1), [double.NaN, 2, double.NaN, double.NaN, 8, double.NaN]);

        var filled = TimeSeriesAnalysis.FillGaps(series);

        Assert.Equal([2, 2, 4, 6, 8, 8], filled.Values);
        Assert.True(double.IsNaN(series.Values[0]), "the input is not modified");
    }

    [Fact]
    public void FillGaps_GapLongerThanMax_FilledFromTheHourOfWeekProfile()
    {
        var series = SyntheticSeries.Make(21, TimeSpan.FromHours(1), daily: 10, weekend: 12);
        var gappy = SyntheticSeries.WithGaps(series, from: (14 * 24) + 2, length: 30);

        var filled = TimeSeriesAnalysis.FillGaps(gappy, maxGapSteps: 6);

        Assert.DoesNotContain(filled.Values, double.IsNaN);
        for (var i = (14 * 24) + 2; i < (14 * 24) + 32; i++)
        {
            Assert.Equal(series.Values[i], filled.Values[i], 6);
        }
    }

    [Fact]
    public void FillGaps_AllNaN_ReturnedUnchanged()
    {
        var series = new RegularSeries(Monday, TimeSpan.FromHours(1), [double.NaN, double.NaN]);

        Assert.All(TimeSeriesAnalysis.FillGaps(series, 1).Values, v => Assert.True(double.IsNaN(v)));
    }
}
