using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Hosting;
using Workflows.Server.Tests.Support;

namespace Workflows.Server.Tests.Api;

public sealed class HealthTests
{
    /// <summary>A start-up step that holds the service unready until the test lets it go.</summary>
    private sealed class HeldStartup : IStartupTask
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Order => 0;
        public Task RunAsync(IServiceProvider services, bool includeDemoData, CancellationToken cancellationToken) => Release.Task.WaitAsync(cancellationToken);
    }

    private sealed class HeldApp(HeldStartup held) : WorkflowsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IStartupTask>(held));
        }
    }

    [Fact]
    public async Task Health_WhileStartingUp_Is503_ThenReady200()
    {
        var held = new HeldStartup();
        await using var app = new HeldApp(held);
        var client = app.CreateClient();

        var starting = await client.GetAsync("/health");
        held.Release.SetResult();
        await app.Services.GetRequiredService<StartupGate>().WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var ready = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
