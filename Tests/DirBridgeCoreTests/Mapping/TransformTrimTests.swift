import Foundation
import TestSupport
import Testing
@testable import DirBridgeCore

/// `trim` reads Unicode White_Space from the scalars; it must cut exactly what Foundation's
/// `trimmingCharacters(in: .whitespacesAndNewlines)` cut, or every trimmed hash would change.
struct TransformTrimTests {
    static let whitespace: [Character] = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
                                          "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}"]
    static let other: [Character] = ["a", "Z", "é", "李", "🎉", "\u{200B}", "\u{FEFF}", "-", "\u{1}", "e\u{301}"]

    @Test func cutsExactlyWhatFoundationCuts() throws {
        var random = SplitMix64(seed: 0x7219)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...8, using: &random)
            let text = String((0..<length).map { _ in
                random.chance(50) ? Self.whitespace.randomElement(using: &random)! : Self.other.randomElement(using: &random)!
            })
            let trimmed = try Transform.trim.apply(to: .string(text))
            #expect(trimmed == .string(text.trimmingCharacters(in: .whitespacesAndNewlines)), "\(text.unicodeScalars.map(\.value))")
        }
    }
}
