namespace Watcher.Api.Contracts;

/// <summary>Marks a member of a response record that only the detail view carries (a list's summary items leave it out).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DetailOnlyAttribute : Attribute;
