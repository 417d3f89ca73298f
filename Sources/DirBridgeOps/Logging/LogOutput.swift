import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where formatted log lines go. Implementations must be safe to call from many tasks.
package protocol LogOutput: Sendable {
    /// Writes one complete line (without the trailing newline).
    func write(line: String)
}

/// Standard error, one `write(2)` per line under a lock so lines from concurrent tasks never interleave.
/// On a terminal each line first clears the current line, so a ``ProgressReporter`` line being
/// drawn there is replaced by the log line (and redrawn below it on its next update).
package struct StandardErrorLogOutput: LogOutput {
    private static let lock = Mutex(())
    private let linePrefix: String

    package init() {
        linePrefix = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
    }

    package func write(line: String) {
        var bytes = Array((linePrefix + line).utf8)
        bytes.append(UInt8(ascii: "\n"))
        Self.lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
