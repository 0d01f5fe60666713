namespace Watcher.Keystone.Tests;

/// <summary>The tests that share one <see cref="KeystoneCloud"/> (users created once per run).</summary>
[CollectionDefinition(Name)]
public sealed class KeystoneCollection : ICollectionFixture<KeystoneCloud>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "keystone";
}
