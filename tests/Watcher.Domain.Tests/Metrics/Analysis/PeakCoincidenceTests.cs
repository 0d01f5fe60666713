using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Tests.Metrics.Analysis;

public sealed class PeakCoincidenceTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void PeakCoincidence_SeriesPeakingTogether_CloseToOne()
    {
        // The Monday-morning-style batch job on two instances, different heights and noise.
        var a = SyntheticSeries.Batch(14, Hour, fromHour: 8, hours: 3, height: 40, seed: 1);
        var b = SyntheticSeries.Batch(14, Hour, fromHour: 8, hours: 3, height: 15, seed: 2);

        Assert.True(TimeSeriesAnalysis.PeakCoincidence(a, b) > 0.8, $"{TimeSeriesAnalysis.PeakCoincidence(a, b)}");
    }

    [Fact]
    public void PeakCoincidence_AntiPhaseSeries_Zero()
    {
        var a = SyntheticSeries.Batch(14, Hour, fromHour: 8, hours: 3, seed: 1);
        var b = SyntheticSeries.Batch(14, Hour, fromHour: 20, hours: 3, seed: 2);
        var sineA = SyntheticSeries.Make(14, Hour, daily: 10, noise: 1, seed: 1);
        var sineB = SyntheticSeries.Make(14, Hour, daily: -10, noise: 1, seed: 2);

        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(a, b));
        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(sineA, sineB));
    }

    [Fact]
    public void PeakCoincidence_IndependentNoise_NearZero()
    {
        var a = SyntheticSeries.Noise(14, Hour, seed: 3);
        var b = SyntheticSeries.Noise(14, Hour, seed: 4);

        Assert.True(TimeSeriesAnalysis.PeakCoincidence(a, b) < 0.2);
    }

    [Fact]
    public void PeakCoincidence_GridsOffsetByWholeStepsAndGaps_AlignedOnTime()
    {
        var a = SyntheticSeries.Batch(14, Hour, fromHour: 8, hours: 3, seed: 1);
        var b = SyntheticSeries.Batch(10, Hour, fromHour: 8, hours: 3, seed: 2, start: a.Start.AddDays(2).AddHours(6));
        var gappy = SyntheticSeries.WithGaps(b, from: 10, length: 30, every: 5);
        var shifted = SyntheticSeries.Batch(10, Hour, fromHour: 14, hours: 3, seed: 2, start: a.Start.AddDays(2).AddHours(6));

        Assert.True(TimeSeriesAnalysis.PeakCoincidence(a, gappy) > 0.8);
        Assert.True(TimeSeriesAnalysis.PeakCoincidence(gappy, a) > 0.8);
        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(a, shifted));
    }

    [Fact]
    public void PeakCoincidence_ConstantNoOverlapOrAllNaN_Zero()
    {
        var a = SyntheticSeries.Make(14, Hour);
        var constant = new RegularSeries(a.Start, Hour, Enumerable.Repeat(5.0, a.Count).ToArray());
        var later = SyntheticSeries.Make(3, Hour, start: a.Start.AddDays(30));
        var nan = new RegularSeries(a.Start, Hour, Enumerable.Repeat(double.NaN, a.Count).ToArray());

        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(a, constant));
        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(a, later));
        Assert.Equal(0, TimeSeriesAnalysis.PeakCoincidence(a, nan));
    }

    [Fact]
    public void PeakCoincidence_DifferentStepsOrMisalignedStarts_ThrowsArgumentException()
    {
        var a = SyntheticSeries.Make(3, Hour);

        Assert.Throws<ArgumentException>(() => TimeSeriesAnalysis.PeakCoincidence(a, SyntheticSeries.Make(3, TimeSpan.FromMinutes(5))));
        Assert.Throws<ArgumentException>(() => TimeSeriesAnalysis.PeakCoincidence(a, SyntheticSeries.Make(3, Hour, start: a.Start.AddMinutes(10))));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesAnalysis.PeakCoincidence(a, a, 100));
    }
}
