namespace Watcher.Domain.Strategies;

/// <summary>
/// Base of a strategy with typed parameters: the schema validates and fills in defaults, System.Text.Json binds the result
/// to <typeparamref name="TParameters"/>, and the strategy works on the record only.
/// </summary>
/// <typeparam name="TParameters">The strategy's parameters record (snake_case JSON names, as Watcher).</typeparam>
public abstract class Strategy<TParameters> : IStrategy
    where TParameters : class
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string DisplayName { get; }

    /// <inheritdoc />
    public abstract string GoalName { get; }

    /// <inheritdoc />
    public abstract ParameterSchema Parameters { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> RequiredMetrics => [];

    /// <inheritdoc />
    public virtual IReadOnlyList<string> CheckParameters(System.Text.Json.Nodes.JsonObject parameters, Cluster.ClusterModel? cluster) => [];

    /// <inheritdoc />
    public virtual bool ChecksParametersAgainstCluster => false;

    /// <summary>Binds <see cref="StrategyContext.Parameters"/> (validating them again, so raw input is safe too) and runs the strategy.</summary>
    public StrategyResult Execute(StrategyContext context) => Execute(context, Bind(context));

    /// <summary>The context's parameters as the typed record (defaults applied, validated).</summary>
    public TParameters Bind(StrategyContext context) => Parameters.Bind<TParameters>(context.Parameters, Name);

    /// <summary>Runs the strategy on validated, typed parameters.</summary>
    protected abstract StrategyResult Execute(StrategyContext context, TParameters parameters);
}
