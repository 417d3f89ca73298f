import Foundation
import Testing
@testable import VendorSimulator

@Suite("GUID text")
struct UUIDTextTests {
    @Test("a drawn id is a lowercase version-4 GUID of the RFC 4122 variant, and ids do not repeat")
    func drawsVersionFourGUIDs() {
        let ids = (0..<2_000).map { _ in UUIDText.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(200) {
            #expect(UUIDText.isValid(id))
            #expect(id == id.lowercased())
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
        }
    }

    @Test("validity needs the 36-character GUID form")
    func checksSyntax() {
        #expect(UUIDText.isValid("0f8fad5b-d9cb-469f-a165-70867728950e"))
        #expect(!UUIDText.isValid("0f8fad5bd9cb469fa16570867728950e"))
        #expect(!UUIDText.isValid("0f8fad5b-d9cb-469f-a165-70867728950g"))
    }
}
