import Foundation

/// A fresh folder under the system's temporary directory, removed with the last reference to it.
/// Test suites are structs, made afresh for every test, and cannot clean up in a deinit of their
/// own: a suite that holds one of these leaves nothing behind.
package final class TemporaryFolder: Sendable {
    package let url: URL

    package init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
