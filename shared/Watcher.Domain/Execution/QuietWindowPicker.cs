namespace Watcher.Domain.Execution;

/// <summary>
/// Picks the quietest weekly window (pure): given the hour-of-week load profiles (168 values, index 0 = Monday
/// 00:00 UTC; NaN = unknown) of the hosts and instances a plan touches and a duration, the start hour whose window has
/// the lowest combined load. The combined load of an hour is the sum over profiles (each profile's unknown hours
/// count at that profile's mean, so a gap neither attracts nor repels the window); a window covers
/// ⌈duration / 1 h⌉ hours and wraps around the week. Ties go to the window that opens soonest after
/// <c>now</c>. Without any usable profile it returns the documented fallback (<see cref="FallbackStartHourOfWeek"/>).
/// </summary>
public static class QuietWindowPicker
{
    /// <summary>The fallback start when there is no history: Sunday 02:00 UTC (the usual quiet night of the week).</summary>
    public const int FallbackStartHourOfWeek = (6 * 24) + 2;

    private const int Hours = 168;

    /// <summary>The quietest window of <paramref name="duration"/>, or the fallback when no profile has a value.</summary>
    /// <exception cref="ArgumentException">A profile does not have 168 values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not between 1 second and one week.</exception>
    public static QuietWindowChoice Pick(IReadOnlyList<double[]> profiles, TimeSpan duration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The window lasts between 1 second and one week.");
        }

        var seconds = (int)duration.TotalSeconds;
        var combined = Combined(profiles, out var usable);
        if (usable == 0)
        {
            return Fallback(seconds);
        }

        var length = (int)Math.Ceiling(duration.TotalHours);
        var nowHour = Metrics.Analysis.SeriesKernels.HourOfWeek(now);
        int best = -1, bestDelay = int.MaxValue;
        double bestLoad = double.PositiveInfinity, busiest = double.NegativeInfinity;
        for (var start = 0; start < Hours; start++)
        {
            double load = 0;
            for (var j = 0; j < length; j++)
            {
                load += combined[(start + j) % Hours];
            }

            load /= length;
            busiest = Math.Max(busiest, load);

            // The next hour opens soonest (delay 0); the current hour's start has passed, so it opens last.
            var delay = (start - nowHour + Hours - 1) % Hours;
            if (load < bestLoad - 1e-9 || (Math.Abs(load - bestLoad) <= 1e-9 && delay < bestDelay))
            {
                (best, bestLoad, bestDelay) = (start, load, delay);
            }
        }

        return new QuietWindowChoice(best, seconds, bestLoad, busiest);
    }

    /// <summary>The fallback window: <see cref="FallbackStartHourOfWeek"/> for <paramref name="durationSeconds"/>.</summary>
    public static QuietWindowChoice Fallback(int durationSeconds) => new(FallbackStartHourOfWeek, durationSeconds, double.NaN, double.NaN);

    private static double[] Combined(IReadOnlyList<double[]> profiles, out int usable)
    {
        var combined = new double[Hours];
        usable = 0;
        foreach (var profile in profiles)
        {
            if (profile.Length != Hours)
            {
                throw new ArgumentException($"An hour-of-week profile has 168 values; got {profile.Length}.", nameof(profiles));
            }

            double sum = 0;
            var known = 0;
            foreach (var v in profile)
            {
                if (double.IsFinite(v))
                {
                    sum += v;
                    known++;
                }
            }

            if (known == 0)
            {
                continue;
            }

            usable++;
            var mean = sum / known;
            for (var h = 0; h < Hours; h++)
            {
                combined[h] += double.IsFinite(profile[h]) ? profile[h] : mean;
            }
        }

        return combined;
    }
}
