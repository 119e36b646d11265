using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Workflows.Runtime.Tests.Mail;

/// <summary>
/// A small SMTP server (RFC 5321) whose replies a test chooses, for what maildev cannot do: 4xx/5xx replies,
/// a server that never answers or answers slowly, a connection dropped in the middle of a batch, STARTTLS or
/// implicit TLS with a self-signed certificate, and AUTH PLAIN/LOGIN.
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private int connections;
    private int dataCount;

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

    /// <summary>A wait before every reply after the greeting: a slow server.</summary>
    public TimeSpan ReplyDelay { get; init; }

    /// <summary>
    /// Messages (counted over all connections, from 1) after whose data the server hangs up instead of replying:
    /// it has the message, the client never learns it.
    /// </summary>
    public IReadOnlySet<int> DropAfterData { get; init; } = new HashSet<int>();

    /// <summary>A certificate for STARTTLS (offered in EHLO) or, with <see cref="ImplicitTls"/>, for TLS from the first byte.</summary>
    public X509Certificate2? Certificate { get; init; }

    public bool ImplicitTls { get; init; }

    /// <summary>When set, AUTH PLAIN and LOGIN are offered and MAIL FROM needs a successful AUTH with these credentials.</summary>
    public (string UserName, string Password)? Credentials { get; init; }

    public int Connections => Volatile.Read(ref connections);

    /// <summary>Every complete message the server received after DATA, as raw text.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Every command line received, in order ("AUTH" lines with their secrets as sent).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>A self-signed certificate for localhost, as an internal relay might have.</summary>
    public static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        // An ephemeral key cannot serve TLS on Linux; a round trip through PKCS#12 gives it a usable one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

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
                Stream stream = client.GetStream();
                if (ImplicitTls)
                {
                    stream = await UpgradeAsync(stream);
                }

                var (reader, writer) = Open(stream);
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

                var tls = ImplicitTls;
                var authenticated = Credentials is null;
                while (await reader.ReadLineAsync(stopping.Token) is { } line)
                {
                    Commands.Enqueue(line);
                    if (ReplyDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(ReplyDelay, stopping.Token);
                    }

                    var command = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO" or "HELO":
                            var extensions = new List<string> { "scripted" };
                            if (Certificate is not null && !tls)
                            {
                                extensions.Add("STARTTLS");
                            }

                            if (Credentials is not null)
                            {
                                extensions.Add("AUTH PLAIN LOGIN");
                            }

                            for (var i = 0; i < extensions.Count; i++)
                            {
                                await writer.WriteLineAsync($"250{(i < extensions.Count - 1 ? '-' : ' ')}{extensions[i]}");
                            }

                            break;
                        case "STAR" when Certificate is not null && !tls:
                            await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                            (reader, writer) = Open(await UpgradeAsync(stream));
                            tls = true;
                            break;
                        case "AUTH":
                            authenticated = await AuthenticateAsync(line, reader, writer);
                            await writer.WriteLineAsync(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                            break;
                        case "MAIL":
                            await writer.WriteLineAsync(authenticated ? "250 OK" : "530 5.7.0 Authentication required");
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
                            if (DropAfterData.Contains(Interlocked.Increment(ref dataCount)))
                            {
                                client.Client.Close();
                                return;
                            }

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
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                // The client hung up, refused our certificate, or the test is over.
            }
        }
    }

    private static (StreamReader Reader, StreamWriter Writer) Open(Stream stream) =>
        (new StreamReader(stream, Encoding.Latin1, false, 1024, leaveOpen: true),
         new StreamWriter(stream, Encoding.Latin1, 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true });

    private async Task<Stream> UpgradeAsync(Stream stream)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, stopping.Token);
        return ssl;
    }

    /// <summary>AUTH PLAIN (with or without an initial response) and AUTH LOGIN, RFC 4954.</summary>
    private async Task<bool> AuthenticateAsync(string line, StreamReader reader, StreamWriter writer)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
        string user, password;
        if (mechanism == "PLAIN")
        {
            var response = parts.Length > 2 ? parts[2] : await ChallengeAsync(string.Empty, reader, writer);
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
            (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (string.Empty, string.Empty);
        }
        else if (mechanism == "LOGIN")
        {
            user = Encoding.UTF8.GetString(Convert.FromBase64String(parts.Length > 2 ? parts[2] : await ChallengeAsync("VXNlcm5hbWU6", reader, writer)));
            password = Encoding.UTF8.GetString(Convert.FromBase64String(await ChallengeAsync("UGFzc3dvcmQ6", reader, writer)));
        }
        else
        {
            return false;
        }

        return Credentials is { } expected && expected.UserName == user && expected.Password == password;
    }

    private async Task<string> ChallengeAsync(string challenge, StreamReader reader, StreamWriter writer)
    {
        await writer.WriteLineAsync($"334 {challenge}");
        return await reader.ReadLineAsync(stopping.Token) ?? string.Empty;
    }
}
