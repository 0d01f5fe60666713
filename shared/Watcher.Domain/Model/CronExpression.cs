using System.Globalization;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Model;

/// <summary>A standard 5-field cron expression (minute hour day-of-month month day-of-week) in UTC.</summary>
public sealed class CronExpression
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _anyDay;
    private readonly bool _anyWeekday;

    private CronExpression(bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool anyDay, bool anyWeekday)
    {
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _anyDay = anyDay;
        _anyWeekday = anyWeekday;
    }

    public static CronExpression Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new ValidationException($"'{expression}' is neither a number of seconds nor a 5-field cron expression.");
        }

        var weekdays = Field(fields[4], 0, 7, "day-of-week", expression);
        weekdays[0] |= weekdays[7];
        return new CronExpression(
            Field(fields[0], 0, 59, "minute", expression),
            Field(fields[1], 0, 23, "hour", expression),
            Field(fields[2], 1, 31, "day-of-month", expression),
            Field(fields[3], 1, 12, "month", expression),
            weekdays,
            fields[2] == "*",
            fields[4] == "*");
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcDateTime.Year, after.UtcDateTime.Month, after.UtcDateTime.Day, after.UtcDateTime.Hour, after.UtcDateTime.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
                continue;
            }

            if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
                continue;
            }

            return t;
        }

        throw new ValidationException("The cron expression never matches.");
    }

    private bool DayMatches(DateTimeOffset t)
    {
        var dom = _days[t.Day];
        var dow = _weekdays[(int)t.DayOfWeek];
        if (_anyDay && _anyWeekday)
        {
            return true;
        }

        if (_anyDay)
        {
            return dow;
        }

        return _anyWeekday ? dom : dom || dow;
    }

    private static bool[] Field(string text, int min, int max, string name, string expression)
    {
        var set = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                step = Number(part[(slash + 1)..], name, expression);
                range = part[..slash];
                if (step < 1)
                {
                    throw new ValidationException($"Cron {name} step must be positive in '{expression}'.");
                }
            }

            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Contains('-', StringComparison.Ordinal))
            {
                var bounds = range.Split('-');
                (from, to) = (Number(bounds[0], name, expression), Number(bounds[1], name, expression));
            }
            else
            {
                from = Number(range, name, expression);
                to = slash >= 0 ? max : from;
            }

            if (from < min || to > max || from > to)
            {
                throw new ValidationException($"Cron {name} '{part}' is outside {min}-{max} in '{expression}'.");
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        return set;
    }

    private static int Number(string text, string name, string expression) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ValidationException($"Cron {name} '{text}' is not a number in '{expression}'.");
}
