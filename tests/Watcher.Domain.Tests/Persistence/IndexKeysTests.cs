using Watcher.Domain.Persistence;

namespace Watcher.Domain.Tests.Persistence;

/// <summary>Index keys sort as (time, id), and a query selects dirty rows whatever their fields.</summary>
public sealed class IndexKeysTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_DifferentTimesAndIds_OrdinalOrderIsTimeThenId()
    {
        string[] keys = [IndexKeys.Of(T0.AddTicks(1), "a"), IndexKeys.Of(T0, "b"), IndexKeys.Of(T0, "a"), IndexKeys.Of(T0.AddYears(50), "0")];

        var sorted = keys.Order(StringComparer.Ordinal).ToList();

        Assert.Equal([keys[2], keys[1], keys[0], keys[3]], sorted);
        Assert.Equal(T0.AddTicks(1), IndexKeys.TimeOf(keys[0]));
    }

    [Fact]
    public void UpTo_KeysAtAndBeforeTheTime_AreBelowTheBound()
    {
        var bound = IndexKeys.UpTo(T0);

        Assert.True(string.CompareOrdinal(IndexKeys.Of(T0, "zzzz-ffff"), bound) < 0);
        Assert.True(string.CompareOrdinal(IndexKeys.Of(T0.AddTicks(1), "0"), bound) > 0);
    }

    [Fact]
    public void Selects_DirtyRowNotMatchingFilters_StillSelected()
    {
        var query = new IndexQuery("audits") { Filters = [IndexFilter.On("name", "x")] };
        var row = new IndexRow { Partition = "audits", Key = IndexKeys.Of(T0, "1"), Id = "1", Fields = new Dictionary<string, string> { ["name"] = "y" } };

        Assert.False(query.Selects(row));
        Assert.True(query.Selects(row with { Dirty = true }));
        Assert.False(query.Selects(row with { Fields = new Dictionary<string, string> { ["name"] = "x" }, Deleted = true }));
        Assert.True(query.Selects(row with { Fields = new Dictionary<string, string> { ["name"] = "x" } }));
    }
}
