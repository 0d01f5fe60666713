using System.Text.Json.Nodes;
using Watcher.Domain.Errors;

namespace Watcher.Api;

/// <summary>
/// Reads Watcher's JSON patch documents (RFC 6902 restricted as Watcher's API does: add, replace and remove of a
/// top-level field). Hand-written because the resources are immutable records: Microsoft.AspNetCore.JsonPatch would
/// need a mutable mirror of each, and Watcher only patches top-level fields.
/// </summary>
public static class JsonPatch
{
    /// <summary>The operations of <paramref name="patch"/>; any other op, a nested path or a field outside <paramref name="allowed"/> is a 400 naming it.</summary>
    public static IReadOnlyList<PatchOperation> Parse(JsonArray patch, string resource, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(allowed);
        if (patch.Count == 0)
        {
            throw new ValidationException("The JSON-patch document is empty.");
        }

        var operations = new List<PatchOperation>();
        foreach (var node in patch)
        {
            if (node is not JsonObject o)
            {
                throw new ValidationException("Each JSON-patch operation must be an object.");
            }

            var op = BodyFields.String(o, "op") ?? throw new ValidationException("Each JSON-patch operation needs 'op'.");
            var path = BodyFields.String(o, "path") ?? throw new ValidationException("Each JSON-patch operation needs 'path'.");
            if (op is not ("add" or "replace" or "remove"))
            {
                throw new ValidationException($"JSON-patch op '{op}' is not supported; use add, replace or remove.");
            }

            var field = path.StartsWith('/') ? path[1..] : path;
            if (field.Length == 0 || field.Contains('/', StringComparison.Ordinal) || !allowed.Contains(field))
            {
                throw new ValidationException($"'{path}' can't be updated on {resource}; patchable fields: {string.Join(", ", allowed.Select(a => "/" + a))}.");
            }

            if (op != "remove" && !o.ContainsKey("value"))
            {
                throw new ValidationException($"'{op} {path}' needs a 'value'.");
            }

            operations.Add(new PatchOperation(op, field, op == "remove" ? null : o["value"]?.DeepClone()));
        }

        return operations;
    }
}
