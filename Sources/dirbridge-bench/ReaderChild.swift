import ArgumentParser
import DirectoryReader
import Foundation
import Logging

/// Runs only the reader, in its own process, so its peak RSS is measured alone. Streams the
/// users page by page as the sync will, counting them.
struct ReaderChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reader-child", shouldDisplay: false)

    struct Result: Codable {
        var users: Int
        var groupMemberships: Int
    }

    @Argument var settingsFile: String
    @Argument var resultFile: String

    func run() async throws {
        let settings = try JSONDecoder().decode(DirectorySourceSettings.self, from: Data(contentsOf: URL(fileURLWithPath: settingsFile)))
        var logger = Logger(label: "bench.reader")
        logger.logLevel = ProcessInfo.processInfo.environment["DIRBRIDGE_BENCH_VERBOSE"] == nil ? .warning : .info
        var result = Result(users: 0, groupMemberships: 0)
        for try await page in DirectoryReader(settings: settings, logger: logger).pages() {
            result.users += page.count
            for user in page { result.groupMemberships += user.groups.count }
        }
        try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: resultFile))
    }
}
