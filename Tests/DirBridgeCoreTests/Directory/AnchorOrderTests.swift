import TestSupport
import Testing
@testable import DirBridgeCore

@Suite struct AnchorOrderTests {
    /// Anchors with repeats, prefixes of each other, case and non-ASCII: byte order is not
    /// String order for all of them.
    private static func anchors(seed: UInt64, count: Int) -> [Anchor] {
        var generator = SplitMix64(seed: seed)
        let alphabet = ["a", "b", "B", "0", "-", "é", "e\u{301}", "z"]
        var made: [Anchor] = []
        for _ in 0..<count {
            if !made.isEmpty, Int.random(in: 0..<8, using: &generator) == 0 {
                made.append(made.randomElement(using: &generator)!)  // a repeat
            } else {
                let length = Int.random(in: 0...4, using: &generator)
                made.append(Anchor((0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()))
            }
        }
        return made
    }

    private static func utf8(_ anchor: Anchor) -> [UInt8] { Array(anchor.value.utf8) }

    /// SQLite's BINARY collation: memcmp, then the shorter first.
    private static func byteOrder(_ left: Anchor, _ right: Anchor) -> Bool {
        utf8(left).lexicographicallyPrecedes(utf8(right))
    }

    private static func expectedPositions(of key: [UInt8], in anchors: [Anchor]) -> [Int] {
        anchors.indices.filter { utf8(anchors[$0]) == key }
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func everyAnchorIsFoundAtItsPositionsWhateverTheOrderOfAsking(seed: UInt64) {
        let anchors = Self.anchors(seed: seed, count: 300)
        let order = AnchorOrder(count: anchors.count) { anchors[$0] }
        let absent = [Anchor("absent"), Anchor(""), Anchor("zzzzz"), Anchor("a\u{0}")]
        let keys = Set((anchors + absent).map(Self.utf8))
        var generator = SplitMix64(seed: seed)
        let inByteOrder = keys.sorted { $0.lexicographicallyPrecedes($1) }
        for asked in [inByteOrder, inByteOrder.reversed(), inByteOrder.shuffled(using: &generator)] {
            var cursor = AnchorOrder.Cursor()
            for key in asked {
                let expected = Self.expectedPositions(of: key, in: anchors)
                var found: [Int] = []
                key.withUnsafeBytes { order.forEachPosition(of: $0, cursor: &cursor) { found.append($0) } }
                #expect(found == expected, "\(key)")
                let last = key.withUnsafeBytes { order.lastMatch(of: $0, cursor: &cursor)?.position }
                #expect(last == expected.last)
            }
        }
    }

    @Test(arguments: [6, 7, 8])
    func repeatedAnchorsAreListedAndAllButTheLastShadowed(seed: UInt64) {
        let anchors = Self.anchors(seed: seed, count: 200)
        let order = AnchorOrder(count: anchors.count) { anchors[$0] }
        let groups = Dictionary(grouping: anchors.indices, by: { Self.utf8(anchors[$0]) }).values.filter { $0.count > 1 }
        #expect(Set(order.repeated) == Set(groups.map { $0.sorted() }))
        #expect(!groups.isEmpty)
        for position in anchors.indices {
            let held = Self.utf8(anchors[position])
            let heldLater = anchors.indices.contains { $0 > position && Self.utf8(anchors[$0]) == held }
            #expect(order.isShadowed(position) == heldLater)
        }
    }

    @Test func canonicallyEquivalentAnchorsAreDifferentAnchors() {
        // "é" precomposed and decomposed are equal Strings, but different bytes: the store keys them apart.
        let anchors = [Anchor("é"), Anchor("e\u{301}")]
        let order = AnchorOrder(count: 2) { anchors[$0] }
        var cursor = AnchorOrder.Cursor()
        #expect(order.repeated.isEmpty)
        #expect(Array("e\u{301}".utf8).withUnsafeBytes { order.lastMatch(of: $0, cursor: &cursor)?.position } == 1)
        #expect(Array("é".utf8).withUnsafeBytes { order.lastMatch(of: $0, cursor: &cursor)?.position } == 0)
    }

    @Test func anEmptyOrderFindsNothing() {
        let order = AnchorOrder([])
        var cursor = AnchorOrder.Cursor()
        #expect(Array("a".utf8).withUnsafeBytes { order.lastMatch(of: $0, cursor: &cursor)?.position } == nil)
        #expect(order.repeated.isEmpty)
    }
}
