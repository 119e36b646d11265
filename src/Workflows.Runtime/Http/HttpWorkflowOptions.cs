namespace Workflows.Runtime.Http;

/// <summary>Configuration section <c>Http</c> (Elsa's HttpActivityOptions plus this service's limits).</summary>
public sealed class HttpWorkflowOptions
{
    /// <summary>Where workflow routes live (Elsa's HttpActivityOptions.BasePath, default "/workflows").</summary>
    public string BasePath { get; set; } = "/workflows";

    /// <summary>Body limit of workflow routes when the endpoint sets no RequestSizeLimit of its own.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Timeout of SendHttpRequest, FlowSendHttpRequest and DownloadHttpFile when the activity sets none.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body an outgoing request may read; it goes into the instance's state.</summary>
    public long MaxResponseBytes { get; set; } = 2 * 1024 * 1024;
}
