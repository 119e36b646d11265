using Workflows.Runtime.Mail.Templates;

namespace Workflows.Runtime.Tests.Mail;

public sealed class TemplateTextTests
{
    private static readonly IReadOnlySet<string> Names = new HashSet<string> { "A", "B" };

    [Fact]
    public void Render_StandaloneSectionTags_RemoveTheirWholeLines()
    {
        var template = TemplateText.Parse("x\n  {{#A}}\nA={{A}}\n  {{/A}}\n{{#B}}\nB={{B}}\n{{/B}}\ny", Names, "test");

        Assert.Equal("x\nA=1\ny", template.Render(Values(a: "1"), v => v));
        Assert.Equal("x\nB=2\ny", template.Render(Values(b: "2"), v => v));
        Assert.Equal("x\ny", template.Render(Values(), v => v));
    }

    [Fact]
    public void Render_InlineSections_KeepSurroundingText()
    {
        var template = TemplateText.Parse("[{{#A}}a={{A}}{{/A}}{{^A}}none{{/A}}]", Names, "test");

        Assert.Equal("[a=1]", template.Render(Values(a: "1"), v => v));
        Assert.Equal("[none]", template.Render(Values(), v => v));
    }

    [Fact]
    public void Render_SectionsAtTemplateStartAndEnd_AreStandalone()
    {
        var template = TemplateText.Parse("{{#A}}\nfirst\n{{/A}}\nmiddle\n{{#B}}\nlast\n{{/B}}", Names, "test");

        Assert.Equal("middle\n", template.Render(Values(), v => v));
        Assert.Equal("first\nmiddle\nlast\n", template.Render(Values(a: "1", b: "2"), v => v));
    }

    [Fact]
    public void Render_ValueOutsideItsSectionMissing_ThrowsNamingIt()
    {
        var template = TemplateText.Parse("{{A}}", Names, "kind.zh-CN text");

        var error = Assert.Throws<ArgumentException>(() => template.Render(Values(), v => v));

        Assert.Contains("kind.zh-CN text needs A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Encoder_AppliesToValuesOnly()
    {
        var template = TemplateText.Parse("<b>{{A}}</b>", Names, "test");

        Assert.Equal("<b>[x]</b>", template.Render(Values(a: "x"), v => $"[{v}]"));
    }

    [Theory]
    [InlineData("{{C}}", "unknown value {{C}}")]
    [InlineData("{{#A}}never closed", "never closed")]
    [InlineData("{{/A}}", "closes no open section")]
    [InlineData("{{#A}}{{#B}}{{/A}}{{/B}}", "closes no open section")]
    [InlineData("{{ A }}", "malformed tag")]
    [InlineData("{A}} }}", "malformed tag")]
    public void Parse_BrokenTemplate_ThrowsSayingWhat(string source, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TemplateText.Parse(source, Names, "test"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CrLfSource_RendersWithLf()
    {
        var template = TemplateText.Parse("a\r\n{{#A}}\r\nb\r\n{{/A}}\r\nc", Names, "test");

        Assert.Equal("a\nb\nc", template.Render(Values(a: "1"), v => v));
    }

    private static Dictionary<string, string?> Values(string? a = null, string? b = null) => new() { ["A"] = a, ["B"] = b };
}
