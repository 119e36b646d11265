using System.Text;
using System.Text.RegularExpressions;

namespace Workflows.Runtime.Mail.Templates;

/// <summary>
/// A tiny Mustache-like template: <c>{{Name}}</c> inserts a value, <c>{{#Name}}…{{/Name}}</c> keeps its content
/// only when the value is not empty, <c>{{^Name}}…{{/Name}}</c> only when it is. A section tag alone on its
/// line takes the whole line with it, so optional lines leave no blank lines behind.
/// Deliberately this small: mail templates need no loops or logic, and a full engine is not in the registry here.
/// </summary>
internal sealed partial class TemplateText
{
    private readonly List<Node> nodes;
    private readonly string description;

    private TemplateText(List<Node> nodes, string description)
    {
        this.nodes = nodes;
        this.description = description;
    }

    /// <exception cref="InvalidOperationException">The template names an unknown value, has an unbalanced section or a stray brace pair.</exception>
    public static TemplateText Parse(string source, IReadOnlySet<string> knownNames, string description)
    {
        var tokens = Tokenize(source.ReplaceLineEndings("\n"), knownNames, description);
        TrimStandaloneSectionLines(tokens);

        var root = new List<Node>();
        var stack = new Stack<(string Name, bool Inverted, List<Node> Children)>();
        var current = root;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Text when token.Value.Length > 0:
                    current.Add(new TextNode(token.Value));
                    break;
                case TokenKind.Value:
                    current.Add(new ValueNode(token.Value));
                    break;
                case TokenKind.Open or TokenKind.OpenInverted:
                    stack.Push((token.Value, token.Kind == TokenKind.OpenInverted, current));
                    current = [];
                    break;
                case TokenKind.Close:
                    if (stack.Count == 0 || stack.Peek().Name != token.Value)
                    {
                        throw new InvalidOperationException($"Mail template {description}: {{{{/{token.Value}}}}} closes no open section.");
                    }

                    var (name, inverted, parent) = stack.Pop();
                    parent.Add(new SectionNode(name, inverted, current));
                    current = parent;
                    break;
            }
        }

        if (stack.Count > 0)
        {
            throw new InvalidOperationException($"Mail template {description}: section {{{{#{stack.Peek().Name}}}}} is never closed.");
        }

        return new TemplateText(root, description);
    }

    /// <summary>Renders with <paramref name="encode"/> applied to every inserted value.</summary>
    /// <exception cref="ArgumentException">A value the template inserts outside a section for it is empty.</exception>
    public string Render(IReadOnlyDictionary<string, string?> values, Func<string, string> encode)
    {
        var output = new StringBuilder();
        Render(nodes, values, encode, output);
        return output.ToString();
    }

    private void Render(List<Node> list, IReadOnlyDictionary<string, string?> values, Func<string, string> encode, StringBuilder output)
    {
        foreach (var node in list)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ValueNode value:
                    var content = values.GetValueOrDefault(value.Name);
                    if (string.IsNullOrWhiteSpace(content))
                    {
                        throw new ArgumentException($"Mail template {description} needs {value.Name}, but the model has none.", nameof(values));
                    }

                    output.Append(encode(content));
                    break;
                case SectionNode section:
                    var present = !string.IsNullOrWhiteSpace(values.GetValueOrDefault(section.Name));
                    if (present != section.Inverted)
                    {
                        Render(section.Children, values, encode, output);
                    }

                    break;
            }
        }
    }

    private static List<Token> Tokenize(string source, IReadOnlySet<string> knownNames, string description)
    {
        var tokens = new List<Token>();
        var position = 0;
        foreach (Match tag in TagPattern().Matches(source))
        {
            tokens.Add(new Token(TokenKind.Text, source[position..tag.Index]));
            var name = tag.Groups["name"].Value;
            if (!knownNames.Contains(name))
            {
                throw new InvalidOperationException($"Mail template {description}: unknown value {tag.Value}; known: {string.Join(", ", knownNames.Order(StringComparer.Ordinal))}.");
            }

            var kind = tag.Groups["sigil"].Value switch
            {
                "#" => TokenKind.Open,
                "^" => TokenKind.OpenInverted,
                "/" => TokenKind.Close,
                _ => TokenKind.Value,
            };
            tokens.Add(new Token(kind, name));
            position = tag.Index + tag.Length;
        }

        tokens.Add(new Token(TokenKind.Text, source[position..]));

        // A brace pair that is not a valid tag is a typo ("{{ Task Title}}"); it would otherwise reach the reader.
        foreach (var text in tokens.Where(t => t.Kind == TokenKind.Text))
        {
            if (text.Value.Contains("{{", StringComparison.Ordinal) || text.Value.Contains("}}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Mail template {description}: malformed tag near '{text.Value.Trim()}'.");
            }
        }

        return tokens;
    }

    /// <summary>
    /// Removes the line of every section tag that stands alone on its line (only whitespace around it).
    /// Decided on the untouched tokens first, then applied, so neighbouring tags do not affect each other.
    /// </summary>
    private static void TrimStandaloneSectionLines(List<Token> tokens)
    {
        // Tokenize alternates text and tags, starting and ending with text: tags sit at odd indices.
        var keepFrom = new int[tokens.Count];
        var keepTo = tokens.Select(t => t.Value.Length).ToArray();
        for (var i = 1; i < tokens.Count - 1; i += 2)
        {
            if (tokens[i].Kind is TokenKind.Value)
            {
                continue;
            }

            var before = tokens[i - 1].Value;
            var after = tokens[i + 1].Value;
            var lineStart = before.LastIndexOf('\n') + 1;
            var lineEnd = after.IndexOf('\n');
            var startsLine = (lineStart > 0 || i == 1) && string.IsNullOrWhiteSpace(before[lineStart..]);
            var endsLine = lineEnd >= 0
                ? string.IsNullOrWhiteSpace(after[..lineEnd])
                : i + 1 == tokens.Count - 1 && string.IsNullOrWhiteSpace(after);
            if (startsLine && endsLine)
            {
                keepTo[i - 1] = Math.Min(keepTo[i - 1], lineStart);
                keepFrom[i + 1] = Math.Max(keepFrom[i + 1], lineEnd >= 0 ? lineEnd + 1 : after.Length);
            }
        }

        for (var i = 0; i < tokens.Count; i += 2)
        {
            var text = tokens[i].Value;
            tokens[i] = tokens[i] with { Value = keepFrom[i] < keepTo[i] ? text[keepFrom[i]..keepTo[i]] : string.Empty };
        }
    }

    [GeneratedRegex(@"\{\{(?<sigil>[#^/]?)(?<name>[A-Za-z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    private enum TokenKind
    {
        Text,
        Value,
        Open,
        OpenInverted,
        Close,
    }

    private sealed record Token(TokenKind Kind, string Value);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Name) : Node;

    private sealed record SectionNode(string Name, bool Inverted, List<Node> Children) : Node;
}
