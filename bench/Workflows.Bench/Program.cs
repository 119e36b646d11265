using Workflows.Bench;

var suite = args.FirstOrDefault() ?? "runtime";
var report = new Report();
switch (suite)
{
    case "runtime":
        await RuntimeBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "processes":
        await ProcessBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "inbox":
        await InboxBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "designer":
        await DesignerBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "scripts":
        await ScriptBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "trust":
        await TrustBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "scheduler":
        await SchedulerBench.RunAsync(report, args.Skip(1).ToArray());
        break;
    case "mail":
        await SchedulerBench.RunMailAsync(report, args.Skip(1).ToArray());
        break;
    default:
        Console.Error.WriteLine($"unknown suite {suite}; known: runtime, inbox, designer, scheduler, mail, processes, scripts, trust");
        return 2;
}
report.Print();
return 0;
