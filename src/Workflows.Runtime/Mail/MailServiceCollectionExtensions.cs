using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Workflows.Runtime.Mail;

/// <summary>Registration of the mail parts, for the composition root.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMailSender"/> (SMTP), <see cref="MailLinkBuilder"/> and their options from the
    /// configuration sections <c>Smtp</c> and <c>Mail</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddWorkflowMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.AddOptions<MailLinkOptions>().Bind(configuration.GetSection(MailLinkOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailLinkOptions>, MailLinkOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        services.TryAddSingleton<MailLinkBuilder>();
        return services;
    }
}
