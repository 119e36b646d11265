using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>Builds the mail services the way the composition root does (AddWorkflowMail over configuration).</summary>
internal static class MailTestServices
{
    public const string FromAddress = "workflow@association.example";
    public const string FromDisplayName = "协会流程系统";
    public const string PublicBaseUrl = "https://workflow.association.example/";

    public static ServiceProvider Create(int smtpPort, IDictionary<string, string?>? overrides = null, ILoggerProvider? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Enabled"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:EnableStartTls"] = "false",
            ["Smtp:FromAddress"] = FromAddress,
            ["Smtp:FromDisplayName"] = FromDisplayName,
            ["Smtp:TimeoutSeconds"] = "10",
            ["Mail:PublicBaseUrl"] = PublicBaseUrl,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        services.AddWorkflowMail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static MailMessageData Message(string messageId, string subject = "测试邮件", string text = "正文", string html = "<p>正文</p>", params EmailAddress[] to) =>
        new(messageId, to.Length > 0 ? to : [new EmailAddress("zhang.san@member.example", "张三")], subject, html, text);
}
