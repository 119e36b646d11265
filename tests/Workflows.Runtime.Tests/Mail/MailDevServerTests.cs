using System.Net.Sockets;
using Workflows.Testing;
using Workflows.Testing.MailDev;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>The maildev test helper itself: it is what the mail tests trust.</summary>
public sealed class MailDevServerTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StopAsync_ThenStartAsync_SamePortsAndEarlierMessagesKept()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        var (smtp, web) = (mailDev.SmtpPort, mailDev.WebPort);
        await SendPlainAsync(mailDev.SmtpPort, "before");
        await mailDev.WaitForMessagesAsync(1, ArrivalTimeout);

        await mailDev.StopAsync();
        Assert.False(mailDev.IsRunning);
        Assert.False(await CanConnectAsync(smtp));
        await mailDev.StartAsync();

        Assert.Equal((smtp, web), (mailDev.SmtpPort, mailDev.WebPort));
        await SendPlainAsync(mailDev.SmtpPort, "after");
        var messages = await mailDev.WaitForMessagesAsync(2, ArrivalTimeout);
        Assert.Equal(["after", "before"], messages.Select(m => m.Subject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteAllAsync_AfterMessages_LeavesNone()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        await SendPlainAsync(mailDev.SmtpPort, "one");
        await mailDev.WaitForMessagesAsync(1, ArrivalTimeout);

        await mailDev.DeleteAllAsync();

        Assert.Empty(await mailDev.GetMessagesAsync());
    }

    [Fact]
    public async Task WaitForMessagesAsync_TooFewArrive_ThrowsTimeoutSayingWhatArrived()
    {
        await using var mailDev = await MailDevServer.StartNewAsync();
        await SendPlainAsync(mailDev.SmtpPort, "only one");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => mailDev.WaitForMessagesAsync(2, TimeSpan.FromSeconds(2)));

        Assert.Contains("only one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_KillsProcessAndRemovesMailDirectory()
    {
        var mailDev = await MailDevServer.StartNewAsync();
        var (smtp, folder) = (mailDev.SmtpPort, mailDev.MailDirectory);

        await mailDev.DisposeAsync();

        Assert.False(await CanConnectAsync(smtp));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task StartNewAsync_MailDevNotInstalled_ThrowsTellingToRunNpmCi()
    {
        var emptyNodeModules = Directory.CreateTempSubdirectory("no-node-modules-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MailDevServer.StartNewAsync(emptyNodeModules.FullName));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            Assert.Contains(emptyNodeModules.FullName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            emptyNodeModules.Delete(recursive: true);
        }
    }

    [Fact]
    public void RepoPaths_Root_HoldsTheSolution()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, RepoPaths.SolutionFileName)));
    }

    private static async Task SendPlainAsync(int port, string subject)
    {
        using var client = new System.Net.Mail.SmtpClient("127.0.0.1", port);
        using var message = new System.Net.Mail.MailMessage("test@workflow.example", "someone@member.example", subject, "body");
        await client.SendMailAsync(message, CancellationToken.None);
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
