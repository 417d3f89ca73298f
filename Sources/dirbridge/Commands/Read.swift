import DirBridgeSync
import ArgumentParser
import DirBridgeCore
import DirBridgeConfig
import DirectoryReader
import Foundation

extension DirBridge {
    /// Reads the directory as configured and prints the users, nothing else: a dry look at what
    /// the sync would see.
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read users and their nested groups from the directory and print them."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case jsonl, table
        }

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Output format: jsonl (one JSON object per user) or table.")
        var format: Format = .jsonl

        func run() async throws {
            let logger = global.logger("dirbridge.read")
            let source = try options.loadSource()
            let reader = DirectoryReader(settings: source, logger: logger)
            switch format {
            case .jsonl:
                // Each page is formatted and written by its own task while the next one is read
                // and converted (the server shares these cores): at most one page waits.
                var printing: Task<Int, any Error>?
                for try await page in reader.pages() {
                    // A page's lines take about as many bytes as the last page's: reserved, not grown into.
                    let lastSize = try await printing?.value ?? 0
                    printing = Task {
                        var chunk: [UInt8] = []
                        chunk.reserveCapacity(lastSize + lastSize / 8)
                        for user in page { user.appendJSONLine(to: &chunk) }
                        try chunk.withUnsafeBytes { try FileHandle.standardOutput.write(contentsOf: $0) }
                        return chunk.count
                    }
                }
                _ = try await printing?.value
            case .table:
                let users = try await reader.readAll().users.sorted { $0.dn < $1.dn }
                print(UserTable(users: users).render(), terminator: "")
            }
        }
    }
}
