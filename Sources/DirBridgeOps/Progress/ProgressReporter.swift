import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on stderr for long work (reading users, dispatching actions).
///
/// Safe to call from many tasks: counting is an atomic add; at most one caller renders, and no
/// more often than `minimumInterval` (5×/s by default). Silent when disabled: by default whenever
/// stderr is not a terminal, so logs and CI output stay clean; pass `enabled: false` for `--quiet`.
package final class ProgressReporter: Sendable {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private let minimumInterval: Duration
    private let output: @Sendable (String) -> Void
    private let started = ContinuousClock.now
    private let completed = Atomic<Int>(0)
    private let lastRender: Mutex<ContinuousClock.Instant?>

    /// True when standard error is a terminal.
    package static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// - Parameters:
    ///   - label: e.g. `dispatch sertica`, `read users`.
    ///   - total: the expected count, or nil when unknown.
    ///   - enabled: defaults to ``standardErrorIsTerminal``.
    ///   - output: receives the raw text (with `\r` and the clear-to-end-of-line escape); stderr by default.
    package init(
        label: String,
        total: Int?,
        enabled: Bool = ProgressReporter.standardErrorIsTerminal,
        minimumInterval: Duration = .milliseconds(200),
        output: @escaping @Sendable (String) -> Void = ProgressReporter.writeToStandardError
    ) {
        self.label = label
        self.total = total
        self.enabled = enabled
        self.minimumInterval = minimumInterval
        self.output = output
        self.lastRender = Mutex(nil)
    }

    /// Items done so far.
    package var completedCount: Int { completed.load(ordering: .relaxed) }

    /// Counts `count` more items done and redraws the line if the last draw is old enough.
    package func advance(by count: Int = 1) {
        let done = completed.add(count, ordering: .relaxed).newValue
        guard enabled else { return }
        let now = ContinuousClock.now
        // Another task drawing right now means this update will show in the next draw.
        let due = lastRender.withLockIfAvailable { last -> Bool in
            if let last, now - last < minimumInterval { return false }
            last = now
            return true
        } ?? false
        if due { output("\r" + currentLine(completed: done, at: now) + "\u{1B}[K") }
    }

    /// Draws the final state and ends the line (does nothing when disabled).
    package func finish() {
        guard enabled else { return }
        lastRender.withLock { last in
            let now = ContinuousClock.now
            last = now
            output("\r" + currentLine(completed: completedCount, at: now) + "\u{1B}[K\n")
        }
    }

    private func currentLine(completed: Int, at now: ContinuousClock.Instant) -> String {
        let elapsed = now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(completed) / seconds : 0
        return ProgressLine.format(label: label, completed: completed, total: total, rate: rate)
    }

    @Sendable package static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
