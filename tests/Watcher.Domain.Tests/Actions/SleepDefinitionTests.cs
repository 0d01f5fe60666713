using System.Text.Json.Nodes;
using Watcher.Domain.Actions.Definitions;

namespace Watcher.Domain.Tests.Actions;

/// <summary>The sleep definition reads its duration whichever way the input was built.</summary>
public sealed class SleepDefinitionTests
{
    [Fact]
    public void Duration_IntegerBuiltInCode_ReadsTheNumber()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), SleepDefinition.Duration(new JsonObject { ["duration"] = 7 }));
    }

    [Fact]
    public void Duration_ParsedFromJsonText_ReadsTheNumber()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), SleepDefinition.Duration(JsonNode.Parse("""{"duration": 2.5}""")!.AsObject()));
    }
}
