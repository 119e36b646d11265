using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

public sealed class MailOptionsTests
{
    [Fact]
    public void AddWorkflowMail_ValidConfiguration_BindsEveryKey()
    {
        using var services = MailTestServices.Create(2525, new Dictionary<string, string?>
        {
            ["Smtp:EnableStartTls"] = "true",
            ["Smtp:UserName"] = "workflow",
            ["Smtp:Password"] = "secret",
            ["Smtp:TimeoutSeconds"] = "45",
        });

        var options = services.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.Equal(("127.0.0.1", 2525, true), (options.Host, options.Port, options.EnableStartTls));
        Assert.Equal(("workflow", "secret"), (options.UserName, options.Password));
        Assert.Equal((MailTestServices.FromAddress, MailTestServices.FromDisplayName), (options.FromAddress, options.FromDisplayName));
        Assert.Equal(45, options.TimeoutSeconds);
        Assert.IsType<SmtpMailSender>(services.GetRequiredService<IMailSender>());
    }

    [Theory]
    [InlineData("Smtp:Port", "465", "implicit TLS")]
    [InlineData("Smtp:Port", "0", "Smtp:Port")]
    [InlineData("Smtp:Host", "", "Smtp:Host")]
    [InlineData("Smtp:FromAddress", "", "Smtp:FromAddress")]
    [InlineData("Smtp:FromAddress", "协会 <workflow@association.example>", "Smtp:FromAddress")]
    [InlineData("Smtp:TimeoutSeconds", "0", "Smtp:TimeoutSeconds")]
    [InlineData("Smtp:UserName", "workflow", "Smtp:Password")]
    public void AddWorkflowMail_InvalidSmtpSetting_FailsValidationNamingTheKey(string key, string value, string expected)
    {
        using var services = MailTestServices.Create(2525, new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SmtpOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWorkflowMail_DisabledWithoutSettings_PassesValidation()
    {
        using var services = MailTestServices.Create(0, new Dictionary<string, string?> { ["Smtp:Enabled"] = "false", ["Smtp:Host"] = "", ["Smtp:FromAddress"] = "" });

        Assert.False(services.GetRequiredService<IOptions<SmtpOptions>>().Value.Enabled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("workflow.association.example")]
    [InlineData("ftp://workflow.association.example/")]
    [InlineData("https://workflow.association.example/?x=1")]
    public void AddWorkflowMail_BadPublicBaseUrl_FailsValidation(string value)
    {
        using var services = MailTestServices.Create(2525, new Dictionary<string, string?> { ["Mail:PublicBaseUrl"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailLinkOptions>>().Value);

        Assert.Contains("Mail:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://workflow.association.example", "inbox/tasks/42", "https://workflow.association.example/inbox/tasks/42")]
    [InlineData("https://association.example/workflow", "/inbox/tasks/42", "https://association.example/workflow/inbox/tasks/42")]
    [InlineData("https://association.example/workflow/", "instances/a%2Fb", "https://association.example/workflow/instances/a%2Fb")]
    public void MailLinkBuilder_RelativePath_BuildsAbsoluteLinkBelowBase(string publicBaseUrl, string path, string expected)
    {
        using var services = MailTestServices.Create(2525, new Dictionary<string, string?> { ["Mail:PublicBaseUrl"] = publicBaseUrl });

        var link = services.GetRequiredService<MailLinkBuilder>().Build(path);

        Assert.Equal(expected, link.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("../admin")]
    [InlineData("javascript:alert(1)")]
    public void MailLinkBuilder_PathLeavingTheBase_Throws(string path)
    {
        using var services = MailTestServices.Create(2525, new Dictionary<string, string?> { ["Mail:PublicBaseUrl"] = "https://association.example/workflow/" });

        Assert.Throws<ArgumentException>(() => services.GetRequiredService<MailLinkBuilder>().Build(path));
    }
}
