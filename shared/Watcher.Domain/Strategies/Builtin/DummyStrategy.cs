using Watcher.Domain.Actions;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>Watcher's <c>dummy</c> strategy: two nop actions and a sleep, for testing the pipeline end to end.</summary>
public sealed class DummyStrategy : Strategy<DummyParameters>
{
    public override string Name => "dummy";

    public override string DisplayName => "Dummy strategy";

    public override string GoalName => GoalCatalog.Dummy;

    public override ParameterSchema Parameters => DummyParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, DummyParameters parameters) => new()
    {
        Actions =
        [
            ActionFactory.Nop("hello World"),
            ActionFactory.Nop(parameters.Para2),
            ActionFactory.Sleep(parameters.Para1),
        ],
    };
}
