namespace Watcher.BlobStorage.Tests;

/// <summary>Every test of this project shares one Azurite, started once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
