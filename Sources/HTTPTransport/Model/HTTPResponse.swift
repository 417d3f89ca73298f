import Foundation

/// A complete HTTP response: final status, its header fields and the body bytes.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: Data
    /// The protocol version the server answered with, as its status line gives it: "1.1", "2".
    package var httpVersion: String

    package init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), httpVersion: String = "1.1") {
        self.status = status
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
    }

    /// The wait a `Retry-After` header asks for (RFC 9110 §10.2.3), as delay-seconds or an
    /// HTTP-date measured from `now`; nil when absent or unparseable. A date in the past is zero.
    package func retryAfter(now: Date = Date()) -> Duration? {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Int(value) {
            return seconds >= 0 ? .seconds(seconds) : nil
        }
        guard let date = HTTPResponse.parseHTTPDate(value) else { return nil }
        return .milliseconds(max(0, Int64((date.timeIntervalSince(now) * 1000).rounded(.up))))
    }

    /// IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (the only format senders may generate).
    static func parseHTTPDate(_ text: String) -> Date? {
        let strategy = Date.ParseStrategy(
            format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .padded(4)) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
            locale: Locale(identifier: "en_US_POSIX"),
            timeZone: TimeZone(identifier: "GMT")!
        )
        return try? Date(text, strategy: strategy)
    }
}
