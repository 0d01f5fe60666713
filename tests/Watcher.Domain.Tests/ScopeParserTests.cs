using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;

namespace Watcher.Domain.Tests;

/// <summary>Watcher's audit scope format.</summary>
public sealed class ScopeParserTests
{
    [Fact]
    public void Parse_ComputeScope_ReadsZonesNodesAndExclusions()
    {
        var scope = ScopeParser.Parse(JsonNode.Parse("""
            [{"compute": [{"availability_zones": [{"name": "az1"}]},
                          {"compute_nodes": [{"name": "h1"}]},
                          {"exclude": [{"instances": [{"uuid": "i9"}]}, {"compute_nodes": [{"name": "h2"}]}, {"projects": [{"uuid": "p1"}]}]}]}]
            """)!.AsArray());

        Assert.Equal(["az1"], scope.IncludeZones);
        Assert.Equal(["h1"], scope.IncludeHosts);
        Assert.Equal(["i9"], scope.ExcludeInstances);
        Assert.Equal(["h2"], scope.ExcludeHosts);
        Assert.Equal(["p1"], scope.ExcludeProjects);
    }

    [Fact]
    public void Normalize_WithoutComputeWrapper_Wraps()
    {
        var normalized = ScopeParser.Normalize(JsonNode.Parse("""[{"compute_nodes": [{"name": "h1"}]}]""")!.AsArray());

        Assert.NotNull(normalized[0]!["compute"]);
    }

    [Fact]
    public void Parse_UnknownKey_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ValidationException>(() => ScopeParser.Parse(JsonNode.Parse("""[{"compute": [{"zones": []}]}]""")!.AsArray()));

        Assert.Contains("zones", ex.Message, StringComparison.Ordinal);
    }
}
