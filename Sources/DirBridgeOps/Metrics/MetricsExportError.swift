/// A failure exporting metrics, with the path and errno.
public struct MetricsExportError: Error, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case writeTemporaryFile
        case rename
    }

    public var code: Code
    public var path: String
    public var errno: Int32

    public init(_ code: Code, path: String, errno: Int32) {
        self.code = code
        self.path = path
        self.errno = errno
    }

    public var description: String {
        let operation = code == .rename ? "renaming metrics textfile into place" : "writing metrics textfile"
        return "\(operation) failed for \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
