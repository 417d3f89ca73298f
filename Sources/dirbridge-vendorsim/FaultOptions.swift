import ArgumentParser
import VendorSimulator

/// Fault injection flags; shares are fractions of vendor requests (0…1, summing to at most 1).
struct FaultOptions: ParsableArguments {
    @Option(help: "Share answered 429 with Retry-After, before the request takes effect.")
    var rateLimitedShare: Double = 0

    @Option(help: "Seconds sent in Retry-After with a 429 (0 or 1 in the vendors' practice).")
    var retryAfter: Int = 1

    @Option(help: "Share answered 503 before the request takes effect.")
    var unavailableShare: Double = 0

    @Option(help: "Share whose connection is closed without a response, before the request takes effect.")
    var droppedShare: Double = 0

    @Option(help: "Share answered 200 with an HTML maintenance page (a proxy), before the request takes effect.")
    var htmlShare: Double = 0

    @Option(help: "Share answered 404 with a web server's Not Found page (a gateway in front of the vendor), before the request takes effect.")
    var notFoundPageShare: Double = 0

    @Option(help: "Share that takes effect and then fails (see --apply-then-fail-mode): clients must resolve through lookup.")
    var applyThenFailShare: Double = 0

    @Option(help: "How an applied request fails: unavailable (503), drop (connection closed), html (200 with a web page) or empty (200, no body).")
    var applyThenFailMode: FaultSettings.ApplyThenFailMode = .unavailable

    @Option(help: "Latency added to every vendor request, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "Capacity: beyond this many requests a second (all vendors together), 429 with Retry-After: 1. 0: unlimited.")
    var maxRequestsPerSecond: Int = 0

    var settings: FaultSettings {
        FaultSettings(
            rateLimitedShare: rateLimitedShare, retryAfterSeconds: retryAfter, unavailableShare: unavailableShare,
            droppedShare: droppedShare, htmlShare: htmlShare,
            notFoundPageShare: notFoundPageShare, applyThenFailShare: applyThenFailShare, applyThenFailMode: applyThenFailMode,
            latencyMilliseconds: latencyMs, maxRequestsPerSecond: maxRequestsPerSecond
        )
    }
}

extension FaultSettings.ApplyThenFailMode: ExpressibleByArgument {}
