using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Runtime.Identity;
using Workflows.Server.Tests.Elsa.Support;
using Workflows.Server.Tests.Support;
using Workflows.Testing;

namespace Workflows.Server.Tests.Security;

/// <summary>At most 5 sign-in posts per address and minute (API and form together); nothing else limited.</summary>
public sealed class AddressLimitedApp : WorkflowsApp
{
    public AddressLimitedApp()
    {
        Settings["Auth:SignIn:PermitsPerAddress"] = "5";
        Settings["Auth:SignIn:PermitsPerUser"] = "1000";
        Settings["Auth:SignIn:LockoutFailures"] = "1000";
    }
}

/// <summary>6 posts per user name and minute; 3 failures in 15 minutes lock a name for 5 minutes; a clock the test moves.</summary>
public sealed class LockoutApp : WorkflowsApp
{
    public LockoutApp()
    {
        Clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        Settings["Auth:SignIn:PermitsPerUser"] = "6";
        Settings["Auth:SignIn:LockoutFailures"] = "3";
        Settings["Auth:SignIn:LockoutDuration"] = "00:05:00";
    }

    public ManualTimeProvider Time => Clock!;
}

/// <summary>
/// Passwords hashed at 100,000 iterations (the production default; the test host uses 1,000): a hash then costs well over 20 ms here, so
/// a skipped hash would show, while the noise of a busy 2-core machine (which scales with the hash time) stays small.
/// </summary>
public sealed class ProductionHashApp : WorkflowsApp
{
    public ProductionHashApp()
    {
        Settings["PasswordHasher:IterationCount"] = "100000";
        Settings["Auth:SignIn:LockoutFailures"] = "1000";
    }
}

internal static class SignIn
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { userName, password });
}

public sealed class SignInAddressLimitTests(AddressLimitedApp app) : IClassFixture<AddressLimitedApp>
{
    [Fact]
    public async Task SixthPost_FromOneAddress_Is429_WithRetryAfter_OnTheApiAndTheForm()
    {
        var client = await app.ClientAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await SignIn.PostAsync(client, $"name{i}", "wrong");
            statuses.Add(response.StatusCode);
        }
        using var limited = await SignIn.PostAsync(client, "mishu1", "Passw0rd!");
        var form = await client.GetStringAsync("/login");
        using var formPost = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "mishu1",
            ["password"] = "Passw0rd!",
            ["__RequestVerificationToken"] = PageSession.Token(form),
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal(429, (await CrossSiteTests.ProblemAsync(limited))["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.TooManyRequests, formPost.StatusCode);
        Assert.True(formPost.Headers.Contains("Retry-After"));
    }
}

public sealed class SignInLockoutTests(LockoutApp app) : IClassFixture<LockoutApp>
{
    [Fact]
    public async Task SeventhPost_ForOneName_Is429_OtherNamesGoOn()
    {
        var client = await app.ClientAsync();
        for (var i = 0; i < 6; i++)
        {
            using var ok = await SignIn.PostAsync(client, "mishu2", "Passw0rd!");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await SignIn.PostAsync(client, "mishu2", "Passw0rd!");
        using var other = await SignIn.PostAsync(client, "changwu2", "Passw0rd!");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ThreeFailures_LockTheName_WithAnAuditEntry_UntilTheLockoutEnds()
    {
        var client = await app.ClientAsync();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await SignIn.PostAsync(client, "zhuanjia2", "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var locked = await SignIn.PostAsync(client, "zhuanjia2", "Passw0rd!");
        app.Time.Advance(TimeSpan.FromMinutes(4));
        using var stillLocked = await SignIn.PostAsync(client, "zhuanjia2", "Passw0rd!");
        app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var open = await SignIn.PostAsync(client, "zhuanjia2", "Passw0rd!");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single()), 299, 300);
        Assert.Contains("锁定", (await CrossSiteTests.ProblemAsync(locked))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<UserAccounts>().AuditEntriesAsync("zhuanjia2");
        Assert.Single(audit, a => a.Kind == SecurityAuditKinds.LockedOut);
    }

    [Fact]
    public async Task AnUnknownName_IsLockedTheSameWay()
    {
        // Otherwise the lockout itself would tell which names exist.
        var client = await app.ClientAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await SignIn.PostAsync(client, "nobody-here", "wrong");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}

/// <summary>Timing runs alone: other test classes running in parallel on 2 cores would drown a 20 ms gap.</summary>
[CollectionDefinition(nameof(SignInTimingTests), DisableParallelization = true)]
public sealed class SignInTimingCollection;

[Collection(nameof(SignInTimingTests))]
public sealed class SignInTimingTests(ProductionHashApp app) : IClassFixture<ProductionHashApp>
{
    [Fact]
    public async Task WrongPassword_ForKnownAndUnknownNames_TakesTheSameTime()
    {
        var client = await app.ClientAsync();
        // Warm both paths (JIT, connection pool, the dummy hash) before measuring.
        (await SignIn.PostAsync(client, "changwu1", "wrong")).Dispose();
        (await SignIn.PostAsync(client, "ghost-user", "wrong")).Dispose();

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            // Pairs taken back to back, in alternating order, so the busy machine's noise falls on both alike.
            if (i % 2 == 0)
            {
                known.Add(await TimeAsync(client, "changwu1"));
                unknown.Add(await TimeAsync(client, $"ghost-user-{i}"));
            }
            else
            {
                unknown.Add(await TimeAsync(client, $"ghost-user-{i}"));
                known.Add(await TimeAsync(client, "changwu1"));
            }
        }

        // The median of the paired differences: robust against a stall that hits one attempt.
        var gap = Math.Abs(Median(known.Zip(unknown, (k, u) => u - k).ToList()));
        Assert.True(gap < 20, $"median known {Median(known):F1} ms, unknown {Median(unknown):F1} ms, paired gap {gap:F1} ms");
        // The hash dominates: without the dummy hash for unknown names the gap would be the whole hash time.
        Assert.True(Median(known) > 20, $"a known name's wrong password took only {Median(known):F1} ms: the hash is too cheap to tell");
    }

    private static async Task<double> TimeAsync(HttpClient client, string userName)
    {
        var watch = Stopwatch.StartNew();
        using var response = await SignIn.PostAsync(client, userName, "wrong-password");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2] + sorted[(sorted.Count - 1) / 2]) / 2;
    }
}
