using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Watcher.Domain.Actions;

/// <summary>Validates an action's <c>input_parameters</c> against its definition's JSON Schema (JsonSchema.Net).</summary>
public sealed class ActionInputValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };
    private readonly JsonSchema _schema;

    public ActionInputValidator(IActionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _schema = JsonSchema.FromText(definition.InputSchema.ToJsonString());
    }

    /// <summary>The problems found, each naming the parameter (a JSON pointer) and what is wrong; empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonObject? input)
    {
        using var document = JsonDocument.Parse((input ?? []).ToJsonString());
        var results = _schema.Evaluate(document.RootElement, Options);
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<string>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            foreach (var (_, message) in detail.Errors ?? [])
            {
                var where = detail.InstanceLocation.ToString();
                var problem = where is "" or "#" ? message : $"{where.TrimStart('#')}: {message}";
                if (!problems.Contains(problem, StringComparer.Ordinal))
                {
                    problems.Add(problem);
                }
            }
        }

        return problems.Count > 0 ? problems : ["input_parameters do not match the schema"];
    }
}
