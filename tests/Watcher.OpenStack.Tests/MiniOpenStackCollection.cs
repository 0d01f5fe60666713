using Watcher.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>Every test on the mini OpenStack: one cloud per run, and the tests run one after another so each sees only its own changes.</summary>
[CollectionDefinition(Name)]
public sealed class MiniOpenStackCollection : ICollectionFixture<MiniOpenStackFixture>
{
    public const string Name = "mini-openstack";
}
