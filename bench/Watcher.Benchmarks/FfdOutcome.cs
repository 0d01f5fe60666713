using Watcher.Domain.Strategies;

namespace Watcher.Benchmarks;

/// <summary>What the FFD baseline achieved: hosts released and the migrations doing it, in order.</summary>
public sealed record FfdOutcome(int ReleasedHosts, IReadOnlyList<ProposedAction> Migrations);
