using Workflows.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkflowsServer();

var app = builder.Build();
app.UseWorkflowsServer();
app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
