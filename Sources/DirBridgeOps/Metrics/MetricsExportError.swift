/// A failure exporting metrics, with the path and errno.
package struct MetricsExportError: Error, Equatable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        case writeTemporaryFile
        case rename
    }

    package var code: Code
    package var path: String
    package var errno: Int32

    package init(_ code: Code, path: String, errno: Int32) {
        self.code = code
        self.path = path
        self.errno = errno
    }

    package var description: String {
        let operation = code == .rename ? "renaming metrics textfile into place" : "writing metrics textfile"
        return "\(operation) failed for \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
