import Testing
@testable import DirectoryReader

@Suite struct AttributeValueEncodingTests {
    let encoding = AttributeValueEncoding(configuredBinary: ["myBlob"])

    @Test func textStaysTextAndInvalidUTF8IsBase64() {
        #expect(encoding.encode(ArraySlice("Jürgen".utf8), binary: false) == "Jürgen")
        #expect(encoding.encode(ArraySlice([0xff, 0xfe, 0x00]), binary: false) == "//4A")
    }

    @Test func binaryAttributesAreAlwaysBase64() {
        #expect(encoding.isBinary("jpegphoto"))
        #expect(encoding.isBinary("myblob"))
        #expect(!encoding.isBinary("cn"))
        #expect(encoding.encode(ArraySlice("abc".utf8), binary: true) == "YWJj")
    }
}
