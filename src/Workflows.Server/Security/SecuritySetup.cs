using Workflows.Server.Auth;

namespace Workflows.Server.Security;

/// <summary>Composition of the cross-site, header, CORS and sign-in protections (ServerSetup calls these).</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddWorkflowsSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityHeaderOptions>(configuration.GetSection("Security:Headers"));
        services.AddSignInProtection(configuration);
        services.AddScoped<ApplicantRules>();
        // Studio is served from our own origin; other origins only when listed (Cors:AllowedOrigins), never with cookies.
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins(origins)
            .WithHeaders("Authorization", "Content-Type", "Accept", "Accept-Language", "Idempotency-Key")
            .AllowAnyMethod()
            // Studio reads these headers after Run and Export (elsa-studio-api.md pitfalls 17, 18).
            .WithExposedHeaders("x-elsa-workflow-instance-id", "x-elsa-workflow-cannot-start", "Content-Disposition")));
        return services;
    }
}
