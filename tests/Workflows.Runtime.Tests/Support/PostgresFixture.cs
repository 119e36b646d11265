using Workflows.Testing;

namespace Workflows.Runtime.Tests.Support;

/// <summary>One private PostgreSQL cluster for the test run's PostgreSQL tests; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException(PostgresFactAttribute.NotInstalled);

    public async Task InitializeAsync()
    {
        if (PostgresCluster.BinFolder() is not null) _cluster = await PostgresCluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>Settings for a service host on a new database of the cluster: PostgreSQL for the service and for Hangfire.</summary>
    public async Task<Dictionary<string, string?>> NewDatabaseAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = await Cluster.CreateDatabaseAsync(),
        ["Scheduling:HeartbeatInterval"] = "00:00:01",
        ["Scheduling:ServerTimeout"] = "00:00:05",
    };
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
