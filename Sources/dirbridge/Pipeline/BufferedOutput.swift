import DirBridgeSync
import Foundation

/// A `TextOutputStream` over a file descriptor with a write buffer, so renderers can stream a
/// 100k-line report without building it as one String first.
final class BufferedOutput: TextOutputStream {
    private let handle: FileHandle
    private let closesHandle: Bool
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 16

    static func standardOutput() -> BufferedOutput {
        BufferedOutput(handle: .standardOutput, closesHandle: false)
    }

    /// Writes to `path` through a temporary file renamed into place on `close()`, so a reader
    /// never sees half a report.
    static func file(atPath path: String) throws -> BufferedOutput {
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw OutputError(path: path, reason: "cannot create \(temporary)")
        }
        return BufferedOutput(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: temporary)), closesHandle: true,
                              finalPath: path, temporaryPath: temporary)
    }

    private let finalPath: String?
    private let temporaryPath: String?

    private init(handle: FileHandle, closesHandle: Bool, finalPath: String? = nil, temporaryPath: String? = nil) {
        self.handle = handle
        self.closesHandle = closesHandle
        self.finalPath = finalPath
        self.temporaryPath = temporaryPath
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        guard closesHandle else { return }
        try handle.close()
        if let finalPath, let temporaryPath {
            _ = try? FileManager.default.removeItem(atPath: finalPath)
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: finalPath)
        }
    }

    struct OutputError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }
}
