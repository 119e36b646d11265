using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Runtime.Execution;

namespace Workflows.Runtime.Mail.Outbox;

public static class OutboxSetup
{
    /// <summary>
    /// The mail parts (SMTP sender, templates, links; sections Smtp and Mail), the outbox sender (section Outbox)
    /// and the "task assigned" mail queued with every new task.
    /// </summary>
    public static IServiceCollection AddWorkflowOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowMail(configuration);
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.AddScoped<RecipientResolver>();
        services.AddScoped<OutboxMailComposer>();
        services.AddScoped<OutboxAdmin>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ITaskCreatedHandler, TaskAssignedMails>());
        return services;
    }
}
