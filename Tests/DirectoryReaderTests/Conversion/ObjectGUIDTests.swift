import Testing
@testable import DirectoryReader

@Suite struct ObjectGUIDTests {
    @Test func formatsFirstThreeFieldsLittleEndian() {
        // {00112233-4455-6677-8899-aabbccddeeff} as AD stores it.
        let bytes: [UInt8] = [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                              0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]
        #expect(ObjectGUID.format(bytes) == "00112233-4455-6677-8899-aabbccddeeff")
    }

    @Test func rejectsWrongLength() {
        #expect(ObjectGUID.format([1, 2, 3]) == nil)
    }
}

extension ObjectGUIDTests {
    @Test func theWindowsFormReadsBackToTheStoredBytes() {
        let bytes: [UInt8] = [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                              0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]
        #expect(ObjectGUID.bytes("00112233-4455-6677-8899-AABBCCDDEEFF") == bytes)
        #expect(ObjectGUID.bytes(ObjectGUID.format(bytes)!) == bytes)
        #expect(ObjectGUID.bytes("001122334-455-6677-8899-aabbccddeeff") == nil)
        #expect(ObjectGUID.bytes("00112233-4455-6677-8899-aabbccddeefg") == nil)
        #expect(ObjectGUID.bytes("00112233-4455-6677-8899-aabbccddee") == nil)
    }
}
