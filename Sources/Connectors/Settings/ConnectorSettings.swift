import DirBridgeCore

/// Everything one target's connector needs, with credentials already resolved to ``Secret``s.
package struct ConnectorSettings: Sendable {
    /// The target's name in the configuration; appears in every error and log line.
    package var target: String
    /// Scheme, host, port and any path prefix common to every call, e.g. `https://ops.example.com`.
    /// Each vendor path below it is configurable in the vendor's settings.
    package var baseURL: String
    /// Actions per ``ImportConnector/apply(_:)``; nil takes the vendor's default. Capped at
    /// the vendor's documented maximum (Requestor: 100).
    package var batchSize: Int?
    /// Requests in flight at first for this target; the window then adapts to the vendor's
    /// answers (``AdaptiveConcurrency``) up to ``maxConcurrency``.
    package var concurrency: Int
    /// The most requests in flight at once for this target.
    package var maxConcurrency: Int
    /// nil: no client-side limit (the vendor's 429 + Retry-After still applies).
    package var rateLimit: RateLimit?
    package var retry: RetryPolicy
    /// Per-request limit overriding the HTTP client's default.
    package var requestTimeout: Duration?
    package var deprovision: DeprovisionPolicy
    package var vendor: VendorSettings

    package init(
        target: String, baseURL: String, batchSize: Int? = nil, concurrency: Int = 4, maxConcurrency: Int? = nil,
        rateLimit: RateLimit? = nil,
        retry: RetryPolicy = RetryPolicy(), requestTimeout: Duration? = nil, deprovision: DeprovisionPolicy,
        vendor: VendorSettings
    ) {
        self.target = target
        self.baseURL = baseURL
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.maxConcurrency = max(concurrency, maxConcurrency ?? 32)
        self.rateLimit = rateLimit
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.deprovision = deprovision
        self.vendor = vendor
    }
}
