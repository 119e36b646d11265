using System.Text.Json.Serialization;

namespace Workflows.Association.Rules.Validation;

/// <summary>One problem with one input field; <see cref="Path"/> is the JSON path, e.g. "candidate.practiceYears".</summary>
public sealed record FieldError(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("messageEn")] string MessageEn)
{
    /// <summary>"candidate.practiceYears: 必须为非负数".</summary>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of parsing an input: a value, or one error per offending field.</summary>
public sealed record InputParseResult<T>
    where T : class
{
    public InputParseResult(T? value, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
        Value = errors.Count == 0 ? value : null;
    }

    /// <summary>The parsed input; null when there are errors.</summary>
    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Errors.Count == 0 && Value is not null;

    /// <summary>
    /// Errors keyed by field path, each with its Chinese message: the shape of ASP.NET Core's
    /// ValidationProblem (<c>Results.ValidationProblem(result.ToErrorDictionary())</c>).
    /// </summary>
    public IDictionary<string, string[]> ToErrorDictionary() =>
        Errors.ToDictionary(e => e.Path, e => new[] { e.Message }, StringComparer.Ordinal);
}
