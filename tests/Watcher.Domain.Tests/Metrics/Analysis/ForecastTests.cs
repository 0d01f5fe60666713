using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Tests.Metrics.Analysis;

public sealed class ForecastTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void Forecast_KnownWeeklySignalWithNoise_TracksTheSignalAndEstimatesTheNoise()
    {
        const double Noise = 2;
        var history = SyntheticSeries.Make(28, FiveMinutes, daily: 10, weekend: 12, trendPerDay: 0.2, noise: Noise);

        var forecast = TimeSeriesAnalysis.Forecast(history, TimeSpan.FromDays(2));

        Assert.Equal(history.End + FiveMinutes, forecast.Values.Start);
        Assert.Equal(576, forecast.Values.Count);
        double squared = 0;
        var inside = 0;
        for (var i = 0; i < forecast.Values.Count; i++)
        {
            var truth = SyntheticSeries.Signal(forecast.Values.TimeAt(i), history.Start, 10, 12, 0.2);
            squared += Math.Pow(forecast.Values.Values[i] - truth, 2);
            inside += truth >= forecast.Lower[i] && truth <= forecast.Upper[i] ? 1 : 0;
        }

        var rmse = Math.Sqrt(squared / forecast.Values.Count);
        Assert.True(rmse < 1.5, $"forecast RMSE against the noise-free signal {rmse}");
        Assert.InRange(forecast.ErrorEstimate, Noise * 0.8, Noise * 1.6);
        Assert.Equal(forecast.Values.Count, inside);
    }

    [Fact]
    public void Forecast_PureTrend_Extrapolated()
    {
        var history = new RegularSeries(SyntheticSeries.Monday, TimeSpan.FromHours(1), Enumerable.Range(0, 100).Select(i => 3.0 + (0.5 * i)).ToArray());

        var forecast = TimeSeriesAnalysis.Forecast(history, TimeSpan.FromHours(3));

        Assert.Equal([53, 53.5, 54], forecast.Values.Values.Select(v => Math.Round(v, 6)).ToArray());
        Assert.True(forecast.ErrorEstimate < 1e-6);
    }

    [Fact]
    public void Forecast_HorizonNotAWholeNumberOfSteps_RoundedUp()
    {
        var forecast = TimeSeriesAnalysis.Forecast(SyntheticSeries.Make(3, TimeSpan.FromHours(1)), TimeSpan.FromMinutes(90));

        Assert.Equal(2, forecast.Values.Count);
        Assert.Equal(2, forecast.Lower.Length);
        Assert.Equal(2, forecast.Upper.Length);
    }

    [Fact]
    public void Forecast_GapsInHistory_FiniteForecast()
    {
        var history = SyntheticSeries.WithGaps(SyntheticSeries.Make(20, FiveMinutes, noise: 1), from: 5000, length: 700, every: 5);

        var forecast = TimeSeriesAnalysis.Forecast(history, TimeSpan.FromDays(1));

        Assert.All(forecast.Values.Values, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(forecast.ErrorEstimate));
    }

    [Fact]
    public void Forecast_EmptyOrAllNaN_NaNValuesAndError()
    {
        var empty = TimeSeriesAnalysis.Forecast(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, []), TimeSpan.FromHours(1));
        var nan = TimeSeriesAnalysis.Forecast(new RegularSeries(SyntheticSeries.Monday, FiveMinutes, [double.NaN, double.NaN]), TimeSpan.FromHours(1));

        Assert.Equal(12, empty.Values.Count);
        Assert.Equal(SyntheticSeries.Monday, empty.Values.Start);
        Assert.All(empty.Values.Values.Concat(nan.Values.Values).Append(empty.ErrorEstimate).Append(nan.ErrorEstimate), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Forecast_NonPositiveHorizon_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesAnalysis.Forecast(SyntheticSeries.Make(3, FiveMinutes), TimeSpan.Zero));
    }
}
