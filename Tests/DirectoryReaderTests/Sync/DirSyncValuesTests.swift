import DirBridgeCore
import Testing
@testable import DirectoryReader

/// The DirSync values, against bytes written out by hand from the ASN.1 in [MS-ADTS] and a
/// response Samba sent.
struct DirSyncValuesTests {
    @Test func aRequestAsksForEveryChangeWithTheCookie() {
        // Flags: LDAP_DIRSYNC_INCREMENTAL_VALUES (0x80000000) as the signed 32-bit value AD reads.
        let flags: [UInt8] = [0x02, 0x04, 0x80, 0x00, 0x00, 0x00]
        #expect(DirSyncValues.request(cookie: nil) == [0x30, 0x0B] + flags + [0x02, 0x01, 0x00, 0x04, 0x00])
        #expect(DirSyncValues.request(cookie: [0xAB, 0xCD]) == [0x30, 0x0D] + flags + [0x02, 0x01, 0x00, 0x04, 0x02, 0xAB, 0xCD])
    }

    @Test func integersTakeTheirShortestSignedForm() {
        #expect(BERElement.integer(0) == [0x02, 0x01, 0x00])
        #expect(BERElement.integer(0x7F) == [0x02, 0x01, 0x7F])
        #expect(BERElement.integer(0x80) == [0x02, 0x02, 0x00, 0x80])
        #expect(BERElement.integer(-1) == [0x02, 0x01, 0xFF])
        #expect(BERElement.integer(-129) == [0x02, 0x02, 0xFF, 0x7F])
        #expect(BERElement.integer(Int32.min) == [0x02, 0x04, 0x80, 0x00, 0x00, 0x00])
    }

    @Test func aResponseSaysWhetherMoreFollowsAndWhereToContinue() throws {
        let cookie = Array("MSDS\u{3}".utf8)
        let last = try DirSyncValues.response([0x30, 0x0D, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x04, 0x05] + cookie)
        #expect(last == DirSyncValues.Response(moreResults: false, cookie: cookie))
        let more = try DirSyncValues.response([0x30, 0x0E, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x00, 0x04, 0x05] + cookie)
        #expect(more.moreResults)
        #expect(throws: DERReader.MalformedError.self) { try DirSyncValues.response([0x30, 0x03, 0x02, 0x01, 0x00]) }
    }
}
