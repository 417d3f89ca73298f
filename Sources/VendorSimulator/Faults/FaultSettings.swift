/// Which share of vendor requests fail, and how. Shares are probabilities in 0…1 whose sum
/// is at most 1; each request draws once and falls into at most one fault.
package struct FaultSettings: Sendable, Equatable, Codable {
    /// How the client experiences an "apply then fail" request.
    package enum ApplyThenFailMode: String, Sendable, Codable, CaseIterable {
        /// The change is stored, then the client gets 503.
        case unavailable
        /// The change is stored, then the connection is closed without a response.
        case drop
        /// The change is stored, then a proxy answers 200 with an HTML maintenance page.
        case html
        /// The change is stored, then the answer is 200 with an empty body. A request the vendor
        /// refuses keeps its refusal: a bare 200 is itself a success answer for some vendors.
        case empty
    }

    /// Answered 429 with `Retry-After` before the request takes effect.
    package var rateLimitedShare: Double
    /// Seconds sent in `Retry-After` with a 429.
    package var retryAfterSeconds: Int
    /// Answered 503 before the request takes effect.
    package var unavailableShare: Double
    /// Connection closed without a response before the request takes effect.
    package var droppedShare: Double
    /// Answered 200 with an HTML maintenance page (a proxy in front of the vendor), before the
    /// request takes effect: a 2xx that proves nothing.
    package var htmlShare: Double
    /// Answered 404 with a web server's "Not Found" page (a gateway that lost the route, a
    /// backend being deployed), before the request takes effect: it says nothing about the
    /// vendor's users, so a client that takes it as "no such user" lets a leaver keep access.
    package var notFoundPageShare: Double
    /// The request takes effect, then the client sees a failure: only a lookup tells it what happened.
    package var applyThenFailShare: Double
    package var applyThenFailMode: ApplyThenFailMode
    /// Delay added to every vendor request, in milliseconds.
    package var latencyMilliseconds: Int
    /// The vendor's capacity: beyond this many requests a second (all vendors together) the
    /// answer is 429 with `Retry-After: 1`, before the request takes effect. 0: unlimited.
    package var maxRequestsPerSecond: Int

    package init(
        rateLimitedShare: Double = 0,
        retryAfterSeconds: Int = 1,
        unavailableShare: Double = 0,
        droppedShare: Double = 0,
        htmlShare: Double = 0,
        notFoundPageShare: Double = 0,
        applyThenFailShare: Double = 0,
        applyThenFailMode: ApplyThenFailMode = .unavailable,
        latencyMilliseconds: Int = 0,
        maxRequestsPerSecond: Int = 0
    ) {
        self.rateLimitedShare = rateLimitedShare
        self.retryAfterSeconds = retryAfterSeconds
        self.unavailableShare = unavailableShare
        self.droppedShare = droppedShare
        self.htmlShare = htmlShare
        self.notFoundPageShare = notFoundPageShare
        self.applyThenFailShare = applyThenFailShare
        self.applyThenFailMode = applyThenFailMode
        self.latencyMilliseconds = latencyMilliseconds
        self.maxRequestsPerSecond = maxRequestsPerSecond
    }

    /// Missing keys take their defaults, so `{"unavailableShare": 0.1}` is a complete setting.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FaultSettings()
        rateLimitedShare = try container.decodeIfPresent(Double.self, forKey: .rateLimitedShare) ?? defaults.rateLimitedShare
        retryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? defaults.retryAfterSeconds
        unavailableShare = try container.decodeIfPresent(Double.self, forKey: .unavailableShare) ?? defaults.unavailableShare
        droppedShare = try container.decodeIfPresent(Double.self, forKey: .droppedShare) ?? defaults.droppedShare
        htmlShare = try container.decodeIfPresent(Double.self, forKey: .htmlShare) ?? defaults.htmlShare
        notFoundPageShare =
            try container.decodeIfPresent(Double.self, forKey: .notFoundPageShare) ?? defaults.notFoundPageShare
        applyThenFailShare =
            try container.decodeIfPresent(Double.self, forKey: .applyThenFailShare) ?? defaults.applyThenFailShare
        applyThenFailMode =
            try container.decodeIfPresent(ApplyThenFailMode.self, forKey: .applyThenFailMode) ?? defaults.applyThenFailMode
        latencyMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? defaults.latencyMilliseconds
        maxRequestsPerSecond =
            try container.decodeIfPresent(Int.self, forKey: .maxRequestsPerSecond) ?? defaults.maxRequestsPerSecond
    }

    /// Why a setting cannot be used, naming the field.
    package struct InvalidSetting: Error, Equatable, CustomStringConvertible {
        package var field: String
        package var reason: String
        package var description: String { "fault setting \(field): \(reason)" }
    }

    package func validated() throws(InvalidSetting) -> FaultSettings {
        let shares = [
            ("rateLimitedShare", rateLimitedShare), ("unavailableShare", unavailableShare),
            ("droppedShare", droppedShare), ("htmlShare", htmlShare), ("notFoundPageShare", notFoundPageShare),
            ("applyThenFailShare", applyThenFailShare),
        ]
        for (field, share) in shares where !(0...1).contains(share) {
            throw InvalidSetting(field: field, reason: "must be between 0 and 1, got \(share)")
        }
        let total = shares.reduce(0) { $0 + $1.1 }
        guard total <= 1 + 1e-9 else {
            throw InvalidSetting(field: "shares", reason: "sum to \(total), more than 1")
        }
        guard (0...3600).contains(retryAfterSeconds) else {
            throw InvalidSetting(field: "retryAfterSeconds", reason: "must be between 0 and 3600")
        }
        guard (0...60_000).contains(latencyMilliseconds) else {
            throw InvalidSetting(field: "latencyMilliseconds", reason: "must be between 0 and 60000")
        }
        guard (0...1_000_000).contains(maxRequestsPerSecond) else {
            throw InvalidSetting(field: "maxRequestsPerSecond", reason: "must be between 0 (unlimited) and 1000000")
        }
        return self
    }
}
