/// What happens to one vendor request.
enum FaultDecision: Equatable {
    case none
    case rateLimited(retryAfterSeconds: Int)
    case unavailable
    case dropped
    case maintenancePage
    case notFoundPage
    case applyThenFail(FaultSettings.ApplyThenFailMode)

    /// Maps one uniform draw in 0..<1 onto the configured shares, in a fixed order.
    init(draw: Double, settings: FaultSettings) {
        var threshold = settings.rateLimitedShare
        if draw < threshold {
            self = .rateLimited(retryAfterSeconds: settings.retryAfterSeconds)
            return
        }
        threshold += settings.unavailableShare
        if draw < threshold {
            self = .unavailable
            return
        }
        threshold += settings.droppedShare
        if draw < threshold {
            self = .dropped
            return
        }
        threshold += settings.htmlShare
        if draw < threshold {
            self = .maintenancePage
            return
        }
        threshold += settings.notFoundPageShare
        if draw < threshold {
            self = .notFoundPage
            return
        }
        threshold += settings.applyThenFailShare
        self = draw < threshold ? .applyThenFail(settings.applyThenFailMode) : .none
    }
}
