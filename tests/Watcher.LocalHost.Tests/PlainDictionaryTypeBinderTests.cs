using DurableTask.Core.History;
using Google.Protobuf.Collections;

namespace Watcher.LocalHost.Tests;

/// <summary>The queue-message type binder names protobuf string maps (sidecar sub-orchestration tags) as plain dictionaries.</summary>
public sealed class PlainDictionaryTypeBinderTests
{
    private readonly PlainDictionaryTypeBinder _binder = new();

    [Fact]
    public void BindToName_ProtobufMapField_WritesResolvablePlainDictionary()
    {
        _binder.BindToName(typeof(MapField<string, string>), out var assemblyName, out var typeName);

        Assert.Null(assemblyName);
        Assert.Equal(typeof(Dictionary<string, string>), _binder.BindToType(assemblyName, typeName!));
    }

    [Fact]
    public void BindToType_ProtobufMapFieldNameAlreadyStored_ReadsPlainDictionary()
    {
        var stored = typeof(MapField<string, string>).FullName!;

        Assert.Equal(typeof(Dictionary<string, string>), _binder.BindToType(null, stored));
    }

    [Fact]
    public void BindToName_OtherTypes_KeepsFullNameWithoutAssembly()
    {
        _binder.BindToName(typeof(ExecutionStartedEvent), out var assemblyName, out var typeName);
        _binder.BindToName(typeof(Dictionary<string, string>), out _, out var dictionaryName);

        Assert.Null(assemblyName);
        Assert.Equal(typeof(ExecutionStartedEvent).FullName, typeName);
        Assert.Equal(typeof(Dictionary<string, string>).FullName, dictionaryName);
    }
}
