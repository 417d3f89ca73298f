import Foundation

/// Who holds a run lock, as written into the lock file for the run that finds it taken.
package struct RunLockHolder: Hashable, Sendable, CustomStringConvertible {
    package var pid: Int32
    package var host: String
    package var startedAt: Date

    package init(pid: Int32, host: String, startedAt: Date) {
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
    }

    /// This process, now (to the second, as the file records it).
    package static func current(now: Date = Date()) -> RunLockHolder {
        RunLockHolder(
            pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName,
            startedAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
    }

    /// `pid=…`, `host=…`, `started=…` lines: readable with `cat` by an administrator.
    var fileContents: String {
        "pid=\(pid)\nhost=\(host)\nstarted=\(startedAt.formatted(.iso8601))\n"
    }

    /// Parses ``fileContents``; `nil` for an empty or foreign file (a holder that has not
    /// written yet, or a lock taken by another tool such as flock(1)).
    init?(fileContents: String) {
        var fields: [Substring: Substring] = [:]
        for line in fileContents.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[line[..<equals]] = line[line.index(after: equals)...]
        }
        guard let pidText = fields["pid"], let pid = Int32(pidText), let host = fields["host"],
            let startedText = fields["started"], let startedAt = try? Date(String(startedText), strategy: .iso8601)
        else { return nil }
        self.init(pid: pid, host: String(host), startedAt: startedAt)
    }

    package var description: String {
        "pid \(pid), started \(startedAt.formatted(.iso8601)) on host \(host)"
    }
}
