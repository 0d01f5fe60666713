using System.Text.Json.Serialization;
using Watcher.Domain.Cluster;

namespace Watcher.Cli;

/// <summary>
/// Compile-time JSON metadata for reading snapshots, with the same convention as <see cref="Domain.Json.WatcherJson"/>
/// (snake_case, lower-case enums through the types' own converters, nullable annotations respected). The reflection
/// path needs tens of milliseconds of JIT and metadata building on every cold start, which dominated the start-up of
/// <c>optimize</c>; a test checks both readers agree.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ClusterModel))]
[JsonSerializable(typeof(SnapshotSeriesDocument))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
