import Testing
@testable import DirBridgeCore

/// An action's inline hash gives back exactly the hex it was made from, and any other text
/// unchanged; the hash list's inline digests print as its hex.
@Suite struct PayloadDigestTests {
    @Test func sha256HexRoundTripsThroughFourWords() {
        var list = PayloadHashList()
        for seed in 0..<200 {
            let json = Array("{\"n\":\(seed)}".utf8)
            list.append(hashOfCanonicalJSON: json)
            let hex = SHA256.hexDigest(of: json)
            let digest = PayloadDigest(hex: hex)
            guard case .sha256 = digest else {
                Issue.record("\(hex) was kept as text")
                continue
            }
            #expect(digest.hex == hex)
            #expect(list.digest(at: seed) == digest)
            #expect(list.digest(at: seed).hex == list[seed])
        }
    }

    @Test func otherTextIsKeptAsGiven() {
        let sample = SHA256.hexDigest(of: Array("x".utf8))
        for text in ["", "h1", sample.uppercased(), String(sample.dropLast()), sample + "0", String(sample.dropLast()) + "g"] {
            #expect(PayloadDigest(hex: text) == .text(text))
            #expect(PayloadDigest(hex: text).hex == text)
        }
    }

    @Test func anActionsHashMatchAndChangesAreSetApart() {
        var action = SyncAction(
            kind: .update, anchor: Anchor("a"), dn: "uid=a", vendorId: nil, payload: TargetPayload(),
            payloadHash: "h1", changes: nil)
        let hex = SHA256.hexDigest(of: Array("y".utf8))
        action.payloadHash = hex
        #expect(action.payloadHash == hex)
        action.match = AccountMatch(field: "email", value: "a@x")
        action.changes = [FieldChange(field: "title", old: nil, new: .string("T"))]
        #expect(action.match == AccountMatch(field: "email", value: "a@x"))
        #expect(action.changes == [FieldChange(field: "title", old: nil, new: .string("T"))])
        action.match = nil
        #expect(action.match == nil)
        #expect(action.changes.count == 1)
    }
}
