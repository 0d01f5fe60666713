using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>The work an audit may ask for is bounded (docs/security.md "Web hardening"), each limit named in the 400.</summary>
public sealed class WorkLimitsTests
{
    [Fact]
    public void CheckParameters_BasicAuditOfTheIssue_RefusedForItsHistorySpan()
    {
        // The issue's request: period 2e7 s at granularity 60 cost 19 s and 486 MB.
        var error = Assert.Throws<ValidationException>(() => new WorkLimits().CheckParameters(new JsonObject { ["period"] = 2e7, ["granularity"] = 60 }, "basic"));

        Assert.Contains("Watcher:Http:Limits:MaxHistorySeconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7200, 300, true)]
    [InlineData(604_800, 60, true)]
    [InlineData(604_860, 60, false)]
    [InlineData(3600, 0, true)]
    [InlineData(86_400, 0, false)]
    public void CheckParameters_PointsPerSeries_BoundedByPeriodOverGranularity(double period, double granularity, bool allowed)
    {
        var limits = new WorkLimits { MaxPointsPerSeries = 10_080 };
        var parameters = new JsonObject { ["period"] = period, ["granularity"] = granularity };

        var error = Record.Exception(() => limits.CheckParameters(parameters, "basic"));

        Assert.Equal(allowed, error is null);
        if (!allowed)
        {
            Assert.Contains("Watcher:Http:Limits:MaxPointsPerSeries", Assert.IsType<ValidationException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckParameters_ActuatorActionsOverLimit_Refused()
    {
        var limits = new WorkLimits { MaxPlanActions = 3 };
        var actions = new JsonArray([.. Enumerable.Range(0, 4).Select(_ => (JsonNode)new JsonObject { ["action_type"] = "nop", ["input_parameters"] = new JsonObject() })]);

        var error = Assert.Throws<ValidationException>(() => limits.CheckParameters(new JsonObject { ["actions"] = actions }, "actuator"));

        Assert.Contains("has 4 actions; a plan may have at most 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_SleepOverConfiguredMaximum_Refused()
    {
        var limits = new WorkLimits { MaxSleepSeconds = 300 };
        var actions = new JsonArray(new JsonObject { ["action_type"] = "sleep", ["input_parameters"] = new JsonObject { ["duration"] = 301 } });

        var error = Assert.Throws<ValidationException>(() => limits.CheckParameters(new JsonObject { ["actions"] = actions }, "actuator"));

        Assert.Contains("'actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration' is 301 s; at most 300 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_ZeroLimits_TurnChecksOff()
    {
        var limits = new WorkLimits { MaxPointsPerSeries = 0, MaxHistorySeconds = 0, MaxPlanActions = 0 };

        limits.CheckParameters(new JsonObject { ["period"] = 2e7, ["granularity"] = 1 }, "basic");
        limits.CheckPlanSize(1_000_000, "A plan");
    }

    [Fact]
    public void Defaults_EveryBuiltInStrategysDefaultParameters_WithinLimits()
    {
        var limits = new WorkLimits();
        foreach (var strategy in StrategyRegistry.Default.All)
        {
            var defaults = strategy.Parameters.ToJsonSchema()["properties"]!.AsObject()
                .Where(p => p.Value?["default"] is not null)
                .ToDictionary(p => p.Key, p => p.Value!["default"]!.DeepClone());
            limits.CheckParameters(new JsonObject(defaults!), strategy.Name);
        }
    }
}
