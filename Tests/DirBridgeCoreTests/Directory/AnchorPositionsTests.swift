import Testing
@testable import DirBridgeCore

/// The byte-keyed anchor table answers as a dictionary of the same anchors would, through its
/// growth, for duplicates and removals, by `Anchor` and by UTF-8 bytes.
@Suite struct AnchorPositionsTests {
    @Test func answersAsADictionaryOfTheSameAnchors() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdef-é")
        var anchors: [Anchor] = [Anchor(""), Anchor("é"), Anchor("e\u{301}")]  // composed and decomposed: two identifiers
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...40, using: &generator)
            anchors.append(Anchor(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })))
        }
        anchors += anchors.prefix(300)  // listed twice
        var table = AnchorPositions(capacity: 10)  // far too small: grows
        var reference: [[UInt8]: Int] = [:]
        for (position, anchor) in anchors.enumerated() {
            let existing = table.insert(anchor, at: position)
            let key = Array(anchor.value.utf8)
            #expect(existing == reference[key], "\(anchor)")
            if reference[key] == nil { reference[key] = position }
        }
        for anchor in anchors.shuffled().prefix(200) {
            table.remove(anchor)
            reference[Array(anchor.value.utf8)] = nil
        }
        for anchor in anchors + [Anchor("absent"), Anchor("0123456789abcdef0123456789abcdef01234567x")] {
            let key = Array(anchor.value.utf8)
            #expect(table.position(of: anchor) == reference[key], "\(anchor)")
            #expect(key.withUnsafeBytes { table.position(ofUTF8: $0) } == reference[key], "\(anchor)")
        }
        #expect(table.position(of: Anchor("é")) != table.position(of: Anchor("e\u{301}")))
    }

    @Test func buildsFromAListKeepingTheFirstOfDuplicates() {
        let table = AnchorPositions([Anchor("a"), Anchor("b"), Anchor("a")])
        #expect(table.position(of: Anchor("a")) == 0)
        #expect(table.position(of: Anchor("b")) == 1)
        #expect(table.position(of: Anchor("c")) == nil)
    }
}
