import DirBridgeCore
import Testing
@testable import DirectoryReader

/// The RFC 4533 values, against bytes written out by hand from the ASN.1 in the RFC.
struct ContentSyncValuesTests {
    @Test func aRefreshOnlyRequestCarriesTheModeAndTheCookie() {
        #expect(ContentSyncValues.refreshOnlyRequest(cookie: nil) == [0x30, 0x03, 0x0A, 0x01, 0x01])
        #expect(ContentSyncValues.refreshOnlyRequest(cookie: Array("rid=000".utf8))
            == [0x30, 0x0C, 0x0A, 0x01, 0x01, 0x04, 0x07] + Array("rid=000".utf8))
        // A cookie longer than 127 bytes takes a long-form length.
        let long = [UInt8](repeating: 0x41, count: 200)
        #expect(ContentSyncValues.refreshOnlyRequest(cookie: long).prefix(8) == [0x30, 0x81, 0xCE, 0x0A, 0x01, 0x01, 0x04, 0x81])
    }

    @Test func anEntryStateGivesTheStateAndTheUUIDInItsTextForm() throws {
        let uuid: [UInt8] = [0x80, 0xbe, 0xc9, 0x64, 0x84, 0xe5, 0x10, 0x41, 0x81, 0xb9, 0xd5, 0x4d, 0x0d, 0xb6, 0x9a, 0x93]
        let value: [UInt8] = [0x30, 0x15, 0x0A, 0x01, 0x03, 0x04, 0x10] + uuid
        let (state, parsed) = try ContentSyncValues.entryState(value)
        #expect(state == .delete)
        #expect(ContentSyncValues.uuidText(parsed) == "80bec964-84e5-1041-81b9-d54d0db69a93")
        #expect(throws: DERReader.MalformedError.self) {
            try ContentSyncValues.entryState([0x30, 0x06, 0x0A, 0x01, 0x01, 0x04, 0x01, 0x00])
        }
    }

    @Test func anIdSetOfDeletesListsItsUUIDsAndAPresentListIsMarkedAsSuch() throws {
        let one = [UInt8](repeating: 1, count: 16), two = [UInt8](repeating: 2, count: 16)
        let set: [UInt8] = [0x31, 0x24, 0x04, 0x10] + one + [0x04, 0x10] + two
        let deletes = try ContentSyncValues.info([0xA3, 0x29, 0x01, 0x01, 0xFF] + set)
        #expect(deletes == ContentSyncValues.Info(cookie: nil, uuids: [one, two], refreshDeletes: true))
        let presents = try ContentSyncValues.info([0xA3, 0x26] + set)
        #expect(presents.refreshDeletes == false)
        #expect(try ContentSyncValues.info([0x80, 0x02, 0x61, 0x62]) == ContentSyncValues.Info(cookie: [0x61, 0x62], refreshDeletes: true))
        #expect(try ContentSyncValues.info([0xA2, 0x00]).refreshDeletes == false)
    }

    @Test func syncDoneDefaultsToAPresentRefreshUnlessItSaysDeletes() throws {
        #expect(try ContentSyncValues.done([0x30, 0x03, 0x01, 0x01, 0xFF]) == ContentSyncValues.Info(cookie: nil, refreshDeletes: true))
        #expect(try ContentSyncValues.done([0x30, 0x00]) == ContentSyncValues.Info(cookie: nil, refreshDeletes: false))
        #expect(try ContentSyncValues.done([0x30, 0x04, 0x04, 0x02, 0x63, 0x64]).cookie == [0x63, 0x64])
        #expect(throws: DERReader.MalformedError.self) { try ContentSyncValues.done([0x30, 0x05, 0x04, 0x09]) }
    }
}
