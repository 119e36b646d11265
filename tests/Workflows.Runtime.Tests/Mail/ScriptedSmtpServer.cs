using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// A minimal SMTP server whose replies a test chooses, for failures maildev cannot produce (4xx/5xx replies,
/// a server that never answers). It speaks just enough SMTP for System.Net.Mail: no extensions, no TLS, no AUTH.
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private int connections;

    public ScriptedSmtpServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The greeting; null to accept connections and never say anything.</summary>
    public string? Greeting { get; init; } = "220 scripted ESMTP";

    /// <summary>The reply to RCPT TO for an address; accept by default.</summary>
    public Func<string, string> RecipientReply { get; init; } = _ => "250 OK";

    /// <summary>The reply after the message data.</summary>
    public string DataReply { get; init; } = "250 OK queued";

    public int Connections => Volatile.Read(ref connections);

    /// <summary>Every complete message the server received after DATA, as raw text.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                if (Greeting is null)
                {
                    await Task.Delay(Timeout.Infinite, stopping.Token);
                    return;
                }

                await writer.WriteLineAsync(Greeting);
                if (!Greeting.StartsWith("220", StringComparison.Ordinal))
                {
                    return;
                }

                while (await reader.ReadLineAsync(stopping.Token) is { } line)
                {
                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO" or "HELO":
                            await writer.WriteLineAsync("250 scripted");
                            break;
                        case "MAIL":
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "RCPT":
                            var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                            await writer.WriteLineAsync(RecipientReply(address));
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 go ahead");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(stopping.Token) is { } dataLine && dataLine != ".")
                            {
                                data.Append(dataLine).Append("\r\n");
                            }

                            Messages.Enqueue(data.ToString());
                            await writer.WriteLineAsync(DataReply);
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 OK");
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up (as System.Net.Mail does after a failure) or the test is over.
            }
        }
    }
}
