using Watcher.Domain.Actions;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>Watcher's <c>dummy</c> strategy: two nop actions and a sleep, for testing the pipeline end to end.</summary>
public sealed class DummyStrategy : IStrategy
{
    public string Name => "dummy";

    public string DisplayName => "Dummy strategy";

    public string GoalName => GoalCatalog.Dummy;

    public ParameterSchema Parameters { get; } = new ParameterSchema()
        .Number("para1", "number parameter example", defaultValue: 3.2, minimum: 1.0, maximum: 10.2)
        .String("para2", "string parameter example", defaultValue: "hello");

    public StrategyResult Execute(StrategyContext context) => new()
    {
        Actions =
        [
            ActionFactory.Nop("hello World"),
            ActionFactory.Nop(context.GetString("para2") ?? "hello"),
            ActionFactory.Sleep(context.GetDouble("para1", 3.2)),
        ],
    };
}
