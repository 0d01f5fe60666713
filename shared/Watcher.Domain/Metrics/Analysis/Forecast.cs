namespace Watcher.Domain.Metrics.Analysis;

/// <summary>A short-horizon forecast (seasonal profile plus trend) and its error estimate (RMSE of a hold-out back-test, in the series' unit), with an approximate 95 % band.</summary>
public sealed record Forecast(RegularSeries Values, double ErrorEstimate, double[] Lower, double[] Upper);
