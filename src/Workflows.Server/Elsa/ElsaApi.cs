using Workflows.Server.Auth;
using Workflows.Server.Elsa.ActivityExecutions;
using Workflows.Server.Elsa.Alterations;
using Workflows.Server.Elsa.Resilience;
using Workflows.Server.Elsa.Descriptors;
using Workflows.Server.Elsa.Scripting;
using Workflows.Server.Elsa.WorkflowDefinitions;
using Workflows.Server.Elsa.WorkflowInstances;

namespace Workflows.Server.Elsa;

/// <summary>
/// The HTTP API Elsa Studio calls, under /elsa/api (contract: shared/elsa-studio-api.md). One folder per
/// resource, one file per endpoint group.
/// <para>
/// Who may do what: every call needs a signed-in user (bearer token or cookie). Reading definitions and the
/// descriptor catalogues is open to every signed-in user: they hold the process rules, which the members they govern
/// may read, and no personal data. Changing definitions needs the secretariat. Instances, their journal and
/// variables hold applicants' data, so reading, cancelling and deleting them is for the secretariat as well.
/// Starting an instance (execute/dispatch) stays open to every signed-in user, as before: members start processes.
/// </para>
/// </summary>
public static class ElsaApi
{
    public const string Prefix = "/elsa/api";

    public static IServiceCollection AddElsaApi(this IServiceCollection services) =>
        services.AddSingleton<ActivityDescriptorCatalog>();

    public static void MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization();
        api.MapExecuteEndpoints();
        api.MapDescriptorEndpoints();
        api.MapTypeDefinitionEndpoints();
        api.MapDefinitionQueries();
        api.MapExportEndpoints();
        api.MapResilienceStrategies();

        var secretariat = app.MapGroup(Prefix).RequireAuthorization(Policies.Secretariat);
        secretariat.MapDefinitionCommands();
        secretariat.MapImportEndpoints();
        secretariat.MapWorkflowInstanceEndpoints();
        secretariat.MapActivityExecutionEndpoints();
        secretariat.MapAlterationEndpoints();
        secretariat.MapResilienceRetries();

        // Elsa routes this service does not offer (tests, resilience, alterations, secrets, subgraphs...): a clear 501
        // instead of an empty 404. Real routes always win over this catch-all.
        api.Map("/{**rest}", (HttpRequest request) => ElsaJson.NotImplemented(request)).ExcludeFromDescription();
    }
}
