using System.Reflection;
using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions;

/// <summary>
/// Action definitions by type: what planners, the plan verifier and the simulator consult. The default catalogue
/// holds every built-in definition; hosts build theirs from the definitions registered in DI (<c>AddAction&lt;T&gt;()</c>).
/// </summary>
public sealed class ActionCatalog
{
    private readonly Dictionary<string, IActionDefinition> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionInputValidator> _validators = new(StringComparer.Ordinal);

    public ActionCatalog(IEnumerable<IActionDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var definition in definitions)
        {
            if (!_byType.TryAdd(definition.ActionType, definition))
            {
                throw new InvalidOperationException($"Two action definitions have type '{definition.ActionType}'.");
            }

            _validators[definition.ActionType] = new ActionInputValidator(definition);
        }
    }

    /// <summary>Every built-in definition (concrete <see cref="IActionDefinition"/> types of this assembly with a parameterless constructor).</summary>
    public static ActionCatalog Default { get; } = new(Discover(typeof(ActionCatalog).Assembly));

    /// <summary>Action types, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _byType.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Every definition, sorted by type.</summary>
    public IReadOnlyList<IActionDefinition> All => [.. _byType.Values.OrderBy(d => d.ActionType, StringComparer.Ordinal)];

    /// <summary>The definition of <paramref name="actionType"/>, or null when unknown.</summary>
    public IActionDefinition? Find(string actionType) => _byType.GetValueOrDefault(actionType);

    /// <summary>The definition of <paramref name="actionType"/>, or a failed pre-condition naming the known types.</summary>
    public IActionDefinition Get(string actionType) =>
        Find(actionType) ?? throw new ActionPreconditionException($"Unknown action type '{actionType}'; known types: {string.Join(", ", Types)}.");

    /// <summary>Schema problems of an action's input (unknown type included); empty when valid.</summary>
    public IReadOnlyList<string> ValidateInput(string actionType, JsonObject? input) =>
        _validators.TryGetValue(actionType, out var validator)
            ? validator.Validate(input)
            : [$"unknown action type '{actionType}' (known: {string.Join(", ", Types)})"];

    /// <summary>The footprint of an action, a barrier when its type is unknown.</summary>
    public ActionFootprint Footprint(string actionType, JsonObject input) =>
        Find(actionType)?.Footprint(input) ?? ActionFootprint.Barrier;

    /// <summary>Concrete definitions with a parameterless constructor found in <paramref name="assembly"/>.</summary>
    public static IEnumerable<IActionDefinition> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IActionDefinition).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IActionDefinition)Activator.CreateInstance(t)!);
    }
}
