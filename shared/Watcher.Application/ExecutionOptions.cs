using System.ComponentModel.DataAnnotations;
using Watcher.Domain.Actions;

namespace Watcher.Application;

/// <summary>
/// How plans execute (configuration section <c>Watcher:Execution</c>): the timeout of each action, per action type
/// (<c>Watcher:Execution:Timeouts:migrate = 900</c>) with a default for the others. An action still running when its
/// timeout expires is aborted where the cloud allows it and ends FAILED, which triggers compensation.
/// </summary>
public sealed class ExecutionOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Watcher:Execution";

    /// <summary>The longest a timeout may be: one week.</summary>
    public const int MaxTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>The timeout of action types not listed in <see cref="Timeouts"/>, in seconds.</summary>
    [Range(1, MaxTimeoutSeconds)]
    public int DefaultTimeoutSeconds { get; set; } = 3600;

    /// <summary>Timeouts in seconds by action type; <c>migrate</c> defaults to 900, as in OpenStack Watcher.</summary>
    public Dictionary<string, int> Timeouts { get; set; } = new(StringComparer.OrdinalIgnoreCase) { [ActionTypes.Migrate] = 900 };

    /// <summary>The timeout of <paramref name="actionType"/>, in seconds.</summary>
    public int TimeoutSeconds(string actionType) => Timeouts.TryGetValue(actionType, out var seconds) ? seconds : DefaultTimeoutSeconds;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Timeouts.Where(t => t.Value is < 1 or > MaxTimeoutSeconds).Select(t => new ValidationResult(
            $"{Section}:Timeouts:{t.Key} must be between 1 and {MaxTimeoutSeconds} seconds, got {t.Value}.", [nameof(Timeouts)]));
}
