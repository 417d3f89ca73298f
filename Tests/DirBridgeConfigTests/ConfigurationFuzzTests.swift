import DirBridgeConfig
import Foundation
import TestSupport
import Testing

/// Configuration and mapping files are outside input: seeded random mutations of the shipped
/// files (bytes flipped, lines cut or repeated, invalid UTF-8, NUL, huge values) must load or be
/// refused with a `ConfigurationError` naming the file; never a crash or a hang.
/// `DIRBRIDGE_FUZZ_ITERATIONS` runs it longer (README).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ConfigurationFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["DIRBRIDGE_FUZZ_ITERATIONS"] ?? "") ?? 300
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func mutate(_ text: String, _ random: inout SplitMix64) -> Data {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: lines.remove(at: Int.random(in: 0..<lines.count, using: &random))
        case 1:
            let line = lines[Int.random(in: 0..<lines.count, using: &random)]
            lines.insert(line, at: Int.random(in: 0..<lines.count, using: &random))
        case 2:
            let index = Int.random(in: 0..<lines.count, using: &random)
            lines[index] += [": .nan", ": .inf", ": 1e300", ": -1", ": [", ": {", " \u{0}", ": \"" + String(repeating: "x", count: 100_000) + "\""]
                .randomElement(using: &random)!
        default: break
        }
        var bytes = Array(lines.joined(separator: "\n").utf8)
        for _ in 0..<Int.random(in: 0...3, using: &random) where !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        }
        return Data(bytes)
    }

    @Test func mutatedConfigurationsLoadOrAreRefusedByFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("mappings"), withDestinationURL: Self.repository.appendingPathComponent("mappings"))
        let example = try String(contentsOf: Self.repository.appendingPathComponent("deploy/config.example.yaml"), encoding: .utf8)
        let path = folder.appendingPathComponent("deploy/config.yaml").path
        var random = SplitMix64(seed: 0xC0F1)
        var refused = 0
        for _ in 0..<Self.iterations {
            try Self.mutate(example, &random).write(to: URL(fileURLWithPath: path))
            do {
                _ = try ConfigurationFile.load(path: path)
            } catch {
                refused += 1
                // The configuration, or the mapping file a mutated path points to.
                #expect(error.description.contains(folder.path), "the error names the file: \(error)")
            }
        }
        #expect(refused > 0, "the mutations reach the checks")
    }

    @Test func mutatedMappingsLoadOrAreRefusedByFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 0x3A99)
        for vendor in ["sertica", "aria-operations", "requestor", "expoints", "forms-on-fire"] {
            let shipped = try String(contentsOf: Self.repository.appendingPathComponent("mappings/\(vendor).yaml"), encoding: .utf8)
            let path = folder.appendingPathComponent("\(vendor).yaml").path
            for _ in 0..<max(1, Self.iterations / 5) {
                try Self.mutate(shipped, &random).write(to: URL(fileURLWithPath: path))
                do {
                    _ = try MappingFile.load(path: path)
                } catch {
                    #expect(error.description.contains(path), "the error names the file: \(error)")
                }
            }
        }
    }
}
