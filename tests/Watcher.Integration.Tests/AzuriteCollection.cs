namespace Watcher.Integration.Tests;

/// <summary>Every integration test shares one Azurite and runs one at a time (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
