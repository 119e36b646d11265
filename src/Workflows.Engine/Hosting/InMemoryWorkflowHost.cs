using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Engine.Activities;
using Workflows.Engine.Activities.Builtin;
using Workflows.Engine.Execution;
using Workflows.Engine.Expressions;
using Workflows.Engine.Model;
using Workflows.Engine.Services;

namespace Workflows.Engine.Hosting;

/// <summary>
/// Runs workflows entirely in memory with the same executor the durable runtime uses: child workflows, events,
/// tasks, mails and timers included. For engine tests and for trying a definition without a database; nothing
/// here survives the process.
/// </summary>
public sealed class InMemoryWorkflowHost : IHumanTaskGateway, IMailQueue, IWorkflowDispatcher, IEventPublisher, IServiceProvider
{
    private readonly ActivityRegistry _registry;
    private readonly WorkflowExecutor _executor;
    private readonly TimeProvider _clock;
    private readonly IIdGenerator _ids;
    private readonly Dictionary<string, WorkflowGraph> _graphs = new(StringComparer.Ordinal);
    private readonly Queue<Func<Task>> _pending = new();
    private readonly Dictionary<string, (string ParentId, string? BookmarkId)> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, object> _extraServices = [];

    public InMemoryWorkflowHost(ActivityRegistry registry, TimeProvider clock, IIdGenerator ids, JavaScriptOptions? javaScript = null, ILoggerFactory? loggers = null, CSharpOptions? csharp = null)
    {
        _registry = registry;
        _clock = clock;
        _ids = ids;
        var expressions = new ExpressionEvaluator(new JavaScriptEvaluator(javaScript ?? new JavaScriptOptions()), null, new CSharpEvaluator(csharp ?? new CSharpOptions()));
        Expressions = expressions;
        _executor = new WorkflowExecutor(expressions, clock, ids, (loggers ?? NullLoggerFactory.Instance).CreateLogger<WorkflowExecutor>());
    }

    public IExpressionEvaluator Expressions { get; }
    public Dictionary<string, WorkflowState> Instances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<JournalEntry>> Journals { get; } = new(StringComparer.Ordinal);
    public List<(string TaskId, HumanTaskRequest Request)> Tasks { get; } = [];
    public List<MailRequest> Mails { get; } = [];

    /// <summary>Tasks whose bookmark is still pending.</summary>
    public IEnumerable<(string TaskId, HumanTaskRequest Request)> OpenTasks =>
        Tasks.Where(t => Instances.TryGetValue(t.Request.InstanceId, out var s) && s.Bookmarks.Any(b => b.Id == t.Request.BookmarkId));

    public void AddService<T>(T service) where T : class => _extraServices[typeof(T)] = service;

    public void AddDefinition(WorkflowDefinition definition) =>
        _graphs[definition.DefinitionId] = WorkflowGraph.Build(definition, _registry);

    public async Task<WorkflowState> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null, string? triggerActivityId = null)
    {
        var id = Start(definitionId, input, correlationId, triggerActivityId);
        await DrainAsync();
        return Instances[id];
    }

    public async Task<WorkflowState> ResumeAsync(string instanceId, string bookmarkId, JsonNode? payload = null)
    {
        _pending.Enqueue(() => RunAsync(instanceId, Stimulus.Resume(bookmarkId, payload)));
        await DrainAsync();
        return Instances[instanceId];
    }

    public Task<WorkflowState> CompleteTaskAsync(string taskId, string outcome, string? comment = null, JsonObject? formData = null, string? returnTo = null)
    {
        var (_, request) = Tasks.Single(t => t.TaskId == taskId);
        var payload = new JsonObject { ["outcome"] = outcome, ["comment"] = comment, ["formData"] = formData, ["actor"] = "test", ["returnTo"] = returnTo };
        return ResumeAsync(request.InstanceId, request.BookmarkId, payload);
    }

    public async Task<WorkflowState> CancelAsync(string instanceId)
    {
        _pending.Enqueue(() => RunAsync(instanceId, Stimulus.Cancel("cancelled")));
        await DrainAsync();
        return Instances[instanceId];
    }

    /// <summary>Fires every timer bookmark due at the host clock's current time, once.</summary>
    public async Task<int> FireDueTimersAsync()
    {
        var now = _clock.GetUtcNow();
        var due = Instances.Values.Where(s => !s.IsFinished)
            .SelectMany(s => s.Bookmarks.Where(b => b.DueAt <= now).Select(b => (s.InstanceId, b.Id)))
            .ToList();
        foreach (var (instanceId, bookmarkId) in due)
            _pending.Enqueue(() => RunAsync(instanceId, Stimulus.Resume(bookmarkId)));
        await DrainAsync();
        return due.Count;
    }

    public async Task PublishEventAsync(string eventName, string? correlationId, JsonNode? payload)
    {
        Deliver(new EventRequest("", eventName, correlationId, false, payload));
        await DrainAsync();
    }

    private string Start(string definitionId, JsonObject? input, string? correlationId, string? triggerActivityId = null)
    {
        var graph = _graphs.GetValueOrDefault(definitionId) ?? throw new InvalidOperationException($"Unknown definition {definitionId}.");
        var state = _executor.CreateState(graph, _ids.NewId(), input, correlationId);
        Instances[state.InstanceId] = state;
        Journals[state.InstanceId] = [];
        _pending.Enqueue(() => RunAsync(state.InstanceId, Stimulus.Start(triggerActivityId)));
        return state.InstanceId;
    }

    private async Task DrainAsync()
    {
        while (_pending.Count > 0)
            await _pending.Dequeue()();
    }

    private async Task RunAsync(string instanceId, Stimulus stimulus)
    {
        var state = Instances[instanceId];
        var graph = _graphs[state.DefinitionId];
        var result = await _executor.RunAsync(graph, state, stimulus, this);
        Journals[instanceId].AddRange(result.Journal);
        if (result.State.IsFinished && _parents.TryGetValue(instanceId, out var parent) && parent.BookmarkId is { } bookmarkId)
        {
            var payload = new JsonObject
            {
                ["instanceId"] = instanceId,
                ["subStatus"] = result.State.SubStatus.ToString(),
                ["output"] = result.State.Output.DeepClone(),
                ["faultMessage"] = result.State.FaultMessage,
                ["outcomes"] = ChildOutcomes.Of(result.Journal),
            };
            _pending.Enqueue(() => RunAsync(parent.ParentId, Stimulus.Resume(bookmarkId, payload)));
        }
    }

    ValueTask<string> IHumanTaskGateway.CreateTaskAsync(HumanTaskRequest request, CancellationToken cancellationToken)
    {
        var id = _ids.NewId();
        Tasks.Add((id, request));
        return ValueTask.FromResult(id);
    }

    ValueTask IMailQueue.EnqueueAsync(MailRequest request, CancellationToken cancellationToken)
    {
        Mails.Add(request);
        return ValueTask.CompletedTask;
    }

    ValueTask<string> IWorkflowDispatcher.DispatchAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is { } key && _idempotency.TryGetValue(key, out var existing))
            return ValueTask.FromResult(existing);
        var childId = Start(request.DefinitionId, request.Input, request.CorrelationId);
        _parents[childId] = (request.ParentInstanceId, request.ParentBookmarkId);
        if (request.IdempotencyKey is { } k) _idempotency[k] = childId;
        return ValueTask.FromResult(childId);
    }

    ValueTask IEventPublisher.PublishAsync(EventRequest request, CancellationToken cancellationToken)
    {
        Deliver(request);
        return ValueTask.CompletedTask;
    }

    private void Deliver(EventRequest request)
    {
        foreach (var state in Instances.Values.Where(s => !s.IsFinished))
        {
            if (request.LocalToInstance && state.InstanceId != request.SourceInstanceId) continue;
            foreach (var bookmark in state.Bookmarks.Where(b => b.Kind == BookmarkKinds.Event && b.Name == request.EventName).ToList())
            {
                if (request.CorrelationId is { Length: > 0 } c && bookmark.CorrelationId != c) continue;
                var (instanceId, bookmarkId) = (state.InstanceId, bookmark.Id);
                _pending.Enqueue(() => RunAsync(instanceId, Stimulus.Resume(bookmarkId, request.Payload?.DeepClone())));
            }
        }
    }

    object? IServiceProvider.GetService(Type serviceType)
    {
        if (_extraServices.TryGetValue(serviceType, out var extra)) return extra;
        return serviceType == typeof(IHumanTaskGateway) || serviceType == typeof(IMailQueue) || serviceType == typeof(IWorkflowDispatcher) || serviceType == typeof(IEventPublisher)
            ? this
            : null;
    }
}
